using Microsoft.AspNetCore.Identity;

namespace Governance.Data.Entities;

public sealed class AppUser : IdentityUser
{
    public required string DisplayName { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    /// <summary>Set by Admin on create or password reset: the user must choose a new password at next sign-in.</summary>
    public bool MustChangePassword { get; set; }
    /// <summary>Disabled by Admin: cannot sign in; existing data stays.</summary>
    public bool IsDisabled { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}
