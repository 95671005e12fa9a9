using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Definitions.ContentReview;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using S = Governance.Workflows.Definitions.ContentReview.ContentReviewWorkflow.S;
using T = Governance.Workflows.Definitions.ContentReview.ContentReviewWorkflow.T;

namespace Governance.Tests.Workflows.ContentReview;

/// <summary>W2 rules on the server: 先审后发, 审发分离, 一事一审, the pre-check gate and its override, 第19条(三) confirmations.</summary>
public sealed class ContentReviewWorkflowTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;
    private ContentService Content => _host.Services.GetRequiredService<ContentService>();

    public async Task InitializeAsync() => _host = await WorkflowTestHost.CreateAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<int> ColumnAsync(string unit = "县教育局", string name = "工作动态") => _host.ColumnIdAsync(unit, name);

    private Task<ContentForm> FormAsync(string body = "<p>县教育局召开2026年春季开学工作会议。</p>") => _host.ContentFormAsync(body);

    private Task<(long Id, int Version)> DraftAsync(ContentForm? form = null, string editor = "editor") => _host.ContentDraftAsync(form, editor);

    private async Task<FireResult> FireAsync(long id, int version, string trigger, Actor actor, string? comment = null,
        Dictionary<string, string?>? fields = null) =>
        await _host.Runtime.FireAsync(id, version, trigger, actor, new FireInput(comment, fields));

    private static Dictionary<string, string?> FiveChecks() => ContentReviewDriver.FiveChecks();

    private async Task<int> MustAsync(long id, int v, string trigger, string user, string? comment = null, Dictionary<string, string?>? fields = null,
        Actor? actor = null)
    {
        var r = await FireAsync(id, v, trigger, actor ?? await _host.ActorAsync(user), comment, fields);
        Assert.True(r.Succeeded, $"{trigger} by {user}: {r.Message}");
        return r.NewVersion!.Value;
    }

    private Task<int> ToReadyAsync(long id, int v) => _host.ToReadyToPublishAsync(id, v);

    [Fact]
    public async Task FullPath_ReviewedThenPublished_StampsColumnLastUpdated()
    {
        var (id, v) = await DraftAsync();
        v = await ToReadyAsync(id, v);
        _host.Clock.Advance(TimeSpan.FromHours(1));
        v = await MustAsync(id, v, T.Publish, "publisher");
        await using var db = _host.NewDbContext();
        var item = await db.ContentItems.SingleAsync(c => c.InstanceId == id);
        var column = await db.Columns.SingleAsync(c => c.Id == item.ColumnId);
        Assert.Equal(_host.Clock.GetUtcNow().UtcDateTime, column.LastUpdatedAtUtc);
        Assert.Equal(column.LastUpdatedAtUtc, item.PublishedAtUtc);
        // The register keeps a record of the update: the item's title and its address in the portal (第13条).
        var update = await db.ColumnUpdates.SingleAsync(u => u.InstanceId == id);
        Assert.Equal(("publish", item.ColumnId, $"/content/{id}", item.Title), (update.Source, update.ColumnId, update.Url, update.Title));
        Assert.Equal(column.LastUpdatedAtUtc, DateTime.SpecifyKind(update.UpdatedAtUtc, DateTimeKind.Utc));
        Assert.Equal($"/content/{id}", column.LastUpdateUrl);
        Assert.Equal(ColumnStatus.Normal, column.Status);
        Assert.Equal(S.Published, (await db.WorkflowInstances.SingleAsync(i => i.Id == id)).State);
        // The five checks and the secrecy statement are in the journal with their reviewers.
        var journal = await db.JournalEntries.Where(j => j.InstanceId == id).OrderBy(j => j.Seq).ToListAsync();
        Assert.Contains("\"political\":\"true\"", journal.Single(j => j.Trigger == T.UnitApprove).Data!, StringComparison.Ordinal);
        Assert.Contains("经审查不涉密", journal.Single(j => j.Trigger == T.SecrecyApprove).Data!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_BeforeReviews_IsRefused_先审后发()
    {
        var (id, v) = await DraftAsync();
        var publisher = await _host.ActorAsync("publisher");
        Assert.Equal(FireStatus.Forbidden, (await FireAsync(id, v, T.Publish, publisher)).Status);
        v = await MustAsync(id, v, T.Submit, "editor");
        Assert.Equal(FireStatus.Forbidden, (await FireAsync(id, v, T.Publish, publisher)).Status);
        v = await MustAsync(id, v, T.UnitApprove, "reviewer", fields: FiveChecks());
        Assert.Equal(FireStatus.Forbidden, (await FireAsync(id, v, T.Publish, publisher)).Status);
    }

    [Fact]
    public async Task UnitApprove_WithoutAllFiveChecks_IsInvalid()
    {
        var (id, v) = await DraftAsync();
        v = await MustAsync(id, v, T.Submit, "editor");
        var checks = FiveChecks();
        checks["secrecy"] = "false";
        var r = await FireAsync(id, v, T.UnitApprove, await _host.ActorAsync("reviewer"), fields: checks);
        Assert.Equal(FireStatus.Invalid, r.Status);
        Assert.Contains("保密关", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Author_CannotReviewOrPublishOwnItem_审发分离()
    {
        // reviewer3 is Editor + UnitReviewer: drafts and submits, then tries to review.
        var form = await FormAsync();
        var (id, v) = await DraftAsync(form, "reviewer3");
        v = await MustAsync(id, v, T.Submit, "reviewer3");
        var author = await _host.ActorAsync("reviewer3");
        var r = await FireAsync(id, v, T.UnitApprove, author, fields: FiveChecks());
        Assert.Equal(FireStatus.Forbidden, r.Status);
        Assert.Contains("审发分离", r.Message, StringComparison.Ordinal);
        v = await MustAsync(id, v, T.UnitApprove, "reviewer", fields: FiveChecks());
        Assert.Equal(FireStatus.Forbidden, (await FireAsync(id, v, T.SecrecyApprove, author, fields: new() { ["statement"] = "同意" })).Status);
        v = await MustAsync(id, v, T.SecrecyApprove, "secrecy", fields: new() { ["statement"] = "同意" });
        // The author holding Publisher too may not publish it.
        var authorPublisher = author with { Roles = new HashSet<string> { Roles.Editor, Roles.UnitReviewer, Roles.Publisher } };
        Assert.Equal(FireStatus.Forbidden, (await FireAsync(id, v, T.Publish, authorPublisher)).Status);
    }

    [Fact]
    public async Task Reviewer_CannotPublishWhatTheyReviewed_审发分离()
    {
        var (id, v) = await DraftAsync();
        v = await ToReadyAsync(id, v);
        var reviewer = await _host.ActorAsync("reviewer");
        var reviewerPublisher = reviewer with { Roles = new HashSet<string> { Roles.UnitReviewer, Roles.Publisher } };
        Assert.DoesNotContain(await _host.Runtime.AvailableActionsAsync(id, reviewerPublisher), a => a.Trigger == T.Publish);
        var r = await FireAsync(id, v, T.Publish, reviewerPublisher);
        Assert.Equal(FireStatus.Forbidden, r.Status);
        Assert.Contains("审发分离", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_MobileAndCommercialLink_BlockedAndNothingChanges()
    {
        var (id, v) = await DraftAsync(await FormAsync("<p>联系电话 13812345678，报名见 <a href=\"http://shop.example.com/a\">商城</a></p>"));
        var before = await _host.SnapshotAsync(id);
        var r = await FireAsync(id, v, T.Submit, await _host.ActorAsync("editor"));
        Assert.Equal(FireStatus.Invalid, r.Status);
        Assert.Contains("机器预审未通过", r.Message, StringComparison.Ordinal);
        Assert.Equal(before, await _host.SnapshotAsync(id));
        // The commercial link cannot be overridden.
        var o = await FireAsync(id, v, T.OverridePii, await _host.ActorAsync("reviewer"), "公开报名电话");
        Assert.Equal(FireStatus.Invalid, o.Status);
    }

    [Fact]
    public async Task Submit_MobileHiddenByZeroWidthSpaces_RefusedWithoutOverride()
    {
        // 第9条: "138&#8203;1234&#8203;5678" looks like a number to a reader but hid it from the pre-check.
        var (id, v) = await DraftAsync(await FormAsync("<p>报名咨询电话：138&#8203;1234&#8203;5678</p>"));
        var before = await _host.SnapshotAsync(id);
        var r = await FireAsync(id, v, T.Submit, await _host.ActorAsync("editor"));
        Assert.Equal(FireStatus.Invalid, r.Status);
        Assert.Contains("机器预审未通过", r.Message, StringComparison.Ordinal);
        Assert.Contains("手机号码", r.Message, StringComparison.Ordinal);
        Assert.Equal(before, await _host.SnapshotAsync(id));
        // With the reviewer's recorded override it may go on, like any other personal data.
        v = await MustAsync(id, v, T.OverridePii, "reviewer", "工作咨询电话，本人同意公开");
        await MustAsync(id, v, T.Submit, "editor");
    }

    [Fact]
    public async Task Submit_PersonalDataOverriddenByReviewer_PassesUntilTextChanges()
    {
        var (id, v) = await DraftAsync(await FormAsync("<p>咨询电话：13812345678</p>"));
        var editor = await _host.ActorAsync("editor");
        Assert.Equal(FireStatus.Invalid, (await FireAsync(id, v, T.Submit, editor)).Status);
        // The author cannot override; a reason is required.
        Assert.Equal(FireStatus.Forbidden, (await FireAsync(id, v, T.OverridePii, editor, "本人同意")).Status);
        Assert.Equal(FireStatus.Invalid, (await FireAsync(id, v, T.OverridePii, await _host.ActorAsync("reviewer"))).Status);
        v = await MustAsync(id, v, T.OverridePii, "reviewer", "工作咨询电话，本人同意公开");
        // Editing the text after the override voids it.
        var form = await FormAsync("<p>咨询电话：13812345678，欢迎来电。</p>");
        var edited = await Content.UpdateAsync(id, v, editor, form);
        Assert.True(edited.Succeeded, edited.Message);
        v = edited.NewVersion!.Value;
        Assert.Equal(FireStatus.Invalid, (await FireAsync(id, v, T.Submit, editor)).Status);
        v = await MustAsync(id, v, T.OverridePii, "reviewer", "工作咨询电话");
        v = await MustAsync(id, v, T.Submit, "editor");
    }

    [Fact]
    public async Task Submit_SecretMark_CannotBeOverridden()
    {
        var (id, v) = await DraftAsync(await FormAsync("<p>机密★1年</p><p>会议纪要正文。</p>"));
        var o = await FireAsync(id, v, T.OverridePii, await _host.ActorAsync("reviewer"), "领导同意");
        Assert.Equal(FireStatus.Invalid, o.Status);
        Assert.Equal(FireStatus.Invalid, (await FireAsync(id, v, T.Submit, await _host.ActorAsync("editor"))).Status);
    }

    [Fact]
    public async Task Submit_PolicyWithoutInterpretation_Blocked_第11条()
    {
        var form = await FormAsync("<p>关于印发某某办法的通知</p>");
        form.Category = "政策文件";
        var (id, v) = await DraftAsync(form);
        var editor = await _host.ActorAsync("editor");
        var r = await FireAsync(id, v, T.Submit, editor);
        Assert.Equal(FireStatus.Invalid, r.Status);
        Assert.Contains("解读", r.Message, StringComparison.Ordinal);
        form.InterpretationRef = "《某某办法》政策解读";
        v = (await Content.UpdateAsync(id, v, editor, form)).NewVersion!.Value;
        await MustAsync(id, v, T.Submit, "editor");
    }

    [Fact]
    public async Task Submit_PolicyWithInterpretationAttachment_Passes_第11条()
    {
        var form = await FormAsync("<p>关于印发某某办法的通知</p>");
        form.Category = "政策文件";
        var (id, v) = await DraftAsync(form);
        var editor = await _host.ActorAsync("editor");
        Assert.Equal(FireStatus.Invalid, (await FireAsync(id, v, T.Submit, editor)).Status);
        var pdf = new MemoryStream("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray());
        var uploaded = await _host.Services.GetRequiredService<Governance.Workflows.Attachments.AttachmentService>()
            .UploadAsync(id, editor, "interpretation", "政策解读.pdf", pdf);
        Assert.True(uploaded.Succeeded, uploaded.Error);
        v = (await _host.Runtime.FindVisibleAsync(id, editor))!.Version;
        await MustAsync(id, v, T.Submit, "editor");
    }

    [Fact]
    public async Task Submit_MapWithoutApprovalNumber_Blocked_第10条()
    {
        var form = await FormAsync("<p>附：全县中小学校布局图。</p>");
        form.HasMap = true;
        var (id, v) = await DraftAsync(form);
        var editor = await _host.ActorAsync("editor");
        var before = await _host.SnapshotAsync(id);
        var r = await FireAsync(id, v, T.Submit, editor);
        Assert.Equal(FireStatus.Invalid, r.Status);
        Assert.Contains("审图号", r.Message, StringComparison.Ordinal);
        Assert.Equal(before, await _host.SnapshotAsync(id));
        form.MapApprovalNo = "陕S(2025)012号";
        v = (await Content.UpdateAsync(id, v, editor, form)).NewVersion!.Value;
        await MustAsync(id, v, T.Submit, "editor");
    }

    [Fact]
    public async Task Submit_ReprintFromUnapprovedSource_Blocked_第19条二()
    {
        var form = await FormAsync("<p>转载：全省教育工作会议召开。</p>");
        form.Origin = "转载";
        form.SourceOrg = "某某商业资讯网";
        var (id, v) = await DraftAsync(form);
        var editor = await _host.ActorAsync("editor");
        var before = await _host.SnapshotAsync(id);
        var r = await FireAsync(id, v, T.Submit, editor);
        Assert.Equal(FireStatus.Invalid, r.Status);
        Assert.Contains("稿源", r.Message, StringComparison.Ordinal);
        Assert.Equal(before, await _host.SnapshotAsync(id));
        form.SourceOrg = "新华社";
        v = (await Content.UpdateAsync(id, v, editor, form)).NewVersion!.Value;
        await MustAsync(id, v, T.Submit, "editor");
    }

    [Fact]
    public async Task Publish_ConcernedUnitNotConfirmed_IsRefused_第19条三()
    {
        var form = await FormAsync();
        form.ConcernedUnitIds = [await _host.UnitIdAsync("县财政局")];
        var (id, v) = await DraftAsync(form);
        // The concerned unit's reviewer sees the item; its editor of another unit not concerned does not act.
        Assert.NotNull(await Content.GetAsync(id, await _host.ActorAsync("reviewer2")));
        v = await ToReadyAsync(id, v);
        // The concerned unit's reviewer was asked to confirm.
        await using (var db = _host.NewDbContext())
        {
            var reviewer2 = await _host.UserIdAsync("reviewer2");
            Assert.True(await db.Notifications.AnyAsync(n => n.UserId == reviewer2 && n.InstanceId == id && n.Title.StartsWith("待确认")));
        }
        var r = await FireAsync(id, v, T.Publish, await _host.ActorAsync("publisher"));
        Assert.Equal(FireStatus.Invalid, r.Status);
        Assert.Contains("县财政局", r.Message, StringComparison.Ordinal);
        // Only a participant unit's reviewer may confirm.
        Assert.Equal(FireStatus.Forbidden, (await FireAsync(id, v, T.ConfirmConcerned, await _host.ActorAsync("reviewer"))).Status);
        v = await MustAsync(id, v, T.ConfirmConcerned, "reviewer2");
        Assert.Equal(FireStatus.Invalid, (await FireAsync(id, v, T.ConfirmConcerned, await _host.ActorAsync("reviewer2"))).Status);
        await MustAsync(id, v, T.Publish, "publisher");
    }

    [Fact]
    public async Task Correction_NewRevisionGoesThroughReviewAgain_HistoryKeepsBoth()
    {
        var (id, v) = await DraftAsync();
        v = await ToReadyAsync(id, v);
        v = await MustAsync(id, v, T.Publish, "publisher");
        v = await MustAsync(id, v, T.Correct, "editor", "更正会议时间");
        var editor = await _host.ActorAsync("editor");
        var form = await FormAsync("<p>县教育局于3月2日召开2026年春季开学工作会议。</p>");
        v = (await Content.UpdateAsync(id, v, editor, form)).NewVersion!.Value;
        Assert.Equal(FireStatus.Forbidden, (await FireAsync(id, v, T.Publish, await _host.ActorAsync("publisher"))).Status);
        v = await ToReadyAsync(id, v);
        await MustAsync(id, v, T.Publish, "publisher");
        var detail = await Content.GetAsync(id, editor);
        Assert.Equal(2, detail!.Item.RevisionNo);
        Assert.Equal([2, 1], detail.Revisions.Select(r => r.RevisionNo));
        Assert.Contains("3月2日", detail.Revisions[0].BodyHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("3月2日", detail.Revisions[1].BodyHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retract_PublishedItem_RequiresReasonAndIsFinal()
    {
        var (id, v) = await DraftAsync();
        v = await ToReadyAsync(id, v);
        v = await MustAsync(id, v, T.Publish, "publisher");
        Assert.Equal(FireStatus.Invalid, (await FireAsync(id, v, T.Retract, await _host.ActorAsync("publisher"))).Status);
        await MustAsync(id, v, T.Retract, "publisher", "信息已过时");
        var instance = await _host.Runtime.FindVisibleAsync(id, await _host.ActorAsync("editor"));
        Assert.Equal(S.Retracted, instance!.State);
        Assert.True(instance.IsFinal);
    }

    [Fact]
    public async Task Create_ScriptAndOtherUnitsColumn_SanitizedOrRefused()
    {
        var form = await FormAsync("<p onclick=\"alert(1)\">正文<script>alert(2)</script><a href=\"javascript:alert(3)\">链接</a></p>");
        var (id, _) = await DraftAsync(form);
        var detail = await Content.GetAsync(id, await _host.ActorAsync("editor"));
        Assert.DoesNotContain("script", detail!.Item.BodyHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", detail.Item.BodyHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", detail.Item.BodyHtml, StringComparison.OrdinalIgnoreCase);

        var other = await FormAsync();
        other.ColumnId = await ColumnAsync("县财政局");
        var refused = await Content.CreateAsync(await _host.ActorAsync("editor"), other);
        Assert.False(refused.Succeeded);
        Assert.Contains("本单位", refused.Errors!["ColumnId"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherUnitsEditor_SeesNothing()
    {
        var (id, v) = await DraftAsync();
        var editor2 = await _host.ActorAsync("editor2");
        Assert.Null(await Content.GetAsync(id, editor2));
        Assert.Null(await Content.PreCheckStoredAsync(id, editor2));
        Assert.Equal(FireStatus.NotFound, (await FireAsync(id, v, T.Submit, editor2)).Status);
        var (rows, _) = await Content.ListAsync(editor2, null, null, 0, 50);
        Assert.DoesNotContain(rows, r => r.Id == id);
    }

    [Fact]
    public async Task SecrecyApprove_BySameReviewerWhoDidUnitReview_IsRefusedWithReason_第9条()
    {
        var (id, v) = await DraftAsync();
        v = await MustAsync(id, v, T.Submit, "editor");
        v = await MustAsync(id, v, T.UnitApprove, "reviewer", fields: FiveChecks());
        var reviewer = await _host.ActorAsync("reviewer");

        // The button is there, disabled, and says why.
        var actions = await _host.Runtime.ActionsAsync(id, reviewer);
        var secrecy = Assert.Single(actions, a => a.Trigger == T.SecrecyApprove);
        Assert.False(secrecy.IsEnabled);
        Assert.Contains("另一位审核人", secrecy.DisabledReason, StringComparison.Ordinal);
        Assert.DoesNotContain(await _host.Runtime.AvailableActionsAsync(id, reviewer), a => a.Trigger == T.SecrecyApprove);

        var before = await _host.SnapshotAsync(id);
        var refused = await FireAsync(id, v, T.SecrecyApprove, reviewer, fields: new() { ["statement"] = "同意公开" });
        Assert.Equal(FireStatus.Invalid, refused.Status);
        Assert.Contains("保密审查须由未办理本事项单位审核的另一位审核人办理", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await _host.SnapshotAsync(id));

        // Another reviewer of the unit may.
        var ok = await FireAsync(id, v, T.SecrecyApprove, await _host.ActorAsync("secrecy"), fields: new() { ["statement"] = "同意公开" });
        Assert.Equal(FireStatus.Applied, ok.Status);
        Assert.Equal(S.ReadyToPublish, ok.NewState);
    }

    [Fact]
    public async Task SecrecyApprove_SettingOff_SameReviewerMay()
    {
        await _host.Settings.SetBoolAsync(await _host.ActorAsync("admin"), ContentRules.SecrecyByAnotherReviewerSetting, false);
        var (id, v) = await DraftAsync();
        v = await MustAsync(id, v, T.Submit, "editor");
        v = await MustAsync(id, v, T.UnitApprove, "reviewer", fields: FiveChecks());
        var ok = await FireAsync(id, v, T.SecrecyApprove, await _host.ActorAsync("reviewer"), fields: new() { ["statement"] = "同意公开" });
        Assert.Equal(FireStatus.Applied, ok.Status);
    }

    [Fact]
    public async Task Submit_BlockedByPreCheck_IsShownDisabledWithTheReason()
    {
        var (id, _) = await DraftAsync(await FormAsync("<p>联系人手机 13812345678，详见 https://shop.example.com/buy</p>"));
        var actions = await _host.Runtime.ActionsAsync(id, await _host.ActorAsync("editor"));
        var submit = Assert.Single(actions, a => a.Trigger == T.Submit);
        Assert.False(submit.IsEnabled);
        Assert.Contains("机器预审未通过", submit.DisabledReason, StringComparison.Ordinal);
        Assert.True(Assert.Single(actions, a => a.Trigger == T.Withdraw).IsEnabled);
    }

    [Fact]
    public async Task ConcernedUnitsPendingConfirmation_ShowsInTheirInboxUntilConfirmed_第19条三()
    {
        var form = await FormAsync();
        form.ConcernedUnitIds = [await _host.UnitIdAsync("县财政局")];
        var (id, v) = await DraftAsync(form);
        var reviewer2 = await _host.ActorAsync("reviewer2");
        Assert.DoesNotContain(await _host.Inbox.ForAsync(reviewer2), i => i.InstanceId == id);

        v = await MustAsync(id, v, T.Submit, "editor");
        var pending = Assert.Single(await _host.Inbox.ForAsync(reviewer2), i => i.InstanceId == id);
        Assert.Equal("本单位确认", pending.Task);
        Assert.Equal("县教育局", pending.UnitName);
        // Only the concerned unit's reviewer: not its editor, not another unit.
        Assert.DoesNotContain(await _host.Inbox.ForAsync(await _host.ActorAsync("editor2")), i => i.InstanceId == id);

        // A return clears the pending confirmation; resubmitting asks again.
        v = await MustAsync(id, v, T.UnitReturn, "reviewer", "请补充");
        Assert.DoesNotContain(await _host.Inbox.ForAsync(reviewer2), i => i.InstanceId == id);
        v = await MustAsync(id, v, T.Submit, "editor");
        Assert.Single(await _host.Inbox.ForAsync(reviewer2), i => i.InstanceId == id);

        await MustAsync(id, v, T.ConfirmConcerned, "reviewer2");
        Assert.DoesNotContain(await _host.Inbox.ForAsync(reviewer2), i => i.InstanceId == id);
        Assert.Equal(0, await _host.Inbox.CountAsync(reviewer2));
    }
}
