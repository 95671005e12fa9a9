using Bunit;
using Governance.Data.Entities;
using Governance.Web;
using Governance.Web.Features.ColumnRequests;
using Governance.Workflows.Engine;
using Governance.Workflows.Definitions.ColumnRequests;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Web;

/// <summary>
/// The detail page of a submitted W1 request (in 单位审核) rendered for different demo users against a real SQLite
/// database: the buttons are exactly what <see cref="WorkflowRuntime.AvailableActionsAsync"/> allows each user.
/// </summary>
public sealed class ColumnRequestDetailPageTests : BunitTestContext, IClassFixture<WebDemoDatabase>
{
    private readonly WebDemoDatabase _db;

    public ColumnRequestDetailPageTests(WebDemoDatabase db)
    {
        _db = db;
        db.AddServices(Services);
        Services.AddScoped<CurrentActor>();
    }

    private IRenderedComponent<ColumnRequestDetailPage> RenderAs(string userName)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(userName);
        auth.SetClaims(_db.ClaimsOf(userName)); // incl. ClaimTypes.Role; bUnit's SetRoles would replace these claims
        var cut = Render<ColumnRequestDetailPage>(p => p.Add(x => x.Id, _db.SubmittedRequestId));
        cut.WaitForAssertion(() => Assert.DoesNotContain("mud-progress-linear", cut.Markup), TimeSpan.FromSeconds(30));
        return cut;
    }

    private static List<string> Buttons(IRenderedComponent<ColumnRequestDetailPage> cut) =>
        cut.FindAll("button[data-trigger]").Select(b => b.TextContent.Trim()).ToList();

    [Fact]
    public void Editor_may_withdraw_but_not_approve_their_own_request()
    {
        var cut = RenderAs("editor");

        var buttons = Buttons(cut);
        Assert.Contains("撤回申请", buttons);
        Assert.DoesNotContain("审核通过", buttons);
        Assert.Contains("2026年义务教育招生专栏", cut.Markup);
    }

    [Fact]
    public void Unit_reviewer_may_approve_or_return()
    {
        var cut = RenderAs("reviewer");

        var buttons = Buttons(cut);
        Assert.Contains("审核通过", buttons);
        Assert.Contains("退回修改", buttons);
        Assert.DoesNotContain("撤回申请", buttons);
    }

    [Fact]
    public void Supervisor_has_nothing_to_do_while_the_unit_reviews()
    {
        var cut = RenderAs("supervisor");

        Assert.Empty(Buttons(cut));
        Assert.Contains("当前环节无需您办理", cut.Find("#no-actions").TextContent);
    }

    [Fact]
    public void Editor_of_another_unit_cannot_see_the_request()
    {
        var cut = RenderAs("editor2");

        Assert.Contains("事项不存在，或您无权查看", cut.Find("#not-found").TextContent);
        Assert.Empty(Buttons(cut));
    }

    [Fact]
    public async Task Runtime_actions_drive_the_action_bar()
    {
        var runtime = _db.Services.GetRequiredService<WorkflowRuntime>();
        var forReviewer = await runtime.AvailableActionsAsync(_db.SubmittedRequestId, _db.Actors["reviewer"]);
        var forSupervisor = await runtime.AvailableActionsAsync(_db.SubmittedRequestId, _db.Actors["supervisor"]);

        Assert.Contains(forReviewer, a => a.Trigger == ColumnRequestWorkflow.T.UnitApprove);
        Assert.Empty(forSupervisor);
        var bar = Render<Governance.Web.Features.Shared.ActionBar>(p => p
            .Add(x => x.InstanceId, _db.SubmittedRequestId).Add(x => x.Version, 1)
            .Add(x => x.Actions, forReviewer).Add(x => x.Actor, _db.Actors["reviewer"]));
        // Written out, not echoed back: a reviewer of the owner unit may approve or return a submitted request, nothing else.
        Assert.Equal(["UnitApprove", "UnitReturn"], bar.FindAll("button[data-trigger]").Select(b => b.GetAttribute("data-trigger")));
        Assert.Equal(["审核通过", "退回修改"], bar.FindAll("button[data-trigger]").Select(b => b.TextContent.Trim()));
    }

    /// <summary>One attachment the unit's reviewer uploaded (once per database).</summary>
    private async Task<Guid> ReviewerAttachmentAsync()
    {
        var service = _db.Services.GetRequiredService<Governance.Workflows.Attachments.AttachmentService>();
        var existing = await service.ListAsync(_db.SubmittedRequestId, _db.Actors["reviewer"]);
        if (existing.FirstOrDefault(a => a.FileName == "招生方案.pdf") is { } found) return found.Id;
        var uploaded = await service.UploadAsync(_db.SubmittedRequestId, _db.Actors["reviewer"], "plan", "招生方案.pdf",
            new MemoryStream("%PDF-1.4 test"u8.ToArray()));
        Assert.True(uploaded.Succeeded, uploaded.Error);
        return uploaded.AttachmentId!.Value;
    }

    [Fact]
    public async Task Under_unit_review_the_applicant_sees_the_files_but_may_not_change_them()
    {
        var id = await ReviewerAttachmentAsync();

        var editor = RenderAs("editor");
        editor.WaitForAssertion(() => Assert.Contains("招生方案.pdf", editor.Find("#attachments").TextContent));
        Assert.Equal($"/attachments/{id}", editor.Find($"tr[data-attachment='{id}'] a").GetAttribute("href"));
        Assert.Empty(editor.FindAll("#attachment-upload")); // submitted: the applicant's material no longer changes
        Assert.Empty(editor.FindAll(".attachment-delete"));
    }

    [Fact]
    public async Task Under_unit_review_the_reviewer_may_upload_and_remove_their_own()
    {
        await ReviewerAttachmentAsync();

        var reviewer = RenderAs("reviewer");
        reviewer.WaitForAssertion(() => reviewer.Find("#attachment-upload")); // the state waits for them: they may add material
        reviewer.WaitForAssertion(() => Assert.Single(reviewer.FindAll(".attachment-delete"))); // their own upload
    }

    [Fact]
    public async Task Observer_sees_attachments_but_no_upload_control()
    {
        await ReviewerAttachmentAsync();

        var cut = RenderAs("observer");
        Assert.Empty(cut.FindAll("#attachment-upload"));
        cut.WaitForAssertion(() => Assert.Contains("招生方案.pdf", cut.Find("#attachments").TextContent));
    }
}
