using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using S = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow.S;
using T = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow.T;

namespace Governance.Tests.Workflows.ColumnRequests;

/// <summary>
/// W1 专题专栏开设申请 on the real runtime and database: every state × trigger × user, the guards, the journal, edits.
/// The expectations come from SPEC.md (W1) written out below, not from the definition under test.
/// </summary>
public sealed class ColumnRequestWorkflowTests(WorkflowTestHost host) : IClassFixture<WorkflowTestHost>
{
    private const string OwnerUnit = "县教育局";

    /// <summary>SPEC.md W1, as a table: from-states, target, the one role that acts, whether it must be the owner unit, reason required.</summary>
    private sealed record Rule(string[] From, string To, string Role, bool OwnUnitOnly, bool CommentRequired);

    private static readonly Dictionary<string, Rule> Rules = new()
    {
        [T.Submit] = new([S.Draft, S.Returned], S.UnitReview, Roles.Editor, true, false),
        [T.UnitApprove] = new([S.UnitReview], S.BureauReview, Roles.UnitReviewer, true, false),
        [T.UnitReturn] = new([S.UnitReview], S.Returned, Roles.UnitReviewer, true, true),
        [T.BureauApprove] = new([S.BureauReview], S.Setup, Roles.Supervisor, false, false),
        [T.BureauReturn] = new([S.BureauReview], S.Returned, Roles.Supervisor, false, true),
        [T.Reject] = new([S.BureauReview], S.Rejected, Roles.Supervisor, false, true),
        [T.Withdraw] = new([S.Draft, S.Returned, S.UnitReview, S.BureauReview], S.Withdrawn, Roles.Editor, true, false),
        [T.CompleteSetup] = new([S.Setup], S.Active, Roles.Monitor, false, false),
        [T.RequestChange] = new([S.Active], S.ChangeReview, Roles.Editor, true, true),
        [T.ApproveAdjust] = new([S.ChangeReview], S.Active, Roles.Supervisor, false, false),
        [T.ApproveClose] = new([S.ChangeReview], S.Archived, Roles.Supervisor, false, false),
        [T.RefuseChange] = new([S.ChangeReview], S.Active, Roles.Supervisor, false, true),
        // v2: past the planned end date the system puts the column to its unit, which asks to extend or close it.
        [T.Expire] = new([S.Active], S.Expiring, Actor.SystemRole, false, false),
        [T.RequestExtension] = new([S.Expiring], S.ChangeReview, Roles.Editor, true, true),
        [T.RequestClose] = new([S.Expiring], S.ChangeReview, Roles.Editor, true, true),
    };

    /// <summary>Who fires a trigger in the happy path, by role.</summary>
    private static readonly Dictionary<string, string> CanonicalUser = new()
    {
        [Roles.Editor] = "editor", [Roles.UnitReviewer] = "reviewer", [Roles.Supervisor] = "supervisor", [Roles.Monitor] = "monitor",
    };

    private static readonly string[] CountyWideRoles =
        [Roles.Supervisor, Roles.Monitor, Roles.AccountabilityOfficer, Roles.Observer, Roles.Admin];

