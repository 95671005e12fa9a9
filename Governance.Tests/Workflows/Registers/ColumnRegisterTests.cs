using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Workflows.Engine;
using Governance.Workflows.Registers;
using Microsoft.EntityFrameworkCore;

namespace Governance.Tests.Workflows.Registers;

/// <summary>
/// 栏目台账 commands and reads on the real database: who may do what (第4条: 监测员 and Admin manage; a unit keeps its own
/// columns' people and updates, 第19条(一)(二)), the tree (paths follow a rename or a move; no cycles), versions, cleaning,
/// validation (refusals change nothing) and the audit trail. Each test makes its own columns (unique names).
/// </summary>
public sealed class ColumnRegisterTests(WorkflowTestHost host) : IClassFixture<WorkflowTestHost>
{
    private ColumnRegister Register => host.Columns;

    private static string Unique(string name) => name + Guid.NewGuid().ToString("N")[..6];

    private async Task<ColumnForm> FormAsync(string name, string category = "动态要闻", int? parentId = null, string unit = "县教育局") => new()
    {
        Name = name, UnitId = await host.UnitIdAsync(unit), Category = category, ParentId = parentId, ResponsiblePerson = "王主任",
        StaffA = "刘甲", StaffB = "陈乙", Url = "https://www.fufeng.gov.cn/jyj/gzdt/",
    };

    private async Task<(int Id, int Version)> CreateAsync(string name, string category = "动态要闻", int? parentId = null, string unit = "县教育局")
    {
        var r = await Register.CreateAsync(await host.ActorAsync("monitor"), await FormAsync(name, category, parentId, unit));
        Assert.True(r.Succeeded, r.Message);
        return (r.ColumnId!.Value, r.NewVersion!.Value);
    }

