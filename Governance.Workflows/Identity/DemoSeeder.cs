using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.PreCheck;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Identity;

/// <summary>
/// Reference data every installation needs (roles, the county's units, the official holiday schedules, the pre-check
/// dictionary, allowed hosts and approved sources) and, in
/// Development, one demo user per role. Every step is idempotent: running it again changes nothing.
/// </summary>
public sealed class DemoSeeder(
    IDbContextFactory<GovernanceDbContext> dbFactory,
    RoleManager<IdentityRole> roles,
    UserManager<AppUser> users,
    ApiKeyService apiKeys,
    TimeProvider time)
{
    public const string DemoPassword = "Fufeng@2026";

    /// <summary>SPEC.md "Seed data": the county's real unit list.</summary>
    public static readonly (string Name, UnitKind Kind)[] CountyUnits =
    [
        ("县政府办公室", UnitKind.CountyOffice), ("县行政审批服务局", UnitKind.CountyOffice), ("县数字化信息服务中心", UnitKind.CountyOffice),
        ("县委宣传部", UnitKind.Collaborator), ("县委网信办", UnitKind.Collaborator), ("县委编办", UnitKind.Collaborator), ("县公安局", UnitKind.Collaborator),
        ("县发展和改革局", UnitKind.Department), ("县教育局", UnitKind.Department), ("县财政局", UnitKind.Department),
        ("县人力资源和社会保障局", UnitKind.Department), ("县自然资源局", UnitKind.Department), ("县住房和城乡建设局", UnitKind.Department),
        ("县交通运输局", UnitKind.Department), ("县农业农村局", UnitKind.Department), ("县水利局", UnitKind.Department),
        ("县文化和旅游局", UnitKind.Department), ("县卫生健康局", UnitKind.Department), ("县应急管理局", UnitKind.Department),
        ("县市场监督管理局", UnitKind.Department),
        ("城关街道办事处", UnitKind.Town), ("天度镇人民政府", UnitKind.Town), ("午井镇人民政府", UnitKind.Town), ("绛帐镇人民政府", UnitKind.Town),
        ("段家镇人民政府", UnitKind.Town), ("杏林镇人民政府", UnitKind.Town), ("召公镇人民政府", UnitKind.Town), ("法禧镇人民政府", UnitKind.Town),
    ];

    /// <summary>One demo user per role (plus a second unit's editor and reviewer to show unit separation).</summary>
    public static readonly (string UserName, string DisplayName, string Role, string Unit)[] DemoUsers =
    [
        ("editor", "张信息", Roles.Editor, "县教育局"),
        ("reviewer", "李审核", Roles.UnitReviewer, "县教育局"),
        // 保密审查 by a second reviewer, not the one who did 单位审核 (第9条 保密审查机制).
        ("secrecy", "韩保密", Roles.UnitReviewer, "县教育局"),
        ("publisher", "王发布", Roles.Publisher, "县教育局"),
        ("supervisor", "赵审批", Roles.Supervisor, "县行政审批服务局"),
        // 第15条(一), 第16条, 第19条(六): the recurring duties (安全自查, 域名自查, 培训) are 县行政审批服务局's, completed by its reviewer.
        ("duty", "陈安全", Roles.UnitReviewer, "县行政审批服务局"),
        ("monitor", "钱监测", Roles.Monitor, "县数字化信息服务中心"),
        ("accountability", "孙督查", Roles.AccountabilityOfficer, "县政府办公室"),
        ("observer", "周协管", Roles.Observer, "县委网信办"),
        ("admin", "吴管理", Roles.Admin, "县数字化信息服务中心"),
        ("editor2", "郑信息", Roles.Editor, "县财政局"),
        ("reviewer2", "冯审核", Roles.UnitReviewer, "县财政局"),
    ];

    /// <summary>Roles, units and calendars: needed in every environment.</summary>
    public async Task SeedReferenceDataAsync(CancellationToken ct = default)
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.Units.Select(u => u.Name).ToListAsync(ct);
        var order = 0;
        foreach (var (name, kind) in CountyUnits)
        {
            order += 10;
            if (!existing.Contains(name)) db.Units.Add(new Unit { Name = name, Kind = kind, SortOrder = order });
        }
        await db.SaveChangesAsync(ct);
        await CalendarStore.SeedOfficialAsync(db, time.GetUtcNow().UtcDateTime, ct);
        await PreCheckRulesProvider.SeedDefaultsAsync(db, time.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>Demo users and the demo API key (Development and `seed-demo`).</summary>
    public async Task SeedDemoAsync(string? demoApiKey, CancellationToken ct = default)
    {
        await SeedReferenceDataAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.Units.ToDictionaryAsync(u => u.Name, u => u.Id, ct);
        foreach (var (userName, displayName, role, unit) in DemoUsers)
        {
            if (await users.FindByNameAsync(userName) is not null) continue;
            var user = new AppUser
            {
                UserName = userName, DisplayName = displayName, UnitId = units[unit], EmailConfirmed = true,
                CreatedAtUtc = time.GetUtcNow().UtcDateTime, LockoutEnabled = true,
            };
            var created = await users.CreateAsync(user, DemoPassword);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
        }
        // The demo portal's column tree (栏目台账), so content can be drafted and the register shows every status.
        await DemoColumnTree.SeedAsync(db, units, time.GetUtcNow().UtcDateTime, ct);
        if (!string.IsNullOrWhiteSpace(demoApiKey)) await apiKeys.EnsureAsync("演示密钥（公众网站）", demoApiKey, ct);
    }
}
