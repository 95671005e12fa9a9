using System.Text;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Audit;
using Governance.Workflows.Engine;
using Governance.Workflows.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Governance.Web;

/// <summary>
/// <c>create-admin &lt;username&gt; [--force]</c>: the first administrator of a new installation, which seeds units but no
/// user. The password comes from standard input (one line; typed twice without echo at a terminal) or the environment
/// variable <see cref="PasswordVariable"/> — never from the command line, where shell history and the process list
/// would keep it. Identity's password rules apply; the user must change the password at first sign-in. Refused while an
/// enabled Admin exists, unless <c>--force</c>: then it also resets an existing account (enables it, unlocks it, makes it
/// Admin) — the way back in when the only administrator has forgotten the password. Audited either way.
/// </summary>
public static class CreateAdminCommand
{
    public const string Verb = "create-admin";
    public const string ForceFlag = "--force";
    public const string PasswordVariable = "GOVERNANCE_ADMIN_PASSWORD";
    /// <summary>The unit that runs the portal (SPEC.md "Seed data"; the demo admin's unit).</summary>
    public const string HomeUnit = "县数字化信息服务中心";
    public const string AdminDisplayName = "系统管理员";
    public const string AuditKind = "user.create-admin";

    public const string PasswordOnCommandLine =
        "密码不能写在命令行上（会留在 shell 历史和进程列表中）。请通过标准输入或环境变量 " + PasswordVariable + " 提供，命令行上只写用户名。";

    public sealed record Arguments(string? UserName, bool Force, string? Error);

    /// <summary>
    /// The verb's own arguments: one user name right after the verb, then <c>--force</c> anywhere; host options
    /// (<c>--environment Production</c>, <c>--Key=Value</c>) pass. A second bare word or a <c>--password</c> option is
    /// refused without being repeated (it is probably a password).
    /// </summary>
    public static Arguments Parse(IReadOnlyList<string> args)
    {
        var names = new List<string>();
        var i = 1;
        for (; i < args.Count && !args[i].StartsWith('-'); i++) names.Add(args[i]);
        var force = false;
        for (; i < args.Count; i++)
        {
            var a = args[i];
            if (a == ForceFlag) force = true;
            else if (a.StartsWith("--password", StringComparison.OrdinalIgnoreCase) || a.StartsWith("-p", StringComparison.Ordinal)
                     || a.StartsWith("/password", StringComparison.OrdinalIgnoreCase))
                return new(null, force, PasswordOnCommandLine);
            else if (a.StartsWith('-'))
            {
                // A host option: --key=value, or --key value.
                if (!a.Contains('=') && i + 1 < args.Count && !args[i + 1].StartsWith('-')) i++;
            }
            else return new(null, force, PasswordOnCommandLine);
        }
        if (names.Count == 0) return new(null, force, "请在命令后给出新管理员的用户名，例如：create-admin zhangsan");
        if (names.Count > 1) return new(null, force, PasswordOnCommandLine);
        return new(names[0], force, null);
    }

