using DataRoles = Governance.Data.Entities.Roles;

namespace Governance.Workflows.Engine;

/// <summary>The signed-in user as the workflow layer sees them: identity, unit and roles.</summary>
public sealed record Actor(string UserId, string Name, int UnitId, string UnitName, IReadOnlySet<string> Roles)
{
    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>Supervisor, Monitor, AccountabilityOfficer, Observer and Admin see all units.</summary>
    public bool SeesAllUnits => Roles.Any(r => DataRoles.CountyWide.Contains(r));

    /// <summary>Whether the actor may see an item of this owner unit (SPEC.md: Editors/UnitReviewers own unit only).</summary>
    public bool CanSeeUnit(int? ownerUnitId) => SeesAllUnits || ownerUnitId == UnitId;
}
