using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Engine;
using Governance.Workflows.Registers;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Identity;

/// <summary>
/// The demo portal's column tree (栏目台账): 政务公开 (policy, notices, personnel, plans, finance, then each department's and
/// town's own columns), 新闻中心, 互动交流 and 专题专栏, spread over the units, with people and last updates some days back
/// so that the register shows every status (正常, 预警, 超期, 空白). Headings (栏目导航) belong to 县数字化信息服务中心, which
/// runs the portal (第4条). Idempotent: a column is matched by path and unit; the columns the first demo seed put at the top
/// (县教育局/县财政局 工作动态, 通知公告, 政策文件) move under their unit's heading, keeping their ids.
/// </summary>
internal static class DemoColumnTree
{
    private const string Portal = "县数字化信息服务中心";
    private const string Office = "县政府办公室";

    /// <summary>One column: path, unit, category, 负责人/A岗/B岗, days since the last update (null: never), days since creation.</summary>
    private sealed record Spec(string Path, string Unit, string Category, string? People = null, int? UpdatedDaysAgo = null,
        int CreatedDaysAgo = 400, int? Cadence = null, bool Special = false, int? EndsInDays = null, string? Slug = null);

    private static readonly Spec[] Tree =
    [
        new("政务公开", Portal, ColumnCategories.Navigation),
        new("政务公开/政策文件", Office, ColumnCategories.Policy, "刘建华,马丽,杨帆", 40, Slug: "zwgk/zcwj"),
        // 150 days: past 80% of the 183-day window → 预警.
        new("政务公开/通知公告", Office, ColumnCategories.Notice, "刘建华,杨帆,马丽", 150, Slug: "zwgk/tzgg"),
        new("政务公开/人事信息", "县人力资源和社会保障局", ColumnCategories.Personnel, "王卫东,李娜,陈静", 120, Slug: "zwgk/rsxx"),
        // 380 days: past the year → 超期.
        new("政务公开/规划计划", "县发展和改革局", ColumnCategories.Plan, "赵国强,孙倩,周磊", 380, Slug: "zwgk/ghjh"),
        new("政务公开/财政信息", "县财政局", ColumnCategories.Plan, "钱志刚,郑洁,冯涛", 300, Slug: "zwgk/czxx"),
        new("政务公开/部门信息", Portal, ColumnCategories.Navigation),
        new("政务公开/部门信息/县教育局", Portal, ColumnCategories.Navigation),
        // The first demo seed's columns (tests use them by name): new, nothing published yet; A岗/B岗 are the demo accounts.
        new("政务公开/部门信息/县教育局/工作动态", "县教育局", ColumnCategories.News, "周建国,张信息,李审核", CreatedDaysAgo: 0, Slug: "jyj/动态要闻"),
        new("政务公开/部门信息/县教育局/通知公告", "县教育局", ColumnCategories.Notice, "周建国,张信息,李审核", CreatedDaysAgo: 0, Slug: "jyj/通知公告"),
        new("政务公开/部门信息/县教育局/政策文件", "县教育局", ColumnCategories.Policy, "周建国,张信息,李审核", CreatedDaysAgo: 0, Slug: "jyj/政策文件"),
        new("政务公开/部门信息/县财政局", Portal, ColumnCategories.Navigation),
        new("政务公开/部门信息/县财政局/工作动态", "县财政局", ColumnCategories.News, "吴立新,郑信息,冯审核", CreatedDaysAgo: 0, Slug: "czj/动态要闻"),
        new("政务公开/部门信息/县财政局/通知公告", "县财政局", ColumnCategories.Notice, "吴立新,郑信息,冯审核", CreatedDaysAgo: 0, Slug: "czj/通知公告"),
        new("政务公开/部门信息/县财政局/政策文件", "县财政局", ColumnCategories.Policy, "吴立新,郑信息,冯审核", CreatedDaysAgo: 0, Slug: "czj/政策文件"),
        new("政务公开/部门信息/县卫生健康局", Portal, ColumnCategories.Navigation),
        new("政务公开/部门信息/县卫生健康局/工作动态", "县卫生健康局", ColumnCategories.News, "韩梅,许强,何静", 5, Slug: "wjj/gzdt"),
        // 200 days: past six months → 超期.
        new("政务公开/部门信息/县卫生健康局/通知公告", "县卫生健康局", ColumnCategories.Notice, "韩梅,何静,许强", 200, Slug: "wjj/tzgg"),
        new("政务公开/部门信息/县农业农村局", Portal, ColumnCategories.Navigation),
        // 13 days: past 80% of two weeks → 预警.
        new("政务公开/部门信息/县农业农村局/工作动态", "县农业农村局", ColumnCategories.News, "吕振华,曹敏,邓勇", 13, Slug: "nyncj/gzdt"),
        new("政务公开/部门信息/县农业农村局/政策文件", "县农业农村局", ColumnCategories.Policy, "吕振华,邓勇,曹敏", 60, Slug: "nyncj/zcwj"),
        new("政务公开/镇街信息", Portal, ColumnCategories.Navigation),
        new("政务公开/镇街信息/城关街道", Portal, ColumnCategories.Navigation),
        new("政务公开/镇街信息/城关街道/工作动态", "城关街道办事处", ColumnCategories.News, "彭晓东,蒋丽,蔡军", 2, Slug: "cgjd/gzdt"),
        new("政务公开/镇街信息/天度镇", Portal, ColumnCategories.Navigation),
        // 25 days → 超期.
        new("政务公开/镇街信息/天度镇/工作动态", "天度镇人民政府", ColumnCategories.News, "贾志明,丁燕,魏斌", 25, Slug: "tdz/gzdt"),
        new("政务公开/镇街信息/午井镇", Portal, ColumnCategories.Navigation),
        // Opened 30 days ago, nothing since → 空白.
        new("政务公开/镇街信息/午井镇/通知公告", "午井镇人民政府", ColumnCategories.Notice, "薛刚,叶红,阎平", null, CreatedDaysAgo: 30, Slug: "wjz/tzgg"),
        new("新闻中心", Portal, ColumnCategories.Navigation),
        new("新闻中心/工作动态", Office, ColumnCategories.News, "刘建华,杨帆,马丽", 1, Slug: "xwzx/gzdt"),
        new("新闻中心/部门动态", Portal, ColumnCategories.News, "黄明,潘雪,余波", 9, Slug: "xwzx/bmdt"),
        // 16 days → 超期.
        new("新闻中心/镇街动态", "城关街道办事处", ColumnCategories.News, "彭晓东,蔡军,蒋丽", 16, Slug: "xwzx/zjdt"),
        new("互动交流", Portal, ColumnCategories.Navigation),
        new("互动交流/县长信箱", Office, ColumnCategories.Interaction, "刘建华,马丽,杨帆", Slug: "hdjl/xzxx"),
        new("互动交流/在线访谈", "县委宣传部", ColumnCategories.Interaction, "邱枫,秦月,江涛", Slug: "hdjl/zxft"),
        new("互动交流/征集调查", Office, ColumnCategories.Interaction, "杨帆,马丽,刘建华", Slug: "hdjl/zjdc"),
        new("专题专栏", Portal, ColumnCategories.Navigation),
        // Special columns opened before the portal kept W1 requests: committed 每周.
        new("专题专栏/优化营商环境", "县发展和改革局", ColumnCategories.Special, "赵国强,周磊,孙倩", 3, 60, 7, true, 120, "ztzl/yhyshj"),
        new("专题专栏/安全生产月", "县应急管理局", ColumnCategories.Special, "田野,范琳,石磊", null, 20, 7, true, 10, "ztzl/aqscy"),
    ];