    private async Task<Column> ColumnAsync(int id)
    {
        await using var db = host.NewDbContext();
        return await db.Columns.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    /// <summary>Everything a refused command must leave alone: every column, every update record, the audit chain's length.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var db = host.NewDbContext();
        var columns = await db.Columns.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => $"{c.Id}|{c.Path}|{c.ParentId}|{c.UnitId}|{c.Category}|{c.Url}|{c.ResponsiblePerson}|{c.StaffA}|{c.StaffB}|{c.StaffAUserId}|"
                         + $"{c.StaffBUserId}|{c.CommittedCadenceDays}|{c.IsActive}|{c.IsSuspended}|{c.Status}|{c.LastUpdatedAtUtc}|{c.Version}")
            .ToListAsync();
        return string.Join('\n', columns) + $"\nupdates={await db.ColumnUpdates.CountAsync()} audit={await db.AuditEntries.CountAsync()}";
    }

    private async Task<List<string>> AuditAsync(string kind)
    {
        await using var db = host.NewDbContext();
        return await db.AuditEntries.AsNoTracking().Where(a => a.Kind == kind).OrderBy(a => a.Id).Select(a => a.UserName + "：" + a.Detail).ToListAsync();
    }

    [Fact]
    public async Task Create_ByMonitorOrAdmin_TreePathsVersionOneNormalAndAudited()
    {
        var top = Unique("测试导航");
        var r1 = await Register.CreateAsync(await host.ActorAsync("admin"), new ColumnForm
        {
            Name = top, UnitId = await host.UnitIdAsync("县政府办公室"), Category = "栏目导航",
        });
        Assert.True(r1.Succeeded, r1.Message);
        var (child, version) = await CreateAsync("政策解读", parentId: r1.ColumnId);

        var c = await ColumnAsync(child);
        Assert.Equal((top + "/政策解读", r1.ColumnId, 1, ColumnStatus.Normal), (c.Path, c.ParentId, version, c.Status));
        Assert.Equal(("王主任", "刘甲", "陈乙"), (c.ResponsiblePerson, c.StaffA, c.StaffB));
        Assert.Equal(host.Clock.GetUtcNow().UtcDateTime, c.CreatedAtUtc);
        Assert.Contains(await AuditAsync("column.create"), a => a.StartsWith("钱监测：", StringComparison.Ordinal) && a.Contains(top + "/政策解读"));
        Assert.Contains(await AuditAsync("column.create"), a => a.StartsWith("吴管理：", StringComparison.Ordinal) && a.Contains(top));
    }

    [Theory]
    [InlineData("editor")]
    [InlineData("reviewer")]
    [InlineData("supervisor")]
    [InlineData("observer")]
    [InlineData("accountability")]
    public async Task Create_ByAnyoneButMonitorOrAdmin_IsForbiddenAndCreatesNothing(string user)
    {
        var before = await SnapshotAsync();

        var r = await Register.CreateAsync(await host.ActorAsync(user), await FormAsync(Unique("越权栏目")));

        Assert.Equal(RegisterStatus.Forbidden, r.Status);
        Assert.Equal("只有监测员或系统管理员可以新增栏目。", r.Message);
        Assert.Equal(before, await SnapshotAsync());
    }

    public static TheoryData<string, string> BadForms() => new()
    {
        { "empty name", "Name" }, { "slash in name", "Name" }, { "unknown category", "Category" }, { "same A and B", "StaffB" },
        { "ftp url", "Url" }, { "no unit", "UnitId" }, { "unknown unit", "UnitId" }, { "no A岗", "StaffA" }, { "no 负责人", "ResponsiblePerson" },
        { "special by hand", "Category" }, { "cadence 0", "CommittedCadenceDays" }, { "end before start", "EndDate" },
        { "unknown parent", "ParentId" }, { "sibling with the name", "Name" }, { "A岗 account of another unit", "StaffAUserId" },
    };

    [Theory]
    [MemberData(nameof(BadForms))]
    public async Task Create_BadInput_InvalidWithTheFieldAndChangesNothing(string bad, string field)
    {
        var (sibling, _) = await CreateAsync(Unique("已有栏目"));
        var siblingName = (await ColumnAsync(sibling)).Name;
        var f = await FormAsync(Unique("新栏目"));
        switch (bad)
        {
            case "empty name": f.Name = " \u200B "; break;
            case "slash in name": f.Name = "政务公开/政策文件"; break;
            case "unknown category": f.Category = "新闻"; break;
            // Cleaned first: a zero-width space does not make 张三 and 张\u200B三 two people (第19条(二)).
            case "same A and B": f.StaffA = "张三"; f.StaffB = "张\u200B三"; break;
            case "ftp url": f.Url = "ftp://www.fufeng.gov.cn/"; break;
            case "no unit": f.UnitId = null; break;
            case "unknown unit": f.UnitId = 999_999; break;
            case "no A岗": f.StaffA = "  "; break;
            case "no 负责人": f.ResponsiblePerson = null; break;
            case "special by hand": f.Category = "专题专栏"; break;
            case "cadence 0": f.CommittedCadenceDays = 0; break;
            case "end before start": f.StartDate = new DateOnly(2026, 5, 1); f.EndDate = new DateOnly(2026, 4, 30); break;
            case "unknown parent": f.ParentId = 999_999; break;
            case "sibling with the name": f.Name = siblingName; break;
            case "A岗 account of another unit": f.StaffAUserId = await host.UserIdAsync("editor2"); break;
        }
        var before = await SnapshotAsync();

        var r = await Register.CreateAsync(await host.ActorAsync("monitor"), f);

        Assert.Equal(RegisterStatus.Invalid, r.Status);
        Assert.Contains(field, r.Errors!.Keys);
        Assert.False(string.IsNullOrWhiteSpace(r.Errors[field]));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Create_TextFieldsCleaned_NoBidiOrInvisibleCharactersStored()
    {
        var f = await FormAsync(Unique("工作\u200B动态\u202E"));
        f.StaffA = "刘\u2066甲";
        f.ResponsiblePerson = " 王\u00AD主任\n";

        var r = await Register.CreateAsync(await host.ActorAsync("monitor"), f);

        var c = await ColumnAsync(r.ColumnId!.Value);
        Assert.StartsWith("工作动态", c.Name, StringComparison.Ordinal);
        Assert.Equal(c.Name, c.Path);
        Assert.Equal(("刘甲", "王主任"), (c.StaffA, c.ResponsiblePerson));
    }

    [Fact]
    public async Task Create_StaffAccountsOfTheUnit_LinkedAndNamedFromTheAccount()
    {
        var f = await FormAsync(Unique("账号栏目"));
        (f.StaffA, f.StaffB) = (null, null);
        (f.StaffAUserId, f.StaffBUserId) = (await host.UserIdAsync("editor"), await host.UserIdAsync("reviewer"));

        var r = await Register.CreateAsync(await host.ActorAsync("monitor"), f);

        var c = await ColumnAsync(r.ColumnId!.Value);
        Assert.Equal(("张信息", "李审核"), (c.StaffA, c.StaffB));
        Assert.Equal((await host.UserIdAsync("editor"), await host.UserIdAsync("reviewer")), (c.StaffAUserId, c.StaffBUserId));
    }

    [Fact]
    public async Task Update_StaleVersion_ConflictWithTheChineseMessage_NothingChanged()
    {
        var (id, v) = await CreateAsync(Unique("并发栏目"));
        var monitor = await host.ActorAsync("monitor");
        var first = await FormAsync((await ColumnAsync(id)).Name);
        first.Url = "https://www.fufeng.gov.cn/first/";
        Assert.True((await Register.UpdateAsync(monitor, id, v, first)).Succeeded);
        var before = await SnapshotAsync();

        var second = await FormAsync((await ColumnAsync(id)).Name);
        second.Url = "https://www.fufeng.gov.cn/second/";
        var r = await Register.UpdateAsync(await host.ActorAsync("admin"), id, v, second);

        Assert.Equal(RegisterStatus.Conflict, r.Status);
        Assert.Equal("该栏目已被他人修改（或已由系统巡检更新状态），页面已刷新为最新内容，本次修改未保存，请核对后重新操作。", r.Message);
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(("https://www.fufeng.gov.cn/first/", v + 1), ((await ColumnAsync(id)).Url, (await ColumnAsync(id)).Version));
    }

    [Fact]
    public async Task Update_Rename_EveryDescendantsPathFollows()
    {
        var top = Unique("新闻中心");
        var (root, rv) = await CreateAsync(top, "栏目导航", unit: "县政府办公室");
        var (mid, mv) = await CreateAsync("部门动态", "栏目导航", root);
        var (leaf, lv) = await CreateAsync("教育动态", parentId: mid);

        var form = await FormAsync("部门新闻", "栏目导航");
        var r = await Register.UpdateAsync(await host.ActorAsync("monitor"), mid, mv, form);

        Assert.True(r.Succeeded, r.Message);
        Assert.Equal(top + "/部门新闻", (await ColumnAsync(mid)).Path);
        Assert.Equal((top + "/部门新闻/教育动态", lv + 1), ((await ColumnAsync(leaf)).Path, (await ColumnAsync(leaf)).Version));
        Assert.Equal((top, rv), ((await ColumnAsync(root)).Path, (await ColumnAsync(root)).Version));
    }

    [Fact]
    public async Task Move_ReparentsTheSubtree_PathsFollow_AndCyclesAreRefused()
    {
        var a = Unique("甲");
        var b = Unique("乙");
        var (rootA, _) = await CreateAsync(a, "栏目导航", unit: "县政府办公室");
        var (rootB, _) = await CreateAsync(b, "栏目导航", unit: "县政府办公室");
        var (mid, mv) = await CreateAsync("中", "栏目导航", rootA);
        var (leaf, _) = await CreateAsync("下", parentId: mid);
        var monitor = await host.ActorAsync("monitor");
        var rootAVersion = (await ColumnAsync(rootA)).Version;

        // Under itself, or under its own descendant: refused, nothing changed.
        var before = await SnapshotAsync();
        var self = await Register.MoveAsync(monitor, mid, mv, mid, 0);
        var below = await Register.MoveAsync(monitor, rootA, rootAVersion, leaf, 0);
        Assert.Equal((RegisterStatus.Invalid, RegisterStatus.Invalid), (self.Status, below.Status));
        Assert.Equal("不能把栏目移到它自己或它的下级栏目之下", below.Errors!["ParentId"]);
        Assert.Equal(before, await SnapshotAsync());

        var moved = await Register.MoveAsync(monitor, mid, mv, rootB, 20);

        Assert.True(moved.Succeeded, moved.Message);
        var m = await ColumnAsync(mid);
        Assert.Equal((b + "/中", rootB, 20), (m.Path, m.ParentId, m.SortOrder));
        Assert.Equal(b + "/中/下", (await ColumnAsync(leaf)).Path);
        // To the top level.
        var top = await Register.MoveAsync(monitor, mid, moved.NewVersion!.Value, null, 0);
        Assert.True(top.Succeeded, top.Message);
        Assert.Equal(("中/下", (int?)null), ((await ColumnAsync(leaf)).Path, (await ColumnAsync(mid)).ParentId));
        Assert.Contains(await AuditAsync("column.move"), e => e.Contains($"“{a}/中” → “{b}/中”", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpdatePeople_OwnUnitsEditorOrReviewer_Applied_OthersRefused()
    {
        var (id, v) = await CreateAsync(Unique("人员栏目"));
        var people = new ColumnPeopleForm { ResponsiblePerson = "赵主任", StaffA = "孙丙", StaffB = "周丁" };
        var before = await SnapshotAsync();

        // Another unit's Editor: not found (never its data); a Publisher and a county Supervisor of the right unit set: forbidden.
        Assert.Equal(RegisterStatus.NotFound, (await Register.UpdatePeopleAsync(await host.ActorAsync("editor2"), id, v, people)).Status);
        Assert.Equal(RegisterStatus.Forbidden, (await Register.UpdatePeopleAsync(await host.ActorAsync("publisher"), id, v, people)).Status);
        Assert.Equal(RegisterStatus.Forbidden, (await Register.UpdatePeopleAsync(await host.ActorAsync("supervisor"), id, v, people)).Status);
        Assert.Equal(RegisterStatus.Forbidden, (await Register.UpdatePeopleAsync(await host.ActorAsync("observer"), id, v, people)).Status);
        // A unit keeper may not do what is the managers' (rename, close).
        Assert.Equal(RegisterStatus.Forbidden, (await Register.UpdateAsync(await host.ActorAsync("editor"), id, v, await FormAsync("改名"))).Status);
        Assert.Equal(RegisterStatus.Forbidden, (await Register.CloseAsync(await host.ActorAsync("reviewer"), id, v, "不再更新")).Status);
        Assert.Equal(before, await SnapshotAsync());

        var byEditor = await Register.UpdatePeopleAsync(await host.ActorAsync("editor"), id, v, people);
        Assert.True(byEditor.Succeeded, byEditor.Message);
        var c = await ColumnAsync(id);
        Assert.Equal(("赵主任", "孙丙", "周丁", v + 1), (c.ResponsiblePerson, c.StaffA, c.StaffB, c.Version));
        var byReviewer = await Register.UpdatePeopleAsync(await host.ActorAsync("reviewer"), id, c.Version,
            new ColumnPeopleForm { ResponsiblePerson = "赵主任", StaffA = "孙丙", StaffB = "孙丙" });
        Assert.Equal(RegisterStatus.Invalid, byReviewer.Status);
        Assert.Equal("A岗与B岗不能是同一人（第19条(二) AB岗）", byReviewer.Errors!["StaffB"]);
        Assert.Contains(await AuditAsync("column.people"), e => e.StartsWith("张信息：", StringComparison.Ordinal) && e.Contains("→ 负责人 赵主任，A岗 孙丙，B岗 周丁"));
    }

    [Fact]
    public async Task Reads_UnitUsersSeeOnlyTheirOwnColumns_CountyRolesSeeAll()
    {
        var (edu, _) = await CreateAsync(Unique("教育栏目"));
        var (fin, _) = await CreateAsync(Unique("财政栏目"), unit: "县财政局");
        var financeUnit = await host.UnitIdAsync("县财政局");

        var seenByEditor2 = await Register.ListAsync(await host.ActorAsync("editor2"));
        Assert.All(seenByEditor2, r => Assert.Equal(financeUnit, r.UnitId));
        Assert.Contains(seenByEditor2, r => r.Id == fin);
        Assert.Null(await Register.GetAsync(await host.ActorAsync("editor2"), edu));
        // Filtering by another unit does not widen what a unit user sees.
        Assert.Empty(await Register.ListAsync(await host.ActorAsync("editor2"), new RegisterQuery { UnitId = await host.UnitIdAsync("县教育局") }));
        Assert.Empty(await Register.StaffCandidatesAsync(await host.ActorAsync("editor2"), await host.UnitIdAsync("县教育局")));
        foreach (var user in new[] { "supervisor", "observer", "accountability", "monitor", "admin" })
        {
            var all = await Register.ListAsync(await host.ActorAsync(user));
            Assert.Contains(all, r => r.Id == edu);
            Assert.Contains(all, r => r.Id == fin);
            Assert.NotNull(await Register.GetAsync(await host.ActorAsync(user), edu));
        }
    }

    [Fact]
    public async Task SuspendResumeClose_ReasonsRequired_ChildrenAndSpecialColumnsGuarded()
    {
        var (parent, pv) = await CreateAsync(Unique("停用导航"), "栏目导航", unit: "县政府办公室");
        var (child, cv) = await CreateAsync("子栏目", parentId: parent);
        var monitor = await host.ActorAsync("monitor");

        Assert.Equal(RegisterStatus.Invalid, (await Register.SuspendAsync(monitor, child, cv, "  ")).Status);
        Assert.Equal(RegisterStatus.Invalid, (await Register.CloseAsync(monitor, child, cv, null)).Status);
        var parentClose = await Register.CloseAsync(monitor, parent, pv, "栏目整合");
        Assert.Equal("该栏目下还有未关停的下级栏目，请先关停或移走下级栏目", parentClose.Errors!["reason"]);

        var suspended = await Register.SuspendAsync(monitor, child, cv, "栏目改版");
        Assert.True(suspended.Succeeded, suspended.Message);
        Assert.True((await ColumnAsync(child)).IsSuspended);
        Assert.Contains(await Register.ListAsync(monitor, new RegisterQuery { Status = RegisterFilter.Suspended }), r => r.Id == child);
        Assert.Equal("已暂停", (await Register.GetAsync(monitor, child))!.Row.StatusText);
        var resumed = await Register.ResumeAsync(monitor, child, suspended.NewVersion!.Value);
        Assert.True(resumed.Succeeded, resumed.Message);
        var closed = await Register.CloseAsync(monitor, child, resumed.NewVersion!.Value, "内容并入上级栏目");
        Assert.True(closed.Succeeded, closed.Message);

        var c = await ColumnAsync(child);
        Assert.Equal((false, host.Clock.GetUtcNow().UtcDateTime), (c.IsActive, c.ClosedAtUtc!.Value));
        Assert.DoesNotContain(await Register.ListAsync(monitor), r => r.Id == child);
        Assert.Contains(await Register.ListAsync(monitor, new RegisterQuery { Status = RegisterFilter.Closed }), r => r.Id == child && r.StatusText == "已关停");
        Assert.Equal(RegisterStatus.Invalid, (await Register.RecordUpdateAsync(await host.ActorAsync("editor"), child,
            new ColumnUpdateForm { Date = new DateOnly(2026, 3, 2), Url = "https://www.fufeng.gov.cn/a.html" })).Status);
        Assert.True((await Register.CloseAsync(monitor, parent, (await ColumnAsync(parent)).Version, "栏目整合")).Succeeded);
        var kinds = (await AuditAsync("column.suspend")).Concat(await AuditAsync("column.resume")).Concat(await AuditAsync("column.close")).ToList();
        Assert.Contains(kinds, e => e.Contains("栏目改版", StringComparison.Ordinal));
        Assert.Contains(kinds, e => e.Contains("内容并入上级栏目", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RecordUpdate_DateAndHttpUrl_StampsTheColumnAndKeepsTheRecord()
    {
        var (id, _) = await CreateAsync(Unique("登记栏目"));
        var editor = await host.ActorAsync("editor");
        var before = await SnapshotAsync();

        // 2026-03-03 is tomorrow in China (the clock is 2026-03-02 09:00 CST).
        var future = await Register.RecordUpdateAsync(editor, id, new ColumnUpdateForm { Date = new DateOnly(2026, 3, 3), Url = "https://www.fufeng.gov.cn/a.html" });
        var ftp = await Register.RecordUpdateAsync(editor, id, new ColumnUpdateForm { Date = new DateOnly(2026, 3, 1), Url = "ftp://www.fufeng.gov.cn/a.html" });
        var noUrl = await Register.RecordUpdateAsync(editor, id, new ColumnUpdateForm { Date = new DateOnly(2026, 3, 1) });
        var otherUnit = await Register.RecordUpdateAsync(await host.ActorAsync("editor2"), id,
            new ColumnUpdateForm { Date = new DateOnly(2026, 3, 1), Url = "https://www.fufeng.gov.cn/a.html" });
        Assert.Equal("更新日期不能晚于今天", future.Errors!["Date"]);
        Assert.Equal("网址须为以 http:// 或 https:// 开头的完整网址", ftp.Errors!["Url"]);
        Assert.Equal("请填写新发布信息的网址", noUrl.Errors!["Url"]);
        Assert.Equal(RegisterStatus.NotFound, otherUnit.Status);
        Assert.Equal(before, await SnapshotAsync());

        var r = await Register.RecordUpdateAsync(editor, id, new ColumnUpdateForm
        {
            Date = new DateOnly(2026, 2, 27), Url = "https://www.fufeng.gov.cn/jyj/gzdt/202602/t20260227_1.html", Title = "县教育局召开寒假安全工作会",
        });

        Assert.True(r.Succeeded, r.Message);
        var c = await ColumnAsync(id);
        // An earlier day counts from its midnight in China: 2026-02-27 00:00 CST = 2026-02-26 16:00 UTC.
        Assert.Equal(new DateTime(2026, 2, 26, 16, 0, 0), c.LastUpdatedAtUtc);
        Assert.Equal("https://www.fufeng.gov.cn/jyj/gzdt/202602/t20260227_1.html", c.LastUpdateUrl);
        await using var db = host.NewDbContext();
        var row = await db.ColumnUpdates.SingleAsync(u => u.ColumnId == id);
        Assert.Equal(("manual", "县教育局召开寒假安全工作会", editor.UserId), (row.Source, row.Title, row.RecordedByUserId));

        // An older record afterwards does not hide the newer update; today's record is the moment of recording.
        Assert.True((await Register.RecordUpdateAsync(editor, id, new ColumnUpdateForm { Date = new DateOnly(2026, 2, 20), Url = "https://www.fufeng.gov.cn/old.html" })).Succeeded);
        Assert.Equal("https://www.fufeng.gov.cn/jyj/gzdt/202602/t20260227_1.html", (await ColumnAsync(id)).LastUpdateUrl);
        Assert.True((await Register.RecordUpdateAsync(await host.ActorAsync("reviewer"), id, new ColumnUpdateForm { Date = new DateOnly(2026, 3, 2), Url = "http://www.fufeng.gov.cn/new.html" })).Succeeded);
        Assert.Equal((host.Clock.GetUtcNow().UtcDateTime, "http://www.fufeng.gov.cn/new.html"), ((await ColumnAsync(id)).LastUpdatedAtUtc!.Value, (await ColumnAsync(id)).LastUpdateUrl));
        var path = (await ColumnAsync(id)).Path;
        Assert.Equal(3, (await AuditAsync("column.update")).Count(e => e.Contains(path, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task VetoFigures_CountStaleNewsNoticePolicyAndBlank_CountyForCountyRolesUnitForUnits()
    {
        var monitor = await host.ActorAsync("monitor");
        var county = await Register.VetoFiguresAsync(monitor);
        var (news, _) = await CreateAsync(Unique("超期动态"), "动态要闻");
        var (plan, _) = await CreateAsync(Unique("超期规划"), "规划计划");
        var (blank, _) = await CreateAsync(Unique("空白通知"), "通知公告", unit: "县财政局");
        await using (var db = host.NewDbContext())
        {
            await db.Columns.Where(c => c.Id == news || c.Id == plan).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ColumnStatus.Overdue));
            await db.Columns.Where(c => c.Id == blank).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ColumnStatus.Blank));
        }

        var after = await Register.VetoFiguresAsync(monitor);
        var finance = await Register.VetoFiguresAsync(await host.ActorAsync("editor2"));

        // 规划计划 does not count toward the stale veto; the blank one counts in its own figure.
        Assert.Equal((county.StaleCount + 1, county.BlankCount + 1, true), (after.StaleCount, after.BlankCount, after.CountyWide));
        Assert.False(finance.CountyWide);
        await using var check = host.NewDbContext();
        var financeUnit = await host.UnitIdAsync("县财政局");
        Assert.Equal(await check.Columns.CountAsync(c => c.UnitId == financeUnit && c.IsActive && !c.IsSuspended && c.Status == ColumnStatus.Blank),
            finance.BlankCount);
        Assert.Equal(5, VetoFigures.Line);
        Assert.True(new VetoFigures(true, 6, 5).StaleVetoed);
        Assert.False(new VetoFigures(true, 5, 5).StaleVetoed || new VetoFigures(true, 5, 5).BlankVetoed);
    }
}
