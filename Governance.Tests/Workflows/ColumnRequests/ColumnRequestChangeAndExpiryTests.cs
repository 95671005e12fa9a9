using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.Engine;
using Governance.Workflows.Registers;
using Microsoft.EntityFrameworkCore;
using S = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow.S;
using T = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow.T;

namespace Governance.Tests.Workflows.ColumnRequests;

/// <summary>
/// W1 v2 on the register: 同意调整 applies what the change request said (name, end date, 栏目负责人, A岗/B岗) to the column and
/// the request; a special column past its planned end date becomes 到期待处理 for its unit once per end date, fired by the
/// daily sweep, and the unit extends (a later end date expires again) or closes it. Each test has its own database and clock
/// (Monday 2026-03-02 09:00 China time); the driver's request runs 2026-03-10 to 2026-12-31, committed 每周.
/// </summary>
public sealed class ColumnRequestChangeAndExpiryTests : IAsyncLifetime
{
    private WorkflowTestHost host = null!;

    public async Task InitializeAsync() => host = await WorkflowTestHost.CreateAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    private static Dictionary<string, string?> Fields(params (string Key, string? Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    private async Task<(ColumnRequest Request, Column Column)> RowsAsync(long id)
    {
        await using var db = host.NewDbContext();
        var r = await db.ColumnRequests.AsNoTracking().SingleAsync(x => x.InstanceId == id);
        return (r, await db.Columns.AsNoTracking().SingleAsync(c => c.Id == r.ColumnId));
    }

    private void On(int y, int m, int d) => host.Clock.SetUtcNow(new DateTimeOffset(y, m, d, 1, 0, 0, TimeSpan.Zero));

    private Task SweepAsync() => host.Get<ColumnStalenessSweep>().RunAsync();

    /// <summary>user|title of the notifications of one journal entry.</summary>
    private async Task<List<string>> NotifiedAsync(long id, int seq)
    {
        await using var db = host.NewDbContext();
        var prefix = $"t:{id}:{seq}:";
        return await (from n in db.Notifications
                      where n.InstanceId == id && n.DedupKey.StartsWith(prefix)
                      join u in db.Users on n.UserId equals u.Id
                      orderby u.UserName
                      select u.UserName + "|" + n.Title).ToListAsync();
    }

    [Fact]
    public async Task Setup_PlacesTheColumnUnderTheHeadingWithItsCommittedCadence()
    {
        var (id, _) = await host.DriveW1Async(S.Active);

        var (r, c) = await RowsAsync(id);

        Assert.Equal(("专题专栏/" + r.ColumnName, 7, ColumnStatus.Normal), (c.Path, c.CommittedCadenceDays, c.Status));
        await using var db = host.NewDbContext();
        Assert.Equal("专题专栏", await db.Columns.Where(x => x.Id == c.ParentId).Select(x => x.Path).SingleAsync());
    }

    [Fact]
    public async Task ApproveAdjust_AppliesTheRequestedChangesToTheColumnAndTheRequest()
    {
        var (id, v) = await host.DriveW1Async(S.Active);
        var (before, _) = await RowsAsync(id);

        v = await host.MustFireAsync(id, v, T.RequestChange, "editor", "二期工作启动，栏目更名并延长",
            Fields((ColumnRequestWorkflow.F.ColumnName, "义务教育质量提升专栏（二期）"), (ColumnRequestWorkflow.F.EndDate, "2027-06-30"),
                (ColumnRequestWorkflow.F.ResponsiblePerson, "赵主任"), (ColumnRequestWorkflow.F.StaffA, "孙丙"), (ColumnRequestWorkflow.F.StaffB, null)));
        // Under review nothing has changed yet.
        Assert.Equal((before.ColumnName, new DateOnly(2026, 12, 31)), ((await RowsAsync(id)).Column.Name, (await RowsAsync(id)).Column.EndDate!.Value));
        await host.MustFireAsync(id, v, T.ApproveAdjust, "supervisor");

        var (r, c) = await RowsAsync(id);
        Assert.Equal(("义务教育质量提升专栏（二期）", "专题专栏/义务教育质量提升专栏（二期）", new DateOnly(2027, 6, 30), "赵主任", "孙丙", "陈乙"),
            (c.Name, c.Path, c.EndDate!.Value, c.ResponsiblePerson, c.StaffA, c.StaffB));
        Assert.Equal(("义务教育质量提升专栏（二期）", new DateOnly(2027, 6, 30), "赵主任", "孙丙", "陈乙"),
            (r.ColumnName, r.EndDate, r.ResponsiblePerson, r.StaffA, r.StaffB));
        Assert.Equal("义务教育质量提升专栏（二期）", (await host.InstanceAsync(id)).Title);
        var entry = (await host.JournalAsync(id))[^1];
        Assert.Contains($"栏目名称：{before.ColumnName} → 义务教育质量提升专栏（二期）；结束日期：2026-12-31 → 2027-06-30；栏目负责人：王主任 → 赵主任；A岗：刘甲 → 孙丙",
            entry.Data!, StringComparison.Ordinal);
        await using var db = host.NewDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Kind == "column.edit" && a.Detail.Contains("义务教育质量提升专栏（二期）") && a.UserName == "赵审批"));
    }