    public static async Task SeedAsync(GovernanceDbContext db, IReadOnlyDictionary<string, int> units, DateTime now, CancellationToken ct)
    {
        var seeder = Actor.System("demo-seed", "演示数据");
        var today = ChinaTime.Date(now);
        var columns = await db.Columns.ToListAsync(ct);
        var accounts = await db.Users.AsNoTracking().Select(u => new { u.Id, u.UnitId, u.DisplayName }).ToListAsync(ct);
        string? Account(int unitId, string? name) => accounts.FirstOrDefault(a => a.UnitId == unitId && a.DisplayName == name)?.Id;
        var order = 0;
        foreach (var spec in Tree)
        {
            order += 10;
            var unitId = units[spec.Unit];
            var segments = spec.Path.Split(ColumnValidator.PathSeparator);
            var name = segments[^1];
            var parentPath = segments.Length > 1 ? string.Join(ColumnValidator.PathSeparator, segments[..^1]) : null;
            var parent = parentPath is null ? null : columns.First(c => c.Path == parentPath);
            if (columns.Any(c => c.Path == spec.Path && c.UnitId == unitId)) continue;
            // The first demo seed put its columns at the top: move them under their heading.
            if (parent is not null && columns.FirstOrDefault(c => c.UnitId == unitId && c.Name == name && c.ParentId == null && c.Path == name && !c.IsSpecial)
                is { } legacy)
            {
                (legacy.ParentId, legacy.Path, legacy.SortOrder) = (parent.Id, spec.Path, order);
                continue;
            }
            var people = spec.People?.Split(',');
            var created = now.AddDays(-spec.CreatedDaysAgo);
            var column = new Column
            {
                Name = name, ParentId = parent?.Id, Path = spec.Path, SortOrder = order, UnitId = unitId, Category = spec.Category,
                Url = spec.Slug is null ? null : $"http://www.fufeng.gov.cn/{spec.Slug}/", ResponsiblePerson = people?[0], StaffA = people?[1],
                StaffB = people?[2], StaffAUserId = Account(unitId, people?[1]), StaffBUserId = Account(unitId, people?[2]), CommittedCadenceDays = spec.Cadence, IsSpecial = spec.Special, CreatedAtUtc = created, IsActive = true,
                StartDate = spec.Special ? ChinaTime.Date(created) : null, EndDate = spec.EndsInDays is { } e ? today.AddDays(e) : null,
                LastUpdatedAtUtc = spec.UpdatedDaysAgo is { } d ? now.AddDays(-d) : null, Version = 1,
            };
            if (column.LastUpdatedAtUtc is { } at)
            {
                column.LastUpdateUrl = $"{column.Url}{ChinaTime.Format(at, "yyyyMM")}/t{ChinaTime.Format(at, "yyyyMMdd")}_1.html";
                db.ColumnUpdates.Add(new ColumnUpdate
                {
                    Column = column, UpdatedAtUtc = at, Url = column.LastUpdateUrl, Title = $"{name}最新信息", Source = ColumnUpdates.Manual,
                    RecordedByUserId = seeder.UserId, RecordedAtUtc = now,
                });
            }
            // Where it stands today: a lapse counts as the first, whose W4 finding the next sweep opens.
            column.Status = Staleness.Evaluate(StalenessPolicy.Default, column, today).Status;
            column.StatusChangedAtUtc = now;
            column.LapseCount = Staleness.IsLapse(column.Status) ? 1 : 0;
            db.Columns.Add(column);
            columns.Add(column);
            await db.SaveChangesAsync(ct);
        }
        await db.SaveChangesAsync(ct);
    }
}
