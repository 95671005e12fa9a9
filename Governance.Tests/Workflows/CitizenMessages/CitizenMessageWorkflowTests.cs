using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using S = Governance.Workflows.Definitions.CitizenMessages.CitizenMessageWorkflow.S;
using T = Governance.Workflows.Definitions.CitizenMessages.CitizenMessageWorkflow.T;

namespace Governance.Tests.Workflows.CitizenMessages;

/// <summary>
/// W3 on the server (第12条): dispatch and hand-over, the unit's 4 working days as one deadline, returns and
/// reassignment, replies through the pre-check and 审发分离, extensions, chasing, authorization and personal data (第9条).
/// Expected due times are worked out by hand from the State Council's 2026 schedule (国办发明电〔2025〕7号).
/// </summary>
public sealed class CitizenMessageWorkflowTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;

    /// <summary>The clock starts on Mon 5 Jan 2026, before the 春节 holiday the deadlines are tested around.</summary>
    public async Task InitializeAsync() =>
        _host = await WorkflowTestHost.CreateAsync(start: new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.FromHours(8)));
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static DateTimeOffset China(int y, int m, int d, int h = 10) => new(y, m, d, h, 0, 0, TimeSpan.FromHours(8));
    private static DateTime EndOfChinaDay(int y, int m, int d) => new DateTimeOffset(y, m, d, 23, 59, 59, TimeSpan.FromHours(8)).UtcDateTime;

    private async Task<Deadline> OpenDeadlineAsync(long id) => await _host.OpenDeadlineAsync(id) ?? throw new InvalidOperationException("no deadline");

    // ------------------------------------------------------------------ deadlines on the 2026 calendar

    [Theory]
    // Assigned Fri 13 Feb (the working day before 春节): 14 Feb (调休 Saturday) is day 1; 15–23 Feb holiday; 24, 25, 26 Feb → due Thu 26 Feb.
    [InlineData(2026, 2, 13, 2026, 2, 26)]
    // Assigned on the 调休 Saturday 14 Feb: 24, 25, 26, 27 Feb → due Fri 27 Feb.
    [InlineData(2026, 2, 14, 2026, 2, 27)]
    // Assigned on a holiday (Wed 18 Feb): 24, 25, 26, 27 Feb → due Fri 27 Feb.
    [InlineData(2026, 2, 18, 2026, 2, 27)]
    // An ordinary week: Mon 2 Mar → 3, 4, 5, 6 Mar → due Fri 6 Mar.
    [InlineData(2026, 3, 2, 2026, 3, 6)]
    // Before 国庆: Wed 30 Sep → 1–7 Oct holiday; 8 Oct (Thu), 9 Oct, 10 Oct (调休 Saturday), 12 Oct → due Mon 12 Oct.
    [InlineData(2026, 9, 30, 2026, 10, 12)]
    public async Task Assign_ReplyDueAfterFourWorkingDays_DayOfAssignmentNotCounted_第12条(int ay, int am, int ad, int dy, int dm, int dd)
    {
        _host.Clock.SetUtcNow(China(ay, am, ad));
        var (id, v) = await _host.ReceiveMessageAsync();
        await _host.AssignAsync(id, v);

        var deadline = await OpenDeadlineAsync(id);
        Assert.Equal(S.Assigned, deadline.State);
        Assert.Equal(EndOfChinaDay(dy, dm, dd), deadline.DueAtUtc);
    }

    [Fact]
    public async Task Receive_DispatchDueTheNextWorkingDay()
    {
        _host.Clock.SetUtcNow(China(2026, 2, 13, 16));
        var (id, _) = await _host.ReceiveMessageAsync();
        var deadline = await OpenDeadlineAsync(id);
        Assert.Equal(S.Received, deadline.State);
        Assert.Equal(Roles.Monitor, deadline.ResponsibleRole);
        Assert.Equal(EndOfChinaDay(2026, 2, 14), deadline.DueAtUtc); // the 调休 Saturday is a working day
    }

    [Fact]
    public async Task AcceptSubmitAndReturnReply_KeepTheOneReplyDeadline()
    {
        _host.Clock.SetUtcNow(China(2026, 3, 2));
        var (id, v) = await _host.ReceiveMessageAsync();
        v = await _host.AssignAsync(id, v);
        var first = await OpenDeadlineAsync(id);

        _host.Clock.Advance(TimeSpan.FromDays(1));
        v = await _host.MustFireAsync(id, v, T.Accept, "editor");
        v = await _host.SaveReplyAsync(id, v, "您好，2026年义务教育招生报名时间为7月1日至7月10日。");
        v = await _host.MustFireAsync(id, v, T.SubmitReply, "editor");
        v = await _host.MustFireAsync(id, v, T.ReturnReply, "reviewer", "请补充报名地点");

        var now = await OpenDeadlineAsync(id);
        Assert.Equal(first.Id, now.Id);
        Assert.Equal(EndOfChinaDay(2026, 3, 6), now.DueAtUtc);
        Assert.Equal(S.Drafting, now.State);
        Assert.Equal(Roles.Editor, now.ResponsibleRole);
        await using var db = _host.NewDbContext();
        Assert.Equal(1, await db.Deadlines.CountAsync(d => d.InstanceId == id && d.State != S.Received));
    }

    [Fact]
    public async Task ReturnThenReassign_NewUnitGetsItsOwnFourWorkingDays_TotalKeptFromReceipt()
    {
        _host.Clock.SetUtcNow(China(2026, 3, 2));
        var (id, v) = await _host.ReceiveMessageAsync();
        v = await _host.AssignAsync(id, v, "县财政局");
        _host.Clock.SetUtcNow(China(2026, 3, 3));
        var before = await _host.SnapshotAsync(id);
        Assert.Equal(FireStatus.Invalid, (await _host.Runtime.FireAsync(id, v, T.Return, await _host.ActorAsync("editor2"), FireInput.Empty)).Status);
        Assert.Equal(before, await _host.SnapshotAsync(id));
        v = await _host.MustFireAsync(id, v, T.Return, "editor2", "不属于本单位职责，应由教育局答复");

        var returned = await _host.InstanceAsync(id);
        Assert.Equal(S.Returned, returned.State);
        Assert.Null(returned.HandlingUnitId);
        Assert.Equal(Roles.Monitor, returned.WaitingForRole);

        _host.Clock.SetUtcNow(China(2026, 3, 4));
        await _host.AssignAsync(id, v);
        // 5, 6, 9, 10 Mar → due Tue 10 Mar for 县教育局.
        Assert.Equal(EndOfChinaDay(2026, 3, 10), (await OpenDeadlineAsync(id)).DueAtUtc);
        await using var db = _host.NewDbContext();
        var m = await db.CitizenMessages.SingleAsync(x => x.InstanceId == id);
        Assert.Equal(1, m.ReturnCount);
        Assert.Equal(China(2026, 3, 2).UtcDateTime, m.FirstAssignedAtUtc);
        Assert.Equal(China(2026, 3, 4).UtcDateTime, m.AssignedAtUtc);
        Assert.Equal(China(2026, 3, 2).UtcDateTime, m.ReceivedAtUtc);
        var hand = (await _host.JournalAsync(id)).Where(j => j.Trigger is T.Assign or T.Return).Select(j => j.Data).ToList();
        Assert.Contains("县财政局", hand[0]!, StringComparison.Ordinal);
        Assert.Contains("退回主办单位", hand[1]!, StringComparison.Ordinal);
        Assert.Contains("县教育局", hand[2]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extension_RequestedThenApproved_MovesTheDeadlineByTheChosenDays()
    {
        _host.Clock.SetUtcNow(China(2026, 2, 13));
        var (id, v) = await _host.ReceiveMessageAsync();
        v = await _host.AssignAsync(id, v);
        v = await _host.MustFireAsync(id, v, T.Accept, "editor");

        var monitor = await _host.ActorAsync("monitor");
        var approve = Assert.Single(await _host.Runtime.ActionsAsync(id, monitor), a => a.Trigger == T.ApproveExtension);
        Assert.False(approve.IsEnabled); // nothing requested yet
        v = await _host.MustFireAsync(id, v, T.RequestExtension, "editor", "需要协调多个股室", new Dictionary<string, string?> { ["days"] = "3" });
        Assert.False(Assert.Single(await _host.Runtime.ActionsAsync(id, await _host.ActorAsync("editor")), a => a.Trigger == T.RequestExtension).IsEnabled);

        var monitorId = await _host.UserIdAsync("monitor");
        await using (var db = _host.NewDbContext())
            Assert.True(await db.Notifications.AnyAsync(n => n.UserId == monitorId && n.InstanceId == id && n.Kind == "extension"));
        // The Monitor grants 2 of the 3: 26 Feb + 2 working days = 27 Feb, 28 Feb (调休 Saturday).
        v = await _host.MustFireAsync(id, v, T.ApproveExtension, "monitor", null, new Dictionary<string, string?> { ["days"] = "2" });
        Assert.Equal(EndOfChinaDay(2026, 2, 28), (await OpenDeadlineAsync(id)).DueAtUtc);
        await using (var db = _host.NewDbContext())
        {
            var m = await db.CitizenMessages.SingleAsync(x => x.InstanceId == id);
            Assert.Equal(2, m.ExtensionDays);
            Assert.Null(m.ExtensionRequestedDays);
        }
        Assert.Equal(S.Drafting, (await _host.InstanceAsync(id)).State);
    }

    [Fact]
    public async Task Extension_Refused_KeepsTheDeadline()
    {
        _host.Clock.SetUtcNow(China(2026, 3, 2));
        var (id, v) = await _host.ReceiveMessageAsync();
        v = await _host.AssignAsync(id, v);
        v = await _host.MustFireAsync(id, v, T.RequestExtension, "editor", "人手不足", new Dictionary<string, string?> { ["days"] = "2" });
        v = await _host.MustFireAsync(id, v, T.RefuseExtension, "monitor", "可按时办理");
        Assert.Equal(EndOfChinaDay(2026, 3, 6), (await OpenDeadlineAsync(id)).DueAtUtc);
        var editorId = await _host.UserIdAsync("editor");
        await using var db = _host.NewDbContext();
        Assert.True(await db.Notifications.AnyAsync(n => n.UserId == editorId && n.InstanceId == id && n.Title.StartsWith("延期未获批准")));
    }

    // ------------------------------------------------------------------ replies

    [Fact]
    public async Task SubmitReply_WithCitizensPhoneNumber_IsDisabledWithTheReasonAndRefused_第9条()
    {
        var (id, v) = await _host.ReceiveMessageAsync();
        v = await _host.AssignAsync(id, v);
        v = await _host.MustFireAsync(id, v, T.Accept, "editor");
        v = await _host.SaveReplyAsync(id, v, "已电话联系王先生（13912345678），报名时间为7月1日。");
        var editor = await _host.ActorAsync("editor");

        var submit = Assert.Single(await _host.Runtime.ActionsAsync(id, editor), a => a.Trigger == T.SubmitReply);
        Assert.False(submit.IsEnabled);
        Assert.Contains("13912345678", submit.DisabledReason, StringComparison.Ordinal);
        var before = await _host.SnapshotAsync(id);
        Assert.Equal(FireStatus.Invalid, (await _host.Runtime.FireAsync(id, v, T.SubmitReply, editor, FireInput.Empty)).Status);
        Assert.Equal(before, await _host.SnapshotAsync(id));

        v = await _host.SaveReplyAsync(id, v, "您好，2026年义务教育招生报名时间为7月1日至7月10日。");
        await _host.MustFireAsync(id, v, T.SubmitReply, "editor");
        Assert.Equal(S.ReplyReview, (await _host.InstanceAsync(id)).State);
    }

    [Fact]
    public async Task ApproveReply_ByWhoWroteIt_IsForbidden_ByAnotherReviewer_RecordsOnTime()
    {
        _host.Clock.SetUtcNow(China(2026, 3, 2));
        var (id, v) = await _host.ReceiveMessageAsync();
        v = await _host.AssignAsync(id, v);
        // reviewer3 holds Editor and UnitReviewer in 县教育局: drafts and submits, then may not approve.
        v = await _host.MustFireAsync(id, v, T.Accept, "reviewer3");
        v = await _host.SaveReplyAsync(id, v, "您好，报名时间为7月1日至7月10日。", "reviewer3");
        v = await _host.MustFireAsync(id, v, T.SubmitReply, "reviewer3");
        var refused = await _host.Runtime.FireAsync(id, v, T.ApproveReply, await _host.ActorAsync("reviewer3"), FireInput.Empty);
        Assert.Equal(FireStatus.Forbidden, refused.Status);
        Assert.Contains("审发分离", refused.Message, StringComparison.Ordinal);

        _host.Clock.SetUtcNow(China(2026, 3, 6, 18));
        await _host.MustFireAsync(id, v, T.ApproveReply, "reviewer");
        await using var db = _host.NewDbContext();
        var m = await db.CitizenMessages.SingleAsync(x => x.InstanceId == id);
        Assert.Equal(China(2026, 3, 6, 18).UtcDateTime, m.RepliedAtUtc);
        Assert.True(m.RepliedOnTime);
        Assert.Equal(await _host.UnitIdAsync("县教育局"), m.RepliedByUnitId);
        Assert.Equal(S.Replied, (await _host.InstanceAsync(id)).State);
        Assert.Null(await _host.OpenDeadlineAsync(id));
    }

    [Fact]
    public async Task ApproveReply_AfterTheDeadline_IsRecordedLate()
    {
        _host.Clock.SetUtcNow(China(2026, 3, 2));
        var (id, v) = await _host.ReceiveMessageAsync();
        v = await _host.AssignAsync(id, v);
        v = await _host.MustFireAsync(id, v, T.Accept, "editor");
        v = await _host.SaveReplyAsync(id, v, "您好，报名时间为7月1日至7月10日。");
        v = await _host.MustFireAsync(id, v, T.SubmitReply, "editor");
        _host.Clock.SetUtcNow(China(2026, 3, 7, 9)); // Saturday after the Friday due day
        v = await _host.MustFireAsync(id, v, T.ApproveReply, "reviewer");
        await _host.MustFireAsync(id, v, T.Close, "monitor");
        await using var db = _host.NewDbContext();
        var m = await db.CitizenMessages.SingleAsync(x => x.InstanceId == id);
        Assert.False(m.RepliedOnTime);
        Assert.NotNull(m.ClosedAtUtc);
        Assert.True((await _host.InstanceAsync(id)).IsFinal);
    }

    [Fact]
    public async Task Chase_NotifiesTheHandlingUnitAtOnce()
    {
        var (id, v) = await _host.ReceiveMessageAsync();
        v = await _host.AssignAsync(id, v);
        await _host.MustFireAsync(id, v, T.Chase, "monitor", "群众反映强烈，请今日答复");
        await using var db = _host.NewDbContext();
        var chased = await db.Notifications.Where(n => n.InstanceId == id && n.Kind == "chase").Select(n => n.UserId).ToListAsync();
        var expected = new[] { "editor", "reviewer", "reviewer3", "secrecy" };
        var ids = new List<string>();
        foreach (var u in expected) ids.Add(await _host.UserIdAsync(u));
        Assert.Equal(ids.Order(), chased.Order());
    }

    [Fact]
    public async Task MarkInvalid_NeedsAReasonAndEndsIt()
    {
        var (id, v) = await _host.ReceiveMessageAsync();
        Assert.Equal(FireStatus.Invalid, (await _host.Runtime.FireAsync(id, v, T.MarkInvalid, await _host.ActorAsync("monitor"), FireInput.Empty)).Status);
        await _host.MustFireAsync(id, v, T.MarkInvalid, "monitor", "重复留言");
        Assert.True((await _host.InstanceAsync(id)).IsFinal);
    }

    [Fact]
    public async Task Assign_ToTheDispatchCentreOrASupervisingUnit_IsRefused()
    {
        var (id, v) = await _host.ReceiveMessageAsync();
        var before = await _host.SnapshotAsync(id);
        var r = await _host.Runtime.FireAsync(id, v, T.Assign, await _host.ActorAsync("monitor"),
            new FireInput(null, CitizenMessageHostExtensions.UnitField(await _host.UnitIdAsync("县委网信办"))));
        Assert.Equal(FireStatus.Invalid, r.Status);
        Assert.Contains("不是留言承办单位", r.Message, StringComparison.Ordinal);
        Assert.Equal(before, await _host.SnapshotAsync(id));
    }

    // ------------------------------------------------------------------ who sees what

    [Fact]
    public async Task OtherUnit_SeesAndDoesNothing_PersonalDataOnlyForMonitorAndHandlingUnit()
    {
        var (id, v) = await _host.ReceiveMessageAsync();
        v = await _host.AssignAsync(id, v);
        var editor2 = await _host.ActorAsync("editor2");
        Assert.Null(await _host.Runtime.LoadAsync(id, editor2));
        Assert.Equal(FireStatus.NotFound, (await _host.Runtime.FireAsync(id, v, T.Accept, editor2, FireInput.Empty)).Status);
        Assert.DoesNotContain((await _host.Messages().ListAsync(editor2, new MessageQuery())).Rows, r => r.Id == id);
        Assert.Contains((await _host.Messages().ListAsync(await _host.ActorAsync("editor"), new MessageQuery())).Rows, r => r.Id == id);

        async Task<CitizenMessage> FieldsFor(string user)
        {
            var actor = await _host.ActorAsync(user);
            var view = await _host.Runtime.LoadAsync(id, actor);
            return (await _host.Messages().FieldsAsync(view!, actor))!.Message;
        }
        Assert.Equal("王小明", (await FieldsFor("monitor")).CitizenName);
        Assert.Equal("13912345678", (await FieldsFor("editor")).CitizenPhone);
        foreach (var user in new[] { "supervisor", "observer", "accountability", "admin" })
        {
            var m = await FieldsFor(user);
            Assert.Equal("王**", m.CitizenName);
            Assert.DoesNotContain("13912345678", m.CitizenPhone, StringComparison.Ordinal);
            Assert.DoesNotContain("wxm@example.com", m.CitizenEmail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DispatchBoard_OldestFirst_AssignManyJournalsEachOnItsOwn()
    {
        _host.Clock.SetUtcNow(China(2026, 3, 2, 9));
        var first = await _host.ReceiveMessageAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await _host.ReceiveMessageAsync();
        var monitor = await _host.ActorAsync("monitor");
        var board = await _host.Messages().DispatchBoardAsync(monitor);
        Assert.Equal([first.Id, second.Id], board.Select(r => r.Id));
        Assert.Equal(EndOfChinaDay(2026, 3, 3), board[0].DueAtUtc);
        Assert.Empty(await _host.Messages().DispatchBoardAsync(await _host.ActorAsync("editor")));

        var outcomes = await _host.Messages().AssignManyAsync(monitor, [first, second], await _host.UnitIdAsync("县教育局"), "请按时答复");
        Assert.All(outcomes, o => Assert.Equal(FireStatus.Applied, o.Result.Status));
        foreach (var id in new[] { first.Id, second.Id })
            Assert.Single(await _host.JournalAsync(id), j => j.Trigger == T.Assign && j.Comment == "请按时答复");
        Assert.Empty(await _host.Messages().DispatchBoardAsync(monitor));
        // A stale version in the batch is refused for that message only.
        var third = await _host.ReceiveMessageAsync();
        var stale = await _host.Messages().AssignManyAsync(monitor, [(third.Id, third.Version + 7)], await _host.UnitIdAsync("县教育局"), null);
        Assert.Equal(FireStatus.Conflict, Assert.Single(stale).Result.Status);
    }

    // ------------------------------------------------------------------ intake

    [Fact]
    public async Task Intake_SameSourceRefTwice_OneMessage()
    {
        var intake = CitizenMessageDriver.Intake("12345-0001");
        var a = await _host.ReceiveMessageAsync(intake);
        var b = await _host.ReceiveMessageAsync(intake);
        Assert.Equal(a.Id, b.Id);
        await using var db = _host.NewDbContext();
        Assert.Equal(1, await db.CitizenMessages.CountAsync(m => m.SourceRef == "12345-0001"));
        var journal = await _host.JournalAsync(a.Id);
        Assert.Equal("system:api:test", Assert.Single(journal).ActorUserId);
    }

    [Theory]
    [InlineData("sourceRef", "", "请填写来源编号")]
    [InlineData("title", "   ", "请填写留言标题")]
    [InlineData("content", "", "请填写留言内容")]
    [InlineData("citizenName", "", "请填写留言人姓名")]
    [InlineData("category", "表扬", "留言类别须为")]
    [InlineData("citizenPhone", "电话号码", "联系电话格式不正确")]
    [InlineData("citizenEmail", "not-an-email", "电子邮箱格式不正确")]
    [InlineData("receivedAt", "2026-03-02 09:30", "ISO 8601")]
    [InlineData("receivedAt", "2030-01-01T00:00:00+08:00", "不能晚于当前时间")]
    public void Validate_EachBadField_HasItsChineseMessage(string field, string value, string expected)
    {
        var intake = CitizenMessageDriver.Intake();
        typeof(MessageIntake).GetProperty(char.ToUpperInvariant(field[0]) + field[1..])!.SetValue(intake, value);
        var (valid, errors) = MessageValidator.Validate(intake, new DateTime(2026, 3, 2, 1, 0, 0, DateTimeKind.Utc));
        Assert.Null(valid);
        Assert.Contains(expected, errors[field], StringComparison.Ordinal);
    }
}