    [Theory]
    [InlineData(ColumnRequestWorkflow.F.EndDate, "2026-02-30", "结束日期格式不正确，应如 2026-12-31")]
    [InlineData(ColumnRequestWorkflow.F.EndDate, "2026-03-01", "结束日期不能早于今天")]
    [InlineData(ColumnRequestWorkflow.F.EndDate, "2026-03-05", "结束日期须晚于开始日期 2026-03-10")]
    [InlineData(ColumnRequestWorkflow.F.ColumnName, "专题/二期", "栏目名称不能包含“/”或“›”")]
    [InlineData(ColumnRequestWorkflow.F.StaffA, "陈乙", "A岗与B岗不能是同一人（第19条(二) AB岗）")]
    public async Task RequestChange_BadField_InvalidWithTheReason_AndChangesNothing(string field, string value, string reason)
    {
        var (id, v) = await host.DriveW1Async(S.Active);
        var before = await host.SnapshotAsync(id);

        var r = await host.Runtime.FireAsync(id, v, T.RequestChange, await host.ActorAsync("editor"), new FireInput("调整", Fields((field, value))));

        Assert.Equal(FireStatus.Invalid, r.Status);
        Assert.Equal(reason, r.FieldErrors![field == ColumnRequestWorkflow.F.StaffA ? ColumnRequestWorkflow.F.StaffB : field]);
        Assert.Equal(before, await host.SnapshotAsync(id));
    }

    [Fact]
    public async Task RefuseChange_LeavesTheColumnAsItWas()
    {
        var (id, v) = await host.DriveW1Async(S.Active);
        var (_, before) = await RowsAsync(id);
        v = await host.MustFireAsync(id, v, T.RequestChange, "editor", "更名", Fields((ColumnRequestWorkflow.F.ColumnName, "新名称专栏")));

        await host.MustFireAsync(id, v, T.RefuseChange, "supervisor", "名称不宜更改");

        var (r, c) = await RowsAsync(id);
        Assert.Equal((before.Name, before.Version), (c.Name, c.Version));
        Assert.NotEqual("新名称专栏", r.ColumnName);
    }

