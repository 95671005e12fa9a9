using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Definitions.Duties;
using Governance.Workflows.Mail;
using Governance.Workflows.Notifications;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using W1 = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow;

namespace Governance.Tests.Workflows.Mail;

/// <summary>
/// E-mail notifications end to end on a real SMTP server on loopback (the SmtpServer package, started by each test): a
/// workflow transition or the daily digest writes the notification and its outbox row in one transaction; the mail job
/// sends it afterwards, once, as UTF-8 MIME in Chinese with the absolute link; failures are retried with a back-off up to
/// the cap; mail off queues nothing. The expected texts are written out by hand.
/// </summary>
public sealed class MailOutboxTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;

    public async Task InitializeAsync() => _host = await WorkflowTestHost.CreateAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>W1 提交 by the editor of 县教育局: its three UnitReviewers (reviewer, secrecy, reviewer3) are notified.</summary>
    private async Task<long> SubmitW1Async()
    {
        var (id, v) = await _host.CreateDraftAsync("editor", "义务教育质量提升专栏");
        await _host.MustFireAsync(id, v, W1.T.Submit, "editor");
        return id;
    }

    private void Advance(TimeSpan by) => _host.Clock.Advance(by);

    [Fact]
    public async Task Transition_QueuesAMailForTheReviewerWithAnAddress_TheJobDeliversItOnce_ChineseSubjectBodyAndLink()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        await _host.SaveMailSettingsAsync(MailTestKit.Settings(smtp.Port));
        await _host.SetEmailAsync("reviewer", MailTestKit.ReviewerAddress); // secrecy and reviewer3 have none

        var id = await SubmitW1Async();

        // Queued with the notification, in its transaction; nothing sent inside it.
        var row = Assert.Single(await _host.OutboxAsync());
        Assert.Equal(OutboxMailStatus.Pending, row.Status);
        Assert.Equal(MailTestKit.ReviewerAddress, row.ToAddress);
        await using (var db = _host.NewDbContext())
        {
            var notified = await db.Notifications.Where(n => n.InstanceId == id).Join(db.Users, n => n.UserId, u => u.Id, (n, u) => u.UserName)
                .OrderBy(x => x).ToListAsync();
            Assert.Equal(["reviewer", "reviewer3", "secrecy"], notified);
            Assert.Equal(await _host.UserIdAsync("reviewer"), (await db.Notifications.SingleAsync(n => n.Id == row.NotificationId)).UserId);
        }
        Assert.Empty(smtp.Received);

        Assert.Equal(1, await _host.Job().RunAsync());

        var mail = Assert.Single(smtp.Received);
        Assert.Equal([MailTestKit.ReviewerAddress], mail.To);
        Assert.Equal(MailTestKit.From, mail.From);
        var m = mail.Message;
        Assert.Equal("【扶风县政府网站管理】待办：专题专栏开设申请「义务教育质量提升专栏」待您单位审核", m.Subject);
        // RFC 2047 in UTF-8 on the wire (not raw 8-bit, not GB2312): every client decodes it.
        Assert.Contains("Subject: =?utf-8?b?", mail.RawHeaders, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("扶风县政府网站管理工作流门户", ((MailboxAddress)m.From.Single()).Name);
        Assert.Equal("李审核", ((MailboxAddress)m.To.Single()).Name);
        var text = m.BodyParts.OfType<TextPart>().Single(p => p.IsPlain);
        Assert.Equal("utf-8", text.ContentType.Charset, ignoreCase: true);
        Assert.StartsWith("李审核，您好：\n\n待办：专题专栏开设申请「义务教育质量提升专栏」待您单位审核\n", m.TextBody!.ReplaceLineEndings("\n"),
            StringComparison.Ordinal);
        Assert.Contains($"请登录门户查看：https://zwgl.fufeng.example/column-requests/{id}\n", m.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"<a href=\"https://zwgl.fufeng.example/column-requests/{id}\">", m.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("此邮件由扶风县政府网站管理工作流门户自动发送，请勿直接回复。", m.TextBody, StringComparison.Ordinal);
        Assert.Equal($"notification-{row.Id}@fufeng.example", m.MessageId);

        row = Assert.Single(await _host.OutboxAsync());
        Assert.Equal(OutboxMailStatus.Sent, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(_host.Clock.GetUtcNow().UtcDateTime, row.SentAtUtc);
        Assert.Null(row.ClaimToken);

        // Again, and later: nothing more.
        Assert.Equal(0, await _host.Job().RunAsync());
        Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await _host.Job().RunAsync());
        Assert.Single(smtp.Received);
    }

    [Fact]
    public async Task DailyDigest_IsMailedToo_WithTheWorkbenchLink()
    {
        await _host.RaiseFindingAsync(); // waits for 县教育局's Editors (notified before mail is on: not mailed)
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        await _host.SaveMailSettingsAsync(MailTestKit.Settings(smtp.Port));
        await _host.SetEmailAsync("editor", "zhang.xinxi@jyj.fufeng.example");
        Assert.Empty(await _host.OutboxAsync());

        Assert.True(await _host.Get<DailyDigest>().RunAsync() > 0); // Mon 2 Mar 09:00 China time
        Assert.Equal(1, await _host.Job().RunAsync());

        var mail = Assert.Single(smtp.Received);
        Assert.Equal(["zhang.xinxi@jyj.fufeng.example"], mail.To);
        var m = mail.Message;
        Assert.Equal("【扶风县政府网站管理】每日待办：1 项待办", m.Subject);
        var body = m.TextBody!.ReplaceLineEndings("\n");
        Assert.StartsWith("张信息，您好：\n\n每日待办：1 项待办\n\n整改跟踪「错别字：", body, StringComparison.Ordinal);
        Assert.Contains("请登录门户查看：https://zwgl.fufeng.example/\n", body, StringComparison.Ordinal);
        // The digest runs hourly: the next run writes nothing, so nothing more is mailed.
        Assert.Equal(0, await _host.Get<DailyDigest>().RunAsync());
        Assert.Equal(0, await _host.Job().RunAsync());
        Assert.Single(smtp.Received);
    }

    [Fact]
    public async Task NothingListening_RowStaysPendingWithTheError_BacksOff_ThenSentOnceTheServerIsUp()
    {
        var port = LoopbackSmtpServer.FreePort();
        await _host.SaveMailSettingsAsync(MailTestKit.Settings(port));
        await _host.SetEmailAsync("reviewer", MailTestKit.ReviewerAddress);
        await SubmitW1Async();

        Assert.Equal(0, await _host.Job().RunAsync());
        var row = Assert.Single(await _host.OutboxAsync());
        Assert.Equal(OutboxMailStatus.Pending, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Equal($"无法连接邮件服务器 127.0.0.1:{port}（连接被拒绝，该端口上没有邮件服务）。请检查服务器地址、端口和防火墙。", row.LastError);
        Assert.Equal(_host.Clock.GetUtcNow().UtcDateTime.AddMinutes(1), row.NextAttemptAtUtc);

        // Within the back-off nothing is tried.
        Assert.Equal(0, await _host.Job().RunAsync());
        Assert.Equal(1, Assert.Single(await _host.OutboxAsync()).Attempts);

        await using var smtp = await LoopbackSmtpServer.StartAsync(port);
        Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await _host.Job().RunAsync());
        Assert.Equal([MailTestKit.ReviewerAddress], Assert.Single(smtp.Received).To);
        row = Assert.Single(await _host.OutboxAsync());
        Assert.Equal((OutboxMailStatus.Sent, 2, null), (row.Status, row.Attempts, row.LastError));

        Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await _host.Job().RunAsync());
        Assert.Single(smtp.Received);
    }

    [Fact]
    public async Task ServerRejectsTheRecipient_ErrorRecorded_RetriedAfterTheBackOff_UpToFiveAttempts_ThenFailed_AdminResends()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        smtp.AcceptRecipient = _ => false;
        await _host.SaveMailSettingsAsync(MailTestKit.Settings(smtp.Port));
        await _host.SetEmailAsync("reviewer", MailTestKit.ReviewerAddress);
        await SubmitW1Async();

        // Back-off 1, 5, 15, 60 minutes; the fifth failure gives up.
        int[] waits = [0, 1, 5, 15, 60];
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            Assert.Equal(0, await _host.Job().RunAsync());
            var row = Assert.Single(await _host.OutboxAsync());
            Assert.Equal(attempt, row.Attempts);
            if (attempt < 5)
            {
                Assert.Equal(OutboxMailStatus.Pending, row.Status);
                Assert.Equal($"邮件服务器 127.0.0.1:{smtp.Port} 拒绝了邮件：550 mailbox unavailable", row.LastError);
                // One minute short of the back-off: not tried; then due.
                Advance(TimeSpan.FromMinutes(waits[attempt] - 1));
                Assert.Equal(0, await _host.Job().RunAsync());
                Assert.Equal(attempt, Assert.Single(await _host.OutboxAsync()).Attempts);
                Advance(TimeSpan.FromMinutes(1));
            }
            else
            {
                Assert.Equal(OutboxMailStatus.Failed, row.Status);
                Assert.Equal($"已尝试 5 次，停止发送。最后一次：邮件服务器 127.0.0.1:{smtp.Port} 拒绝了邮件：550 mailbox unavailable", row.LastError);
            }
        }
        smtp.AcceptRecipient = _ => true;
        Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await _host.Job().RunAsync()); // Failed stays failed
        Assert.Empty(smtp.Received);

        var outbox = _host.Get<MailOutboxService>();
        Assert.Equal((0, "只有系统管理员可以重新发送邮件。"), await outbox.RetryAsync(await _host.ActorAsync("monitor")));
        Assert.Equal((1, (string?)null), await outbox.RetryAsync(await _host.ActorAsync("admin")));
        Assert.Equal(1, await _host.Job().RunAsync());
        Assert.Single(smtp.Received);
        var sent = Assert.Single(await _host.OutboxAsync());
        Assert.Equal((OutboxMailStatus.Sent, 1), (sent.Status, sent.Attempts));
    }

    [Fact]
    public async Task TwoRunsAtOnce_EachMailSentOnce_AndARowClaimedByAnotherRunIsLeftAlone()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        await _host.SaveMailSettingsAsync(MailTestKit.Settings(smtp.Port));
        await _host.SetEmailAsync("reviewer", MailTestKit.ReviewerAddress);
        var reviewer = await _host.UserIdAsync("reviewer");
        var now = _host.Clock.GetUtcNow().UtcDateTime;
        await using (var db = _host.NewDbContext())
        {
            for (var i = 1; i <= 12; i++)
                NotificationService.Add(db, [reviewer], "status", $"第 {i} 条通知", null, "/", null, $"mailtest:{i}", now);
            await db.SaveChangesAsync();
        }
        Assert.Equal(12, (await _host.OutboxAsync()).Count);

        // A row another run has claimed (and is sending) is not touched while its claim is fresh.
        var claimedId = (await _host.OutboxAsync())[0].Id;
        await using (var db = _host.NewDbContext())
            await db.MailOutbox.Where(m => m.Id == claimedId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxMailStatus.Sending)
                .SetProperty(m => m.ClaimToken, "another-run").SetProperty(m => m.ClaimedAtUtc, now).SetProperty(m => m.Attempts, 1));

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => _host.Job().RunAsync())));
        Assert.Equal(11, runs.Sum());
        Assert.Equal(11, smtp.Received.Count);
        Assert.Equal(11, smtp.Received.Select(r => r.Message.MessageId).Distinct().Count());
        Assert.Equal(Enumerable.Range(2, 11).Select(i => $"【扶风县政府网站管理】第 {i} 条通知").Order(),
            smtp.Received.Select(r => r.Message.Subject).Order());

        // A claim left by a run that died is taken back after 15 minutes, and that mail goes out then.
        Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(1, await _host.Job().RunAsync());
        Assert.Equal(12, smtp.Received.Count);
        Assert.Contains(smtp.Received, r => r.Message.Subject == "【扶风县政府网站管理】第 1 条通知");
        Assert.All(await _host.OutboxAsync(), r => Assert.Equal(OutboxMailStatus.Sent, r.Status));
    }

    [Fact]
    public async Task ServerWithSignIn_TheStoredPasswordIsUsed_AWrongOneIsReportedInChinese()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync(login: ("zwgl", "Fufeng-邮件-2026"));
        await _host.SaveMailSettingsAsync(MailTestKit.Settings(smtp.Port, user: "zwgl", password: "wrong-password"));
        await _host.SetEmailAsync("reviewer", MailTestKit.ReviewerAddress);
        await SubmitW1Async();

        Assert.Equal(0, await _host.Job().RunAsync());
        var row = Assert.Single(await _host.OutboxAsync());
        Assert.StartsWith($"邮件服务器 127.0.0.1:{smtp.Port} 拒绝了账号或密码（", row.LastError, StringComparison.Ordinal);

        // Admin types the right password; the user name stays, the field is otherwise left as it was.
        await _host.SaveMailSettingsAsync(MailTestKit.Settings(smtp.Port, user: "zwgl", password: "Fufeng-邮件-2026"));
        Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await _host.Job().RunAsync());
        Assert.Equal("zwgl", Assert.Single(smtp.Received).AuthenticatedUser);

        // Saving again without a password keeps the stored one.
        await _host.SaveMailSettingsAsync(MailTestKit.Settings(smtp.Port, user: "zwgl"));
        var id = await SubmitW1Async();
        Assert.Equal(1, await _host.Job().RunAsync());
        Assert.Equal(2, smtp.Received.Count);
        Assert.True(id > 0);
    }

    [Fact]
    public async Task MailOff_NothingQueuedNothingSent_SwitchingOnSendsNoBacklog_SwitchingOffCancelsWhatWaits()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        await _host.SetEmailAsync("reviewer", MailTestKit.ReviewerAddress);
        // Off by default, even with a server set.
        await _host.SaveMailSettingsAsync(MailTestKit.Settings(smtp.Port, enabled: false));
        await SubmitW1Async();
        await using (var db = _host.NewDbContext())
            Assert.Equal(3, await db.Notifications.CountAsync());
        Assert.Empty(await _host.OutboxAsync());
        Assert.Equal(0, await _host.Job().RunAsync());

        // Switched on: the notification written while it was off is not mailed.
        await _host.SaveMailSettingsAsync(MailTestKit.Settings(smtp.Port));
        Assert.Equal(0, await _host.Job().RunAsync());
        Assert.Empty(smtp.Received);

        // Queued, then switched off before the job ran: cancelled, and not sent when switched on again.
        await SubmitW1Async();
        Assert.Equal(OutboxMailStatus.Pending, Assert.Single(await _host.OutboxAsync()).Status);
        var result = await _host.Get<MailSettingsService>().SaveAsync(await _host.ActorAsync("admin"), MailTestKit.Settings(smtp.Port, enabled: false));
        Assert.Equal("邮件设置已保存。邮件通知已关闭，1 封待发送的邮件已取消。", result.Message);
        var row = Assert.Single(await _host.OutboxAsync());
        Assert.Equal((OutboxMailStatus.Cancelled, "邮件通知已关闭，未发送。"), (row.Status, row.LastError));
        await _host.SaveMailSettingsAsync(MailTestKit.Settings(smtp.Port));
        Assert.Equal(0, await _host.Job().RunAsync());
        Assert.Empty(smtp.Received);

        // Mail on, but the address removed: notified in the portal only.
        await _host.SetEmailAsync("reviewer", null);
        await SubmitW1Async();
        Assert.Single(await _host.OutboxAsync()); // still only the cancelled one
        Assert.Equal(0, await _host.Job().RunAsync());
        Assert.Empty(smtp.Received);
    }
}
