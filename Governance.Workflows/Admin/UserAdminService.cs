using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Audit;
using Governance.Workflows.Engine;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Governance.Workflows.Mail;
using Governance.Workflows.Text;

namespace Governance.Workflows.Admin;

public sealed record UserRow(string Id, string UserName, string DisplayName, int UnitId, string UnitName, IReadOnlyList<string> Roles,
    bool IsDisabled, bool IsLockedOut, bool MustChangePassword, string? Email = null);

public sealed class NewUser
{
    public string UserName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public int? UnitId { get; set; }
    public IEnumerable<string> Roles { get; set; } = [];
    public string Password { get; set; } = "";
    /// <summary>Optional: notifications are also mailed here when Admin has switched mail on.</summary>
    public string? Email { get; set; }
}

/// <summary>
/// Admin's user screens: create (unit, roles, initial password the user must change), disable/enable, reset password.
/// No self-registration anywhere. Every call checks the caller is Admin.
/// </summary>
public sealed class UserAdminService(UserManager<AppUser> users, IDbContextFactory<GovernanceDbContext> dbFactory, AuditLog audit,
    TimeProvider time)
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin)) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var rows = await db.Users.AsNoTracking().OrderBy(u => u.Unit!.SortOrder).ThenBy(u => u.UserName)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.UnitId, Unit = u.Unit!.Name, u.IsDisabled, u.LockoutEnd, u.MustChangePassword, u.Email })
            .ToListAsync(ct);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(ct);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        return rows.Select(u => new UserRow(u.Id, u.UserName!, u.DisplayName, u.UnitId, u.Unit, byUser[u.Id].ToList(), u.IsDisabled,
            u.LockoutEnd is { } end && end > now, u.MustChangePassword, u.Email)).ToList();
    }

    public async Task<IReadOnlyList<string>> CreateAsync(Actor actor, NewUser input, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin)) return ["只有系统管理员可以创建用户。"];
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(input.UserName)) errors.Add("请填写用户名。");
        if (PlainText.CleanLine(input.DisplayName).Length == 0) errors.Add("请填写姓名。");
        if (input.UnitId is null) errors.Add("请选择所属单位（每个用户属于且仅属于一个单位）。");
        var roles = input.Roles.Distinct().ToList();
        if (roles.Count == 0) errors.Add("请至少选择一个角色。");
        if (roles.Any(r => !Roles.All.Contains(r))) errors.Add("角色无效。");
        if (MailAddresses.Check(input.Email, "电子邮箱") is { } emailError) errors.Add(emailError);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            if (input.UnitId is { } unitId && !await db.Units.AnyAsync(u => u.Id == unitId && u.IsActive, ct)) errors.Add("所选单位不存在或已停用。");
        if (errors.Count > 0) return errors;
        var user = new AppUser
        {
            UserName = input.UserName.Trim(), DisplayName = PlainText.CleanLine(input.DisplayName), UnitId = input.UnitId!.Value, MustChangePassword = true,
            EmailConfirmed = true, LockoutEnabled = true, CreatedAtUtc = time.GetUtcNow().UtcDateTime, Email = MailAddresses.Clean(input.Email),
        };
        var created = await users.CreateAsync(user, input.Password);
        if (!created.Succeeded) return created.Errors.Select(e => e.Description).ToList();
        var added = await users.AddToRolesAsync(user, roles);
        if (!added.Succeeded) return added.Errors.Select(e => e.Description).ToList();
        await audit.WriteAsync(actor.UserId, actor.Name, "user.create", $"创建用户 {user.UserName}，角色 {string.Join(",", roles)}", ct);
        return [];
    }

    public async Task<IReadOnlyList<string>> UpdateAsync(Actor actor, string userId, int unitId, IEnumerable<string> roles, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin)) return ["只有系统管理员可以修改用户。"];
        var user = await users.FindByIdAsync(userId);
        if (user is null) return ["用户不存在。"];
        var wanted = roles.Distinct().ToList();
        if (wanted.Count == 0) return ["请至少选择一个角色。"];
        if (wanted.Any(r => !Roles.All.Contains(r))) return ["角色无效。"];
        if (user.Id == actor.UserId && !wanted.Contains(Roles.Admin)) return ["不能移除自己的系统管理员角色。"];
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            if (unitId != user.UnitId && !await db.Units.AnyAsync(u => u.Id == unitId && u.IsActive, ct)) return ["所选单位不存在或已停用。"];
        var current = await users.GetRolesAsync(user);
        await users.RemoveFromRolesAsync(user, current.Except(wanted));
        await users.AddToRolesAsync(user, wanted.Except(current));
        user.UnitId = unitId;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user); // the user's cookie is refreshed with the new unit and roles
        await audit.WriteAsync(actor.UserId, actor.Name, "user.permissions", $"用户 {user.UserName}：单位 {unitId}，角色 {string.Join(",", wanted)}", ct);
        return [];
    }

    /// <summary>A user's e-mail address: Admin reads anyone's, every user their own (null otherwise, or when none is set).</summary>
    public async Task<string?> GetEmailAsync(Actor actor, string userId, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin) && actor.UserId != userId) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Sets (or, empty, removes) a user's e-mail address: Admin for anyone, every user for themselves. Notifications are
    /// mailed there while mail is on. The security stamp stays: the user is not signed out. Returns a Chinese error, or null.
    /// </summary>
    public async Task<string?> SetEmailAsync(Actor actor, string userId, string? email, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin) && actor.UserId != userId) return "只能修改自己的电子邮箱。";
        var address = MailAddresses.Clean(email);
        if (MailAddresses.Check(address, "电子邮箱") is { } error) return error;
        var user = await users.FindByIdAsync(userId);
        if (user is null) return "用户不存在。";
        if (user.Email == address) return null;
        user.Email = address;
        user.EmailConfirmed = true; // set by Admin or by the signed-in user: no confirmation mail in an intranet portal
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded) return string.Join(" ", result.Errors.Select(e => e.Description));
        await audit.WriteAsync(actor.UserId, actor.Name, "user.email",
            $"用户 {user.UserName} 的电子邮箱{(address is null ? "已清除" : "改为 " + address)}", ct);
        return null;
    }

    public async Task<string?> SetDisabledAsync(Actor actor, string userId, bool disabled, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin)) return "只有系统管理员可以停用用户。";
        if (userId == actor.UserId) return "不能停用自己的账号。";
        var user = await users.FindByIdAsync(userId);
        if (user is null) return "用户不存在。";
        user.IsDisabled = disabled;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user); // signs the user out within the validation interval
        await audit.WriteAsync(actor.UserId, actor.Name, disabled ? "user.disable" : "user.enable", $"{(disabled ? "停用" : "启用")}用户 {user.UserName}", ct);
        return null;
    }

    /// <summary>Sets a new initial password; the user must change it at next sign-in. Also lifts a lockout.</summary>
    public async Task<IReadOnlyList<string>> ResetPasswordAsync(Actor actor, string userId, string newPassword, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin)) return ["只有系统管理员可以重置密码。"];
        var user = await users.FindByIdAsync(userId);
        if (user is null) return ["用户不存在。"];
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (!result.Succeeded) return result.Errors.Select(e => e.Description).ToList();
        user.MustChangePassword = true;
        await users.UpdateAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.WriteAsync(actor.UserId, actor.Name, "user.reset-password", $"重置用户 {user.UserName} 的密码", ct);
        return [];
    }
}