    [Fact]
    public async Task Expire_BySweepOncePerEndDate_UnitExtends_TheNewEndDateExpiresAgain_ThenCloses()
    {
        var (id, v) = await host.DriveW1Async(S.Active);
        var columnId = (await RowsAsync(id)).Column.Id;
        await using (var db = host.NewDbContext())
            await db.Columns.Where(c => c.Id == columnId).ExecuteUpdateAsync(s => s.SetProperty(c => c.EndDate, new DateOnly(2026, 3, 10)));

        On(2026, 3, 10); // the last day: not yet past
        await SweepAsync();
        Assert.Equal(S.Active, (await host.InstanceAsync(id)).State);

        On(2026, 3, 11);
        await SweepAsync();
        await SweepAsync();
        var expiring = await host.InstanceAsync(id);
        Assert.Equal((S.Expiring, "Editor", expiring.OwnerUnitId), (expiring.State, expiring.WaitingForRole, expiring.WaitingForUnitId));
        var journal = await host.JournalAsync(id);
        var expire = Assert.Single(journal, j => j.Trigger == T.Expire);
        Assert.Equal(("系统（栏目巡检）", "System", (int?)null), (expire.ActorName, expire.ActorRole, expire.ActorUnitId));
        Assert.Contains("\"endDate\":\"2026-03-10\"", expire.Data!, StringComparison.Ordinal);
        // The unit's Editors are told (editor and reviewer3); the task has its deadline.
        var title = expiring.Title;
        Assert.Equal([$"editor|待办：专题专栏开设申请「{title}」待您到期待处理", $"reviewer3|待办：专题专栏开设申请「{title}」待您到期待处理"],
            await NotifiedAsync(id, expire.Seq));
        Assert.Equal(S.Expiring, (await host.OpenDeadlineAsync(id))!.State);
        Assert.Contains(await host.Inbox.ForAsync(await host.ActorAsync("editor")), i => i.InstanceId == id);

        // An "extension" to a day already past is refused; a later date goes to review, and once agreed the column runs on.
        v = expiring.Version;
        var same = await host.Runtime.FireAsync(id, v, T.RequestExtension, await host.ActorAsync("editor"),
            new FireInput("延期", Fields((ColumnRequestWorkflow.F.EndDate, "2026-03-10"))));
        Assert.Equal("结束日期不能早于今天", same.FieldErrors![ColumnRequestWorkflow.F.EndDate]);
        v = await host.MustFireAsync(id, v, T.RequestExtension, "editor", "专项工作延长至四月底", Fields((ColumnRequestWorkflow.F.EndDate, "2026-04-30")));
        Assert.Equal(S.ChangeReview, (await host.InstanceAsync(id)).State);
        v = await host.MustFireAsync(id, v, T.ApproveAdjust, "supervisor");
        Assert.Equal((S.Active, new DateOnly(2026, 4, 30)), ((await host.InstanceAsync(id)).State, (await RowsAsync(id)).Column.EndDate!.Value));
        await SweepAsync();
        Assert.Equal(S.Active, (await host.InstanceAsync(id)).State);

        On(2026, 5, 1);
        await SweepAsync();
        Assert.Equal(S.Expiring, (await host.InstanceAsync(id)).State);
        Assert.Equal(["2026-03-10", "2026-04-30"], (await host.JournalAsync(id)).Where(j => j.Trigger == T.Expire)
            .Select(j => System.Text.Json.JsonDocument.Parse(j.Data!).RootElement.GetProperty("endDate").GetString()));

        v = await host.MustFireAsync(id, (await host.InstanceAsync(id)).Version, T.RequestClose, "editor", "专项工作已结束");
        await host.MustFireAsync(id, v, T.ApproveClose, "supervisor");
        var (_, closed) = await RowsAsync(id);
        Assert.Equal((S.Archived, false), ((await host.InstanceAsync(id)).State, closed.IsActive));
        Assert.Equal(host.Clock.GetUtcNow().UtcDateTime, closed.ClosedAtUtc);
    }

    [Fact]
    public async Task Expire_RefusedRequestBackToActive_IsNotRaisedAgainForTheSameEndDate()
    {
        var (id, v) = await host.DriveW1Async(S.Expiring);
        v = await host.MustFireAsync(id, v, T.RequestClose, "editor", "申请关停");
        await host.MustFireAsync(id, v, T.RefuseChange, "supervisor", "请继续运行至年底");

        await SweepAsync();
        host.Clock.Advance(TimeSpan.FromDays(1));
        await SweepAsync();

        Assert.Equal(S.Active, (await host.InstanceAsync(id)).State);
        Assert.Single(await host.JournalAsync(id), j => j.Trigger == T.Expire);
        // By hand the system may not raise it twice either.
        var again = await host.Runtime.FireAsync(id, (await host.InstanceAsync(id)).Version, T.Expire, ColumnStalenessSweep.SystemActor, FireInput.Empty);
        Assert.Equal((FireStatus.Invalid, "栏目 2026-03-01 到期已提醒过。"), (again.Status, again.Message));
    }

    [Fact]
    public async Task Expire_RequestOnVersion1_IsLeftAlone()
    {
        var (id, _) = await host.DriveW1Async(S.Active);
        var columnId = (await RowsAsync(id)).Column.Id;
        await using (var db = host.NewDbContext())
        {
            // A request that started before version 2 (its definition knows no expiry).
            await db.WorkflowInstances.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.DefinitionVersion, 1));
            await db.Columns.Where(c => c.Id == columnId).ExecuteUpdateAsync(s => s.SetProperty(c => c.EndDate, new DateOnly(2026, 3, 1)));
        }

        await SweepAsync();

        Assert.Equal((S.Active, 1), ((await host.InstanceAsync(id)).State, (await host.InstanceAsync(id)).DefinitionVersion));
        Assert.DoesNotContain(await host.JournalAsync(id), j => j.Trigger == T.Expire);
    }
}