    /// <summary>Runs the verb; returns the exit code (0 done, 1 refused, 2 wrong arguments).</summary>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, CancellationToken ct = default)
    {
        var parsed = Parse(args);
        if (parsed.Error is not null)
        {
            Console.Error.WriteLine(parsed.Error);
            Console.Error.WriteLine($"用法：dotnet Governance.Web.dll {Verb} <用户名> [{ForceFlag}]  （密码从标准输入或环境变量 {PasswordVariable} 读取）");
            return 2;
        }
        var userName = parsed.UserName!.Trim();
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var dbFactory = sp.GetRequiredService<IDbContextFactory<GovernanceDbContext>>();
        // A new installation may run this before the first start: the schema, the roles and the units first.
        await using (var db = await dbFactory.CreateDbContextAsync(ct)) await db.Database.MigrateAsync(ct);
        await sp.GetRequiredService<DemoSeeder>().SeedReferenceDataAsync(ct);

        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var existing = await users.FindByNameAsync(userName);
        var activeAdmins = (await users.GetUsersInRoleAsync(Roles.Admin)).Where(u => !u.IsDisabled).Select(u => u.UserName).Order().ToList();
        if (!parsed.Force && activeAdmins.Count > 0)
        {
            Console.Error.WriteLine($"已有启用的系统管理员（{string.Join("、", activeAdmins)}），未做任何更改。"
                + $"请由系统管理员在“用户管理”中创建用户；确需从命令行再建或重置管理员时，加 {ForceFlag}。");
            return 1;
        }
        if (!parsed.Force && existing is not null)
        {
            Console.Error.WriteLine($"用户名“{userName}”已存在，未做任何更改。如需把该账号设为系统管理员并重置其密码，加 {ForceFlag}。");
            return 1;
        }

        var (password, passwordError) = ReadPassword();
        if (passwordError is not null || string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine(passwordError ?? $"未读到密码，未做任何更改。请从标准输入提供一行密码，或设置环境变量 {PasswordVariable}。");
            return 1;
        }

        var unit = await HomeUnitAsync(dbFactory, ct);
        if (unit is null)
        {
            Console.Error.WriteLine("没有可用的单位，未做任何更改。");
            return 1;
        }
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var user = existing ?? new AppUser
        {
            UserName = userName, DisplayName = AdminDisplayName, UnitId = unit.Id, EmailConfirmed = true, LockoutEnabled = true,
            CreatedAtUtc = now,
        };
        // Every rule is checked before anything is written.
        var errors = new List<string>();
        if (existing is null)
            foreach (var v in users.UserValidators)
                errors.AddRange((await v.ValidateAsync(users, user)).Errors.Select(e => e.Description));
        foreach (var v in users.PasswordValidators)
            errors.AddRange((await v.ValidateAsync(users, user, password)).Errors.Select(e => e.Description));
        if (errors.Count > 0)
        {
            Console.Error.WriteLine("未做任何更改：" + string.Join(" ", errors.Distinct()));
            return 1;
        }

        var actor = Actor.System("cli:" + Verb, "命令行 " + Verb);
        var who = $"操作系统用户 {Environment.UserName}@{Environment.MachineName}";
        string detail;
        if (existing is null)
        {
            user.MustChangePassword = true;
            Check(await users.CreateAsync(user, password));
            var role = await users.AddToRoleAsync(user, Roles.Admin);
            if (!role.Succeeded)
            {
                await users.DeleteAsync(user);
                Check(role);
            }
            detail = $"命令行创建系统管理员 {userName}（{unit.Name}）{(parsed.Force ? "（" + ForceFlag + "）" : "")}，{who}";
            Console.WriteLine($"已创建系统管理员 {userName}（{unit.Name}）。首次登录须修改密码。");
        }
        else
        {
            Check(await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password));
            user.MustChangePassword = true;
            user.IsDisabled = false;
            Check(await users.UpdateAsync(user));
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            if (!await users.IsInRoleAsync(user, Roles.Admin)) Check(await users.AddToRoleAsync(user, Roles.Admin));
            await users.UpdateSecurityStampAsync(user); // its open sessions end
            detail = $"命令行将用户 {userName} 设为系统管理员并重置密码（{ForceFlag}），{who}";
            Console.WriteLine($"已将 {userName} 设为系统管理员并重置密码。下次登录须修改密码。");
        }
        await sp.GetRequiredService<AuditLog>().WriteAsync(actor.UserId, actor.Name, AuditKind, detail, ct);
        return 0;
    }

    /// <summary>The environment variable, else one line of standard input (typed twice, unseen, at a terminal).</summary>
    private static (string? Password, string? Error) ReadPassword()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(PasswordVariable);
        if (!string.IsNullOrEmpty(fromEnvironment)) return (fromEnvironment, null);
        if (Console.IsInputRedirected) return (Console.In.ReadLine(), null);
        var first = ReadUnseen("请输入新管理员的初始密码：");
        var second = ReadUnseen("请再次输入：");
        return first == second ? (first, null) : (null, "两次输入的密码不一致，未做任何更改。");
    }

    private static string ReadUnseen(string prompt)
    {
        Console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0) text.Length--;
            }
            else if (!char.IsControl(key.KeyChar)) text.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return text.ToString();
    }

    private static async Task<Unit?> HomeUnitAsync(IDbContextFactory<GovernanceDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Name == HomeUnit && u.IsActive, ct)
            ?? await db.Units.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.Kind != UnitKind.CountyOffice).ThenBy(u => u.SortOrder)
                .FirstOrDefaultAsync(ct);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