    public static TheoryData<string, string> StateTriggerPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var s in ColumnRequestWorkflow.Definition.States)
            foreach (var t in ColumnRequestWorkflow.Definition.Triggers)
                data.Add(s.Name, t.Name);
        return data;
    }

    /// <summary>
    /// The matrix's expectations written out by hand (SPEC.md W1, item drafted by <c>editor</c> of 县教育局 and driven by
    /// reviewer, supervisor, monitor): (state, trigger) → the users for whom it applies. Every pair not listed: nobody. Users of
    /// other units (<see cref="OtherUnitUsers"/>) get NotFound, everyone else Forbidden. <see cref="Expected"/> derives the
    /// same from <see cref="Rules"/>; the theory checks that both agree, so neither can drift silently.
    /// </summary>
    private static readonly (string State, string Trigger, string Applied)[] LiteralTable =
    [
        (S.Draft, T.Submit, "editor reviewer3"),
        (S.Draft, T.Withdraw, "editor reviewer3"),
        (S.UnitReview, T.UnitApprove, "reviewer secrecy reviewer3"),
        (S.UnitReview, T.UnitReturn, "reviewer secrecy reviewer3"),
        (S.UnitReview, T.Withdraw, "editor reviewer3"),
        (S.BureauReview, T.BureauApprove, "supervisor supervisor2 supreviewer"),
        (S.BureauReview, T.BureauReturn, "supervisor supervisor2 supreviewer"),
        (S.BureauReview, T.Reject, "supervisor supervisor2 supreviewer"),
        (S.BureauReview, T.Withdraw, "editor reviewer3"),
        (S.Setup, T.CompleteSetup, "monitor"),
        (S.Active, T.RequestChange, "editor reviewer3"),
        // Expire in Active: the system only, no person.
        (S.Expiring, T.RequestExtension, "editor reviewer3"),
        (S.Expiring, T.RequestClose, "editor reviewer3"),
        (S.ChangeReview, T.ApproveAdjust, "supervisor supervisor2 supreviewer"),
        (S.ChangeReview, T.ApproveClose, "supervisor supervisor2 supreviewer"),
        (S.ChangeReview, T.RefuseChange, "supervisor supervisor2 supreviewer"),
        (S.Returned, T.Submit, "editor reviewer3"),
        (S.Returned, T.Withdraw, "editor reviewer3"),
        // Withdrawn, Rejected, Archived: final, nobody.
    ];

    private static readonly string[] OtherUnitUsers = ["editor2", "reviewer2", "publisher2", "duty"];

    private static FireStatus Literal(string state, string trigger, string user)
    {
        if (OtherUnitUsers.Contains(user)) return FireStatus.NotFound;
        return LiteralTable.Any(r => r.State == state && r.Trigger == trigger && r.Applied.Split(' ').Contains(user))
            ? FireStatus.Applied : FireStatus.Forbidden;
    }

    /// <summary>What firing should give for this user, by the rules above and SPEC.md's visibility rule.</summary>
    private static FireStatus Expected(Actor a, int ownerUnitId, string state, string trigger, IReadOnlyCollection<string> submitters)
    {
        var visible = a.Roles.Overlaps(CountyWideRoles) || a.UnitId == ownerUnitId;
        if (!visible) return FireStatus.NotFound;
        var rule = Rules[trigger];
        if (!rule.From.Contains(state)) return FireStatus.Forbidden;
        if (!a.Roles.Contains(rule.Role)) return FireStatus.Forbidden;
        if (rule.OwnUnitOnly && a.UnitId != ownerUnitId) return FireStatus.Forbidden;
        if (trigger == T.UnitApprove && submitters.Contains(a.UserId)) return FireStatus.Forbidden;
        return FireStatus.Applied;
    }

    /// <summary>What every dialog may ask: the setup URL, and an end date a change or an extension may ask for.</summary>
    private static FireInput FullInput(string comment = "同意") =>
        new(comment, new Dictionary<string, string?> { ["url"] = ColumnRequestDriver.ValidUrl, [ColumnRequestWorkflow.F.EndDate] = "2027-06-30" });

    [Fact]
    public void Definition_TriggersAndStates_MatchSpecTable()
    {
        var def = ColumnRequestWorkflow.Definition;
        Assert.Equal(Rules.Keys.Order(), def.Triggers.Select(t => t.Name).Order());
        Assert.Equal(
            [S.Draft, S.UnitReview, S.BureauReview, S.Setup, S.Active, S.Expiring, S.ChangeReview, S.Returned, S.Withdrawn, S.Rejected, S.Archived],
            def.States.Select(s => s.Name));
        Assert.Equal(S.Draft, def.InitialState);
        Assert.Equal([S.Archived, S.Rejected, S.Withdrawn], def.States.Where(s => s.IsFinal).Select(s => s.Name).Order());
        foreach (var t in def.Triggers)
        {
            var rule = Rules[t.Name];
            Assert.Equal(rule.From.Order(), t.From.Order());
            Assert.Equal(rule.To, t.To);
            Assert.Equal([rule.Role], t.ByRoles);
            Assert.Equal(rule.OwnUnitOnly ? UnitScope.OwnerUnit : UnitScope.AnyUnit, t.Scope);
            Assert.Equal(rule.CommentRequired, t.CommentRequired);
        }
    }

    [Theory]
    [MemberData(nameof(StateTriggerPairs))]
    public async Task FireAsync_EveryStateTriggerAndUser_FollowsRoleUnitAndStateRules(string state, string trigger)
    {
        var (id, version) = await host.DriveW1Async(state);
        var owner = await host.UnitIdAsync(OwnerUnit);
        var submitters = (await host.JournalAsync(id)).Where(j => j.Trigger == T.Submit).Select(j => j.ActorUserId).ToList();
        var rule = Rules[trigger];

        var allowed = new List<string>();
        foreach (var user in WorkflowTestHost.AllUserNames)
        {
            var actor = await host.ActorAsync(user);
            var expected = Literal(state, trigger, user);
            // Cross-check: the rule function above derives the same outcome as the hand-written table.
            Assert.True(expected == Expected(actor, owner, state, trigger, submitters),
                $"{user} {trigger} in {state}: table says {expected}, the rule function {Expected(actor, owner, state, trigger, submitters)}");
            var available = await host.Runtime.AvailableActionsAsync(id, actor);
            Assert.True(available.Any(a => a.Trigger == trigger) == (expected == FireStatus.Applied),
                $"{user} in {state}: available actions [{string.Join(',', available.Select(a => a.Trigger))}] vs expected {trigger} → {expected}");
            if (expected == FireStatus.Applied)
            {
                allowed.Add(user);
                continue;
            }
            var before = await host.SnapshotAsync(id);
            var result = await host.Runtime.FireAsync(id, version, trigger, actor, FullInput());
            Assert.True(expected == result.Status, $"{trigger} by {user} in {state}: expected {expected}, got {result.Status} ({result.Message})");
            Assert.False(string.IsNullOrWhiteSpace(result.Message));
            Assert.Equal(before, await host.SnapshotAsync(id));
        }

        if (!rule.From.Contains(state))
        {
            Assert.Empty(allowed);
            return;
        }
        Actor canonical;
        if (rule.Role == Actor.SystemRole)
        {
            // No person may fire it: the daily sweep does, once the column's end date has passed.
            Assert.Empty(allowed);
            canonical = Governance.Workflows.Registers.ColumnStalenessSweep.SystemActor;
            await using var db = host.NewDbContext();
            var columnId = await db.ColumnRequests.Where(r => r.InstanceId == id).Select(r => r.ColumnId).SingleAsync();
            await db.Columns.Where(c => c.Id == columnId).ExecuteUpdateAsync(x => x.SetProperty(c => c.EndDate, new DateOnly(2026, 3, 1)));
        }
        else
        {
            Assert.Contains(CanonicalUser[rule.Role], allowed);
            canonical = await host.ActorAsync(CanonicalUser[rule.Role]);
        }

        // Right actor, missing input: Invalid, nothing changed.
        if (rule.CommentRequired)
        {
            foreach (var comment in new[] { null, "", "   " })
            {
                var before = await host.SnapshotAsync(id);
                var r = await host.Runtime.FireAsync(id, version, trigger, canonical, FullInput() with { Comment = comment });
                Assert.Equal(FireStatus.Invalid, r.Status);
                Assert.NotNull(r.FieldErrors);
                Assert.Contains("comment", r.FieldErrors!.Keys);
                Assert.Equal(before, await host.SnapshotAsync(id));
            }
        }

        var journalBefore = await host.JournalAsync(id);
        var applied = await host.Runtime.FireAsync(id, version, trigger, canonical, FullInput("处理意见：" + trigger));
        Assert.Equal(FireStatus.Applied, applied.Status);
        Assert.Equal(version + 1, applied.NewVersion);
        Assert.Equal(rule.To, applied.NewState);
        var instance = await host.InstanceAsync(id);
        Assert.Equal(rule.To, instance.State);
        Assert.Equal(version + 1, instance.Version);
        Assert.Equal(ColumnRequestWorkflow.Definition.State(rule.To).IsFinal, instance.IsFinal);

        var journal = await host.JournalAsync(id);
        Assert.Equal(journalBefore.Count + 1, journal.Count);
        var entry = journal[^1];
        Assert.Equal(journalBefore.Max(j => j.Seq) + 1, entry.Seq);
        Assert.Equal(canonical.UserId, entry.ActorUserId);
        Assert.Equal(canonical.Name, entry.ActorName);
        Assert.Equal(rule.Role, entry.ActorRole);
        Assert.Equal(canonical.IsSystem ? null : canonical.UnitId, entry.ActorUnitId);
        Assert.Equal(canonical.IsSystem ? null : canonical.UnitName, entry.ActorUnitName);
        Assert.Equal(trigger, entry.Trigger);
        Assert.Equal(state, entry.FromState);
        Assert.Equal(rule.To, entry.ToState);
        Assert.Equal("处理意见：" + trigger, entry.Comment);
        Assert.Equal(host.Clock.GetUtcNow().UtcDateTime, DateTime.SpecifyKind(entry.AtUtc, DateTimeKind.Utc));

        // The old version is now stale for everyone.
        var stale = await host.Runtime.FireAsync(id, version, trigger, canonical, FullInput());
        Assert.Equal(FireStatus.Conflict, stale.Status);
    }

    [Theory]
    [InlineData(S.Draft, "editor", "Submit,Withdraw")]
    [InlineData(S.Draft, "reviewer3", "Submit,Withdraw")]
    [InlineData(S.Draft, "reviewer", "")]
    [InlineData(S.Draft, "editor2", "")]
    [InlineData(S.Draft, "supervisor", "")]
    [InlineData(S.UnitReview, "reviewer", "UnitApprove,UnitReturn")]
    [InlineData(S.UnitReview, "reviewer3", "UnitApprove,UnitReturn,Withdraw")]
    [InlineData(S.UnitReview, "editor", "Withdraw")]
    [InlineData(S.UnitReview, "reviewer2", "")]
    [InlineData(S.UnitReview, "supreviewer", "")]
    [InlineData(S.BureauReview, "supervisor", "BureauApprove,BureauReturn,Reject")]
    [InlineData(S.BureauReview, "supreviewer", "BureauApprove,BureauReturn,Reject")]
    [InlineData(S.BureauReview, "editor", "Withdraw")]
    [InlineData(S.BureauReview, "reviewer", "")]
    [InlineData(S.BureauReview, "monitor", "")]
    [InlineData(S.Setup, "monitor", "CompleteSetup")]
    [InlineData(S.Setup, "editor", "")]
    [InlineData(S.Setup, "admin", "")]
    [InlineData(S.Active, "editor", "RequestChange")]
    [InlineData(S.Active, "supervisor", "")]
    [InlineData(S.Expiring, "editor", "RequestClose,RequestExtension")]
    [InlineData(S.Expiring, "reviewer3", "RequestClose,RequestExtension")]
    [InlineData(S.Expiring, "reviewer", "")]
    [InlineData(S.Expiring, "supervisor", "")]
    [InlineData(S.Expiring, "editor2", "")]
    [InlineData(S.ChangeReview, "supervisor", "ApproveAdjust,ApproveClose,RefuseChange")]
    [InlineData(S.ChangeReview, "editor", "")]
    [InlineData(S.Returned, "editor", "Submit,Withdraw")]
    [InlineData(S.Returned, "reviewer", "")]
    [InlineData(S.Withdrawn, "editor", "")]
    [InlineData(S.Rejected, "supervisor", "")]
    [InlineData(S.Archived, "supervisor", "")]
    public async Task AvailableActionsAsync_StateAndUser_ReturnsExactlyTheFireableTriggers(string state, string user, string expectedCsv)
    {
        var (id, version) = await host.DriveW1Async(state);
        var actor = await host.ActorAsync(user);
        var expected = expectedCsv.Split(',', StringSplitOptions.RemoveEmptyEntries).Order().ToList();

        var available = await host.Runtime.AvailableActionsAsync(id, actor);

        Assert.Equal(expected, available.Select(a => a.Trigger).Order());
        // And fire agrees, trigger by trigger: accepted exactly for those (checked on a throw-away copy each time).
        foreach (var t in ColumnRequestWorkflow.Definition.Triggers)
        {
            var (copy, v) = expected.Contains(t.Name) ? await host.DriveW1Async(state) : (id, version);
            var r = await host.Runtime.FireAsync(copy, v, t.Name, actor, FullInput());
            Assert.True(expected.Contains(t.Name) == (r.Status == FireStatus.Applied), $"{t.Name} by {user} in {state}: {r.Status} {r.Message}");
        }
    }

    [Fact]
    public async Task AvailableActionsAsync_OtherUnitsItem_IsEmpty()
    {
        var (id, _) = await host.DriveW1Async(S.UnitReview);
        Assert.Empty(await host.Runtime.AvailableActionsAsync(id, await host.ActorAsync("reviewer2")));
        Assert.Empty(await host.Runtime.AvailableActionsAsync(id, await host.ActorAsync("editor2")));
        Assert.Null(await host.Runtime.FindVisibleAsync(id, await host.ActorAsync("editor2")));
        Assert.Null(await host.ColumnRequests().GetAsync(id, await host.ActorAsync("reviewer2")));
        Assert.Empty(await host.Runtime.JournalAsync(id, await host.ActorAsync("reviewer2")));
        Assert.NotNull(await host.ColumnRequests().GetAsync(id, await host.ActorAsync("observer")));
    }

    [Fact]
    public async Task FireAsync_UnknownTriggerOrInstance_IsInvalidOrNotFound()
    {
        var (id, v) = await host.DriveW1Async(S.Draft);
        var editor = await host.ActorAsync("editor");
        var before = await host.SnapshotAsync(id);
        Assert.Equal(FireStatus.Invalid, (await host.Runtime.FireAsync(id, v, "Publish", editor, FireInput.Empty)).Status);
        Assert.Equal(FireStatus.NotFound, (await host.Runtime.FireAsync(999_999, 1, T.Submit, editor, FireInput.Empty)).Status);
        Assert.Equal(before, await host.SnapshotAsync(id));
    }

    [Fact]
    public async Task UnitApprove_BySameUserWhoSubmitted_IsForbidden()
    {
        // reviewer3 holds Editor and UnitReviewer in 县教育局.
        var (id, v) = await host.CreateDraftAsync("reviewer3");
        v = await host.MustFireAsync(id, v, T.Submit, "reviewer3");
        var reviewer3 = await host.ActorAsync("reviewer3");

        var actions = await host.Runtime.AvailableActionsAsync(id, reviewer3);
        Assert.DoesNotContain(actions, a => a.Trigger == T.UnitApprove);
        Assert.Contains(actions, a => a.Trigger == T.UnitReturn);

        var before = await host.SnapshotAsync(id);
        var refused = await host.Runtime.FireAsync(id, v, T.UnitApprove, reviewer3, FireInput.Empty);
        Assert.Equal(FireStatus.Forbidden, refused.Status);
        Assert.Contains("审发分离", refused.Message);
        Assert.Equal(before, await host.SnapshotAsync(id));

        // Another reviewer of the unit may approve it.
        var ok = await host.Runtime.FireAsync(id, v, T.UnitApprove, await host.ActorAsync("reviewer"), FireInput.Empty);
        Assert.Equal(FireStatus.Applied, ok.Status);
        Assert.Equal(S.BureauReview, ok.NewState);
    }

    [Fact]
    public async Task UnitApprove_SubmittedEarlierThenResubmittedByColleague_IsStillForbidden()
    {
        // reviewer3 submits their request; it is returned; a colleague resubmits it: reviewer3 still submitted it.
        var (id, v) = await host.CreateDraftAsync("reviewer3");
        v = await host.MustFireAsync(id, v, T.Submit, "reviewer3");
        v = await host.MustFireAsync(id, v, T.UnitReturn, "reviewer", "请补充");
        v = await host.MustFireAsync(id, v, T.Submit, "editor");
        var reviewer3 = await host.ActorAsync("reviewer3");

        Assert.DoesNotContain(await host.Runtime.AvailableActionsAsync(id, reviewer3), a => a.Trigger == T.UnitApprove);
        var before = await host.SnapshotAsync(id);
        var r = await host.Runtime.FireAsync(id, v, T.UnitApprove, reviewer3, FireInput.Empty);
        Assert.Equal(FireStatus.Forbidden, r.Status);
        Assert.Equal(before, await host.SnapshotAsync(id));
    }

    [Fact]
    public async Task UnitApprove_ByApplicantWhoDraftedButDidNotSubmit_IsForbidden()
    {
        // 第19条(三): reviewer3 drafts the request, a colleague submits it — reviewer3 is still the applicant.
        var (id, v) = await host.CreateDraftAsync("reviewer3");
        v = await host.MustFireAsync(id, v, T.Submit, "editor");
        var reviewer3 = await host.ActorAsync("reviewer3");

        Assert.DoesNotContain(await host.Runtime.AvailableActionsAsync(id, reviewer3), a => a.Trigger == T.UnitApprove);
        var before = await host.SnapshotAsync(id);
        var r = await host.Runtime.FireAsync(id, v, T.UnitApprove, reviewer3, FireInput.Empty);
        Assert.Equal(FireStatus.Forbidden, r.Status);
        Assert.Contains("审发分离", r.Message, StringComparison.Ordinal);
        Assert.Equal(before, await host.SnapshotAsync(id));
    }

    [Fact]
    public async Task CreateAsync_UserWithEditorAndReviewerRoles_JournalsCreateAsEditor()
    {
        var (id, _) = await host.CreateDraftAsync("reviewer3");
        var create = Assert.Single(await host.JournalAsync(id));
        Assert.Equal(WorkflowRuntime.CreateTrigger, create.Trigger);
        Assert.Equal(Roles.Editor, create.ActorRole);
    }

    [Fact]
    public async Task UnitApprove_ByReviewerWhoDidNotSubmit_IsApplied()
    {
        // The same person, when somebody else submitted, is an ordinary reviewer.
        var (id, v) = await host.DriveW1Async(S.UnitReview);
        var r = await host.Runtime.FireAsync(id, v, T.UnitApprove, await host.ActorAsync("reviewer3"), FireInput.Empty);
        Assert.Equal(FireStatus.Applied, r.Status);
        Assert.Equal(Roles.UnitReviewer, (await host.JournalAsync(id))[^1].ActorRole);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("www.fufeng.gov.cn/zt/x")]
    [InlineData("ftp://www.fufeng.gov.cn/zt/x")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/zt/x/")]
    [InlineData("http://")]
    public async Task CompleteSetup_WithoutValidHttpUrl_IsInvalidAndChangesNothing(string? url)
    {
        var (id, v) = await host.DriveW1Async(S.Setup);
        var monitor = await host.ActorAsync("monitor");
        var before = await host.SnapshotAsync(id);

        var r = await host.Runtime.FireAsync(id, v, T.CompleteSetup, monitor,
            new FireInput(null, new Dictionary<string, string?> { ["url"] = url }));

        Assert.Equal(FireStatus.Invalid, r.Status);
        Assert.Contains("url", r.FieldErrors!.Keys);
        Assert.Equal(before, await host.SnapshotAsync(id));
        Assert.DoesNotContain(await host.Columns.ListAsync(monitor), c => c.SourceInstanceId == id);
    }

    [Fact]
    public async Task CompleteSetup_TooLongUrl_IsInvalid()
    {
        var (id, v) = await host.DriveW1Async(S.Setup);
        var url = "https://www.fufeng.gov.cn/" + new string('a', 480);
        var r = await host.Runtime.FireAsync(id, v, T.CompleteSetup, await host.ActorAsync("monitor"),
            new FireInput(null, new Dictionary<string, string?> { ["url"] = url }));
        Assert.Equal(FireStatus.Invalid, r.Status);
    }

    [Fact]
    public async Task CompleteSetup_ValidUrl_ActivatesRequestAndAddsColumnToRegister()
    {
        var (id, v) = await host.DriveW1Async(S.Setup);
        var monitor = await host.ActorAsync("monitor");
        var url = "http://www.fufeng.gov.cn/zt/jyzl/";

        var r = await host.Runtime.FireAsync(id, v, T.CompleteSetup, monitor,
            new FireInput(null, new Dictionary<string, string?> { ["url"] = "  " + url + " " }));

        Assert.Equal(FireStatus.Applied, r.Status);
        Assert.Equal(S.Active, (await host.InstanceAsync(id)).State);
        var editorView = await host.Columns.ListAsync(await host.ActorAsync("editor"));
        var column = Assert.Single(editorView, c => c.SourceInstanceId == id);
        Assert.Equal(url, column.Url);
        Assert.True(column.IsSpecial);
        Assert.True(column.IsActive);
        Assert.Equal(OwnerUnit, column.UnitName);
        Assert.Equal("刘甲", column.StaffA);
        Assert.Equal("陈乙", column.StaffB);
        Assert.Contains(await host.Columns.ListAsync(monitor), c => c.SourceInstanceId == id);
        Assert.DoesNotContain(await host.Columns.ListAsync(await host.ActorAsync("editor2")), c => c.SourceInstanceId == id);

        var detail = await host.ColumnRequests().GetAsync(id, await host.ActorAsync("editor"));
        Assert.Equal(url, detail!.Request.SetupUrl);
        Assert.Equal(column.Id, detail.Request.ColumnId);
        Assert.Contains(url, (await host.JournalAsync(id))[^1].Data);

        // 关停: the column leaves the active register.
        v = await host.MustFireAsync(id, r.NewVersion!.Value, T.RequestChange, "editor", "专项工作结束");
        await host.MustFireAsync(id, v, T.ApproveClose, "supervisor");
        Assert.DoesNotContain(await host.Columns.ListAsync(monitor), c => c.SourceInstanceId == id);
        Assert.Contains(await host.Columns.ListAsync(monitor, includeInactive: true), c => c.SourceInstanceId == id && !c.IsActive);
    }

    [Fact]
    public async Task Submit_StaffAEqualsStaffBInDatabase_IsInvalidAndChangesNothing()
    {
        var (id, v) = await host.CreateDraftAsync();
        await using (var db = host.NewDbContext())
        {
            var r = await db.ColumnRequests.SingleAsync(x => x.InstanceId == id);
            r.StaffB = r.StaffA;
            await db.SaveChangesAsync();
        }
        var before = await host.SnapshotAsync(id);

        var result = await host.Runtime.FireAsync(id, v, T.Submit, await host.ActorAsync("editor"), FireInput.Empty);

        Assert.Equal(FireStatus.Invalid, result.Status);
        Assert.Contains(nameof(ColumnRequestForm.StaffB), result.FieldErrors!.Keys);
        Assert.Equal(before, await host.SnapshotAsync(id));
    }

    [Fact]
    public async Task Submit_EmptyPurposeInDatabase_IsInvalid()
    {
        var (id, v) = await host.CreateDraftAsync();
        await using (var db = host.NewDbContext())
        {
            await db.ColumnRequests.Where(x => x.InstanceId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Purpose, " "));
        }
        var result = await host.Runtime.FireAsync(id, v, T.Submit, await host.ActorAsync("editor"), FireInput.Empty);
        Assert.Equal(FireStatus.Invalid, result.Status);
        Assert.Contains(nameof(ColumnRequestForm.Purpose), result.FieldErrors!.Keys);
    }

    [Fact]
    public async Task CreateAsync_InvalidForm_CreatesNothing()
    {
        var editor = await host.ActorAsync("editor");
        var form = ColumnRequestDriver.ValidForm("AB同人专栏");
        form.StaffB = form.StaffA;
        form.EndDate = form.StartDate;
        form.ResponsiblePerson = "  "; // 第19条(一): a named responsible person
        await using var db = host.NewDbContext();
        var count = await db.WorkflowInstances.CountAsync();

        var r = await host.ColumnRequests().CreateAsync(editor, form, submit: true);

        Assert.False(r.Succeeded);
        Assert.Null(r.InstanceId);
        Assert.Equal("A岗与B岗不能是同一人（第19条(二) AB岗）", r.Errors![nameof(form.StaffB)]);
        Assert.Contains(nameof(form.EndDate), r.Errors!.Keys);
        Assert.Equal("请填写栏目负责人", r.Errors![nameof(form.ResponsiblePerson)]);
        Assert.Equal(count, await db.WorkflowInstances.CountAsync());
    }

    /// <summary>第10条 (cadence, sources), 第19条(一) (栏目负责人), 第19条(二) (A岗, B岗): each one alone keeps the request from existing.</summary>
    [Theory]
    [InlineData(nameof(ColumnRequestForm.ResponsiblePerson), "请填写栏目负责人")]
    [InlineData(nameof(ColumnRequestForm.StaffA), "请填写A岗人员")]
    [InlineData(nameof(ColumnRequestForm.StaffB), "请填写B岗人员")]
    [InlineData(nameof(ColumnRequestForm.UpdateCadence), "请填写更新频率承诺")]
    [InlineData(nameof(ColumnRequestForm.ContentSources), "请填写内容来源")]
    [InlineData(nameof(ColumnRequestForm.Purpose), "请填写开设事由（活动或专项工作）")]
    public async Task CreateAsync_RequiredFieldBlank_IsInvalidAndCreatesNothing(string field, string message)
    {
        var form = new ColumnRequestForm
        {
            ColumnName = "缺项专栏" + field, Purpose = "义务教育质量提升专项工作宣传", StartDate = new DateTime(2026, 3, 10),
            EndDate = new DateTime(2026, 12, 31), ResponsiblePerson = "王主任", StaffA = "刘甲", StaffB = "陈乙", UpdateCadence = "每周",
            ContentSources = "县教育局基础教育股",
        };
        typeof(ColumnRequestForm).GetProperty(field)!.SetValue(form, " ");
        await using var db = host.NewDbContext();
        var count = await db.WorkflowInstances.CountAsync();

        var r = await host.Services.GetRequiredService<ColumnRequestService>().CreateAsync(await host.ActorAsync("editor"), form, submit: false);

        Assert.False(r.Succeeded);
        Assert.Equal(message, Assert.Single(r.Errors!).Value);
        Assert.Equal(field, Assert.Single(r.Errors!).Key);
        Assert.Equal(count, await db.WorkflowInstances.CountAsync());
    }

    [Fact]
    public async Task CreateAsync_NotAnEditor_IsRefused()
    {
        var r = await host.ColumnRequests().CreateAsync(await host.ActorAsync("reviewer"), ColumnRequestDriver.ValidForm(), submit: false);
        Assert.False(r.Succeeded);
        Assert.Null(r.InstanceId);
    }

    [Fact]
    public async Task CreateAsync_WithSubmit_EntersUnitReviewWithJournal()
    {
        var editor = await host.ActorAsync("editor");
        var r = await host.ColumnRequests().CreateAsync(editor, ColumnRequestDriver.ValidForm("提交即审专栏"), submit: true);
        Assert.True(r.Succeeded, r.Message);
        var instance = await host.InstanceAsync(r.InstanceId!.Value);
        Assert.Equal(S.UnitReview, instance.State);
        Assert.Equal(2, instance.Version);
        Assert.Equal(Roles.UnitReviewer, instance.WaitingForRole);
        Assert.Equal(editor.UnitId, instance.WaitingForUnitId);
        Assert.Equal(editor.UserId, instance.CreatedByUserId);
        Assert.Matches(@"^ZL-2026-\d{5}$", instance.Number);
        var journal = await host.JournalAsync(instance.Id);
        Assert.Equal([WorkflowRuntime.CreateTrigger, T.Submit], journal.Select(j => j.Trigger));
        Assert.Equal([1, 2], journal.Select(j => j.Seq));
        Assert.Equal(["", S.Draft], journal.Select(j => j.FromState));
        Assert.Equal([S.Draft, S.UnitReview], journal.Select(j => j.ToState));
        Assert.All(journal, j => Assert.Equal(editor.UserId, j.ActorUserId));
    }

    [Fact]
    public async Task JournalAsync_FullPath_RecordsWhoRoleUnitFromToTriggerComment()
    {
        var (id, v) = await host.DriveW1Async(S.Returned);
        v = await host.MustFireAsync(id, v, T.Submit, "editor");
        v = await host.MustFireAsync(id, v, T.UnitApprove, "reviewer", "同意开设");
        await host.MustFireAsync(id, v, T.BureauReturn, "supervisor", "请补充栏目方案");

        var journal = await host.Runtime.JournalAsync(id, await host.ActorAsync("editor"));

        var rows = journal.Select(j => $"{j.Seq}|{j.ActorName}|{j.ActorRole}|{j.ActorUnitName}|{j.FromState}>{j.ToState}|{j.Trigger}|{j.Comment}");
        Assert.Equal(
        [
            "1|张信息|Editor|县教育局|>Draft|Create|",
            "2|张信息|Editor|县教育局|Draft>UnitReview|Submit|",
            "3|李审核|UnitReviewer|县教育局|UnitReview>Returned|UnitReturn|请补充内容来源",
            "4|张信息|Editor|县教育局|Returned>UnitReview|Submit|",
            "5|李审核|UnitReviewer|县教育局|UnitReview>BureauReview|UnitApprove|同意开设",
            "6|赵审批|Supervisor|县行政审批服务局|BureauReview>Returned|BureauReturn|请补充栏目方案",
        ], rows);
    }

    [Theory]
    [InlineData(S.Draft)]
    [InlineData(S.Returned)]
    [InlineData(S.UnitReview)]
    [InlineData(S.BureauReview)]
    public async Task Withdraw_BeforeApproval_IsAppliedAndFinal(string state)
    {
        var (id, v) = await host.DriveW1Async(state);
        var r = await host.Runtime.FireAsync(id, v, T.Withdraw, await host.ActorAsync("editor"), FireInput.Empty);
        Assert.Equal(FireStatus.Applied, r.Status);
        var instance = await host.InstanceAsync(id);
        Assert.Equal(S.Withdrawn, instance.State);
        Assert.True(instance.IsFinal);
        Assert.Null(instance.WaitingForRole);
        Assert.Null(await host.OpenDeadlineAsync(id));
    }

    [Theory]
    [InlineData(S.Setup)]
    [InlineData(S.Active)]
    [InlineData(S.ChangeReview)]
    public async Task Withdraw_AfterApproval_IsForbidden(string state)
    {
        var (id, v) = await host.DriveW1Async(state);
        var before = await host.SnapshotAsync(id);
        var r = await host.Runtime.FireAsync(id, v, T.Withdraw, await host.ActorAsync("editor"), FireInput.Empty);
        Assert.Equal(FireStatus.Forbidden, r.Status);
        Assert.Equal(before, await host.SnapshotAsync(id));
    }

    // ------------------------------------------------------------------ edits

    [Theory]
    [InlineData(S.Draft)]
    [InlineData(S.Returned)]
    public async Task UpdateAsync_OwnUnitEditorInEditableState_SavesAndBumpsVersion(string state)
    {
        var (id, v) = await host.DriveW1Async(state);
        var editor = await host.ActorAsync("editor");
        var form = ColumnRequestDriver.ValidForm("改名后的专栏");
        form.StaffB = "新B岗";

        var r = await host.ColumnRequests().UpdateAsync(id, v, editor, form);

        Assert.Equal(FireStatus.Applied, r.Status);
        Assert.Equal(v + 1, r.NewVersion);
        var detail = await host.ColumnRequests().GetAsync(id, editor);
        Assert.Equal("改名后的专栏", detail!.Request.ColumnName);
        Assert.Equal("改名后的专栏", detail.Instance.Title);
        Assert.Equal("新B岗", detail.Request.StaffB);
        Assert.Equal(state, detail.Instance.State);
        var last = (await host.JournalAsync(id))[^1];
        Assert.Equal(WorkflowRuntime.EditTrigger, last.Trigger);
        Assert.Equal(state, last.FromState);
        Assert.Equal(state, last.ToState);
        Assert.Equal(editor.UserId, last.ActorUserId);

        // The version read before the edit is stale now.
        var stale = await host.ColumnRequests().UpdateAsync(id, v, editor, ColumnRequestDriver.ValidForm("再次修改"));
        Assert.Equal(FireStatus.Conflict, stale.Status);
        Assert.Equal("改名后的专栏", (await host.ColumnRequests().GetAsync(id, editor))!.Request.ColumnName);
    }

    [Theory]
    [InlineData(S.UnitReview, "editor", FireStatus.Forbidden)]
    [InlineData(S.BureauReview, "editor", FireStatus.Forbidden)]
    [InlineData(S.Active, "editor", FireStatus.Forbidden)]
    [InlineData(S.Withdrawn, "editor", FireStatus.Forbidden)]
    [InlineData(S.Draft, "reviewer", FireStatus.Forbidden)]
    [InlineData(S.Draft, "supervisor", FireStatus.Forbidden)]
    [InlineData(S.Draft, "admin", FireStatus.Forbidden)]
    [InlineData(S.Draft, "editor2", FireStatus.NotFound)]
    [InlineData(S.Returned, "editor2", FireStatus.NotFound)]
    public async Task UpdateAsync_WrongStateOrUser_IsRefusedAndChangesNothing(string state, string user, FireStatus expected)
    {
        var (id, v) = await host.DriveW1Async(state);
        var before = await host.SnapshotAsync(id);
        var r = await host.ColumnRequests().UpdateAsync(id, v, await host.ActorAsync(user), ColumnRequestDriver.ValidForm("越权修改"));
        Assert.Equal(expected, r.Status);
        Assert.Equal(before, await host.SnapshotAsync(id));
    }

    [Fact]
    public async Task UpdateAsync_InvalidForm_IsInvalidAndChangesNothing()
    {
        var (id, v) = await host.DriveW1Async(S.Draft);
        var form = ColumnRequestDriver.ValidForm();
        form.StaffB = " " + form.StaffA + " ";
        var before = await host.SnapshotAsync(id);
        var r = await host.ColumnRequests().UpdateAsync(id, v, await host.ActorAsync("editor"), form);
        Assert.Equal(FireStatus.Invalid, r.Status);
        Assert.Equal(before, await host.SnapshotAsync(id));
    }

    // ------------------------------------------------------------------ notifications on transitions

    [Fact]
    public async Task Submit_NotifiesTheOwnUnitsReviewersOnly()
    {
        var (id, v) = await host.CreateDraftAsync();
        await host.MustFireAsync(id, v, T.Submit, "editor");

        var recipients = await RecipientsAsync(id, "assigned");

        Assert.Equal(new[] { "reviewer", "reviewer3", "secrecy" }, recipients);
    }

    [Fact]
    public async Task UnitReturn_NotifiesTheCreatorWithTheReason()
    {
        var (id, v) = await host.DriveW1Async(S.UnitReview);
        await host.MustFireAsync(id, v, T.UnitReturn, "reviewer", "开设事由写得不清楚");

        await using var db = host.NewDbContext();
        var editorId = await host.UserIdAsync("editor");
        var status = await db.Notifications.Where(n => n.InstanceId == id && n.UserId == editorId && n.Kind == "status").ToListAsync();
        var n = Assert.Single(status);
        Assert.Contains("退回", n.Title);
        Assert.Equal("开设事由写得不清楚", n.Body);
        Assert.Equal($"/column-requests/{id}", n.Link);
        // The returned item waits for the unit's editors again; never for another unit's.
        Assert.DoesNotContain(await host.UserIdAsync("editor2"), await db.Notifications.Where(x => x.InstanceId == id).Select(x => x.UserId).ToListAsync());
    }

    [Fact]
    public async Task BureauApprove_NotifiesCreatorAndMonitors()
    {
        var (id, v) = await host.DriveW1Async(S.BureauReview);
        await host.MustFireAsync(id, v, T.BureauApprove, "supervisor");
        Assert.Equal(new[] { "editor" }, await RecipientsAsync(id, "status"));
        Assert.Equal(new[] { "monitor" }, await RecipientsAsync(id, "assigned", after: S.BureauReview));
    }

    [Fact]
    public async Task UnitApprove_NotifiesEverySupervisorButNotTheActor()
    {
        var (id, v) = await host.DriveW1Async(S.UnitReview);
        await host.MustFireAsync(id, v, T.UnitApprove, "reviewer");
        Assert.Equal(new[] { "supervisor", "supervisor2", "supreviewer" }, await RecipientsAsync(id, "assigned", after: S.UnitReview));
    }

    /// <summary>User names notified about the instance with this kind (optionally only for the entry out of a state).</summary>
    private async Task<string[]> RecipientsAsync(long id, string kind, string? after = null)
    {
        await using var db = host.NewDbContext();
        var q = db.Notifications.Where(n => n.InstanceId == id && n.Kind == kind);
        if (after is not null)
        {
            var seq = await db.JournalEntries.Where(j => j.InstanceId == id && j.FromState == after).MaxAsync(j => j.Seq);
            var prefix = $"t:{id}:{seq}:";
            q = q.Where(n => n.DedupKey.StartsWith(prefix));
        }
        return await (from n in q join u in db.Users on n.UserId equals u.Id orderby u.UserName select u.UserName!).ToArrayAsync();
    }
}
