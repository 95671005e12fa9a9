using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using static Governance.Workflows.Definitions.Accountability.MeasureWorkflow;

namespace Governance.Tests.Workflows.Accountability;

/// <summary>
/// 问责措施 (第21–22条): only officers record; 约谈 and the like are recorded as taken; 书面检查 and 责令整改 need the unit's
/// reply within working days (2026-03-02 is a Monday: + 5 → Mon 9 Mar), chased like every other deadline.
/// </summary>
public sealed class MeasureWorkflowTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;

    public async Task InitializeAsync() =>
        _host = await WorkflowTestHost.CreateAsync(start: new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static DateTime EndOfChinaDay(int m, int d) => new DateTimeOffset(2026, m, d, 23, 59, 59, TimeSpan.FromHours(8)).UtcDateTime;
    private MeasureService Service => _host.Get<MeasureService>();

    private async Task<NewMeasure> MeasureAsync(string kind, params long[] links) =>
        new(await _host.UnitIdAsync("县教育局"), kind, new DateOnly(2026, 3, 2), "整改问题 ZG-2026-00001 超期 3 个工作日未整改。", links);

    private async Task<long> RecordAsync(NewMeasure m)
    {
        var r = await Service.RecordAsync(m, await _host.ActorAsync("accountability"));
        Assert.True(r.Succeeded, r.Error);
        return r.InstanceId!.Value;
    }

    [Fact]
    public async Task Record_OnlyByOfficers_BadInputIsRefusedInChinese_AndNothingIsStored()
    {
        var (otherUnitsFinding, _) = await _host.RaiseFindingAsync(await _host.FindingAsync(unit: "县财政局"));
        var good = await MeasureAsync(MeasureKinds.Interview);
        Assert.Equal("只有督查问责人员可以记录问责措施。", (await Service.RecordAsync(good, await _host.ActorAsync("monitor"))).Error);
        Assert.Equal("只有督查问责人员可以记录问责措施。", (await Service.RecordAsync(good, await _host.ActorAsync("observer"))).Error);

        var bad = await Service.RecordAsync(good with { Kind = "罚款", Date = new DateOnly(2026, 3, 3), Reason = "", Links = [otherUnitsFinding] },
            await _host.ActorAsync("accountability"));
        Assert.False(bad.Succeeded);
        Assert.Equal("请选择措施类型", bad.FieldErrors!["kind"]);
        Assert.Equal("措施日期不能晚于今天", bad.FieldErrors["date"]);
        Assert.Equal("请填写事由", bad.FieldErrors["reason"]);
        Assert.Equal("关联事项须为该单位的整改问题或网民留言", bad.FieldErrors["links"]);
        await using var db = _host.NewDbContext();
        Assert.Equal(0, await db.AccountabilityMeasures.CountAsync());
    }

    [Fact]
    public async Task Interview_IsRecordedAsTaken_TheUnitIsToldAndSeesIt_OtherUnitsDoNot_Audited()
    {
        var (finding, _) = await _host.RaiseFindingAsync();
        var id = await RecordAsync(await MeasureAsync(MeasureKinds.Interview, finding));

        var instance = await _host.InstanceAsync(id);
        Assert.Equal(S.Recorded, instance.State);
        Assert.True(instance.IsFinal);
        Assert.Null(await _host.OpenDeadlineAsync(id));
        var view = await _host.Runtime.LoadAsync(id, await _host.ActorAsync("editor"));
        Assert.NotNull(view);
        var fields = await Service.FieldsAsync(view!);
        Assert.Equal([finding], fields!.Links.Select(l => l.Id));
        Assert.Null(await _host.Runtime.LoadAsync(id, await _host.ActorAsync("editor2")));
        Assert.Empty(await Service.ListAsync(await _host.ActorAsync("editor2")));
        Assert.Single(await Service.ListAsync(await _host.ActorAsync("observer")));

        await using var db = _host.NewDbContext();
        var told = await db.Notifications.Where(n => n.InstanceId == id).Join(db.Users, n => n.UserId, u => u.Id, (n, u) => u.UserName).OrderBy(u => u)
            .ToListAsync();
        Assert.Equal(["editor", "reviewer", "reviewer3", "secrecy"], told);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Kind == "measure.record" && a.Detail.Contains(instance.Number)));
    }

    [Fact]
    public async Task WrittenSelfExamination_ReplyDueInFiveWorkingDays_ReturnedWithReason_ThenAccepted()
    {
        var id = await RecordAsync(await MeasureAsync(MeasureKinds.WrittenSelfExamination));
        var v = (await _host.InstanceAsync(id)).Version;
        Assert.Equal(S.AwaitingReply, (await _host.InstanceAsync(id)).State);
        Assert.Equal(EndOfChinaDay(3, 9), (await _host.OpenDeadlineAsync(id))!.DueAtUtc);

        var empty = await _host.Runtime.FireAsync(id, v, T.SubmitReply, await _host.ActorAsync("editor"), new FireInput(null));
        Assert.Equal("请先填写回复（书面检查或整改情况）。", empty.Message);
        var saved = await Service.SaveReplyAsync(id, v, await _host.ActorAsync("editor"), "我局已组织全体信息员学习《办法》，建立每周巡查制度。");
        Assert.True(saved.Succeeded, saved.Message);
        v = await _host.MustFireAsync(id, saved.NewVersion!.Value, T.SubmitReply, "editor");
        var m = await ReadAsync(id);
        Assert.True(m.RepliedOnTime);

        Assert.Equal(FireStatus.Forbidden, (await _host.Runtime.FireAsync(id, v, T.AcceptReply, await _host.ActorAsync("monitor"), new FireInput(null))).Status);
        v = await _host.MustFireAsync(id, v, T.ReturnReply, "accountability", "请写明责任人和整改时限");
        Assert.Equal(S.AwaitingReply, (await _host.InstanceAsync(id)).State);
        v = await _host.MustFireAsync(id, v, T.SubmitReply, "editor");
        await _host.MustFireAsync(id, v, T.AcceptReply, "accountability");
        Assert.Equal(S.Closed, (await _host.InstanceAsync(id)).State);
    }

    private async Task<AccountabilityMeasure> ReadAsync(long id)
    {
        await using var db = _host.NewDbContext();
        return await db.AccountabilityMeasures.AsNoTracking().SingleAsync(x => x.InstanceId == id);
    }

    [Fact]
    public async Task OrderToRectify_OverdueReply_IsChasedToTheUnitThenTheOfficers_ChaseAndRevoke()
    {
        var id = await RecordAsync(await MeasureAsync(MeasureKinds.OrderRectification) with { ReplyWorkingDays = 1 }); // due Tue 3 Mar
        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 4, 8, 0, 0, TimeSpan.FromHours(8)));
        await _host.Sweep.RunAsync();
        await _host.Sweep.RunAsync();
        await using (var db = _host.NewDbContext())
        {
            var escalated = await db.Notifications.Where(n => n.InstanceId == id && n.Kind == "escalation")
                .Join(db.Users, n => n.UserId, u => u.Id, (n, u) => u.UserName).ToListAsync();
            Assert.Equal(["accountability"], escalated);
            Assert.Equal(4, await db.Notifications.CountAsync(n => n.InstanceId == id && n.Kind == "overdue"));
        }
        var v = (await _host.InstanceAsync(id)).Version;
        v = await _host.MustFireAsync(id, v, T.Chase, "accountability", "请今日回复");
        Assert.Equal(FireStatus.Invalid, (await _host.Runtime.FireAsync(id, v, T.Revoke, await _host.ActorAsync("accountability"), new FireInput(null))).Status);
        await _host.MustFireAsync(id, v, T.Revoke, "accountability", "已并入通报");
        Assert.Equal(S.Revoked, (await _host.InstanceAsync(id)).State);
    }
}
