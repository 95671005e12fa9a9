using DataRoles = Governance.Data.Entities.Roles;

namespace Governance.Workflows.Engine;

/// <summary>
/// Who acts: a signed-in user (identity, unit, roles), or the system itself — the intake API named by its key, a sweep,
/// a scheduled job — which starts items and fires the triggers granted to <see cref="SystemRole"/>. The system is no
/// user account: its id is <c>system:&lt;source&gt;</c> and the journal names the source.
/// </summary>
public sealed record Actor(string UserId, string Name, int UnitId, string UnitName, IReadOnlySet<string> Roles)
{
    /// <summary>The pseudo-role a definition grants to triggers the system fires (never an Identity role).</summary>
    public const string SystemRole = "System";
    public const string SystemIdPrefix = "system:";

    /// <summary>The system acting for <paramref name="source"/>, e.g. System("api:12345", "12345平台接口").</summary>
    public static Actor System(string source, string displayName) =>
        new(SystemIdPrefix + source, "系统（" + displayName + "）", 0, "", new HashSet<string> { SystemRole });

    public bool IsSystem => Roles.Contains(SystemRole);

    public static bool IsSystemId(string? userId) => userId?.StartsWith(SystemIdPrefix, StringComparison.Ordinal) == true;

    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>Supervisor, Monitor, AccountabilityOfficer, Observer and Admin see all units; so does the system.</summary>
    public bool SeesAllUnits => IsSystem || Roles.Any(r => DataRoles.CountyWide.Contains(r));
}
