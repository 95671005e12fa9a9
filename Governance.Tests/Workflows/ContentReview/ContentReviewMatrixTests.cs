using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Definitions.ContentReview;
using Governance.Workflows.Engine;
using S = Governance.Workflows.Definitions.ContentReview.ContentReviewWorkflow.S;
using T = Governance.Workflows.Definitions.ContentReview.ContentReviewWorkflow.T;

namespace Governance.Tests.Workflows.ContentReview;

/// <summary>
/// W2 role × state × trigger: every user of the fixture fires every trigger in every state of an item drafted by
/// <c>editor</c> (县教育局) and driven by reviewer (单位审核), secrecy (保密审查) and publisher (发布). The outcomes are a
/// hand-written table, worked out from SPEC.md W2 and the regulation — not computed from the definition under test.
/// </summary>
public sealed class ContentReviewMatrixTests(WorkflowTestHost host) : IClassFixture<WorkflowTestHost>
{
    /// <summary>
    /// (state, trigger) → who gets Applied (A) and who gets Invalid (I: a precondition refuses it and the button shows
    /// disabled with the reason). Every (state, trigger) pair not listed: nobody may. For every row, the users of other
    /// units (<see cref="OtherUnits"/>) get NotFound and everyone else Forbidden.
    /// </summary>
    private static readonly (string State, string Trigger, string Applied, string Invalid)[] Table =
    [
        (S.Draft, T.Submit, "editor reviewer3", ""),
        (S.Draft, T.Withdraw, "editor reviewer3", ""),
        // Nothing to let through in a clean text: the reviewers (not the author) get the precondition's refusal.
        (S.Draft, T.OverridePii, "", "reviewer secrecy reviewer3"),
        (S.UnitReview, T.UnitApprove, "reviewer secrecy reviewer3", ""),
        (S.UnitReview, T.UnitReturn, "reviewer secrecy reviewer3", ""),
        // 第9条 保密审查机制: not the reviewer who did 单位审核 (reviewer).
        (S.SecrecyReview, T.SecrecyApprove, "secrecy reviewer3", "reviewer"),
        (S.SecrecyReview, T.SecrecyReturn, "reviewer secrecy reviewer3", ""),
        (S.ReadyToPublish, T.Publish, "publisher", ""),
        (S.ReadyToPublish, T.PublisherReturn, "publisher", ""),
        (S.Published, T.Retract, "publisher reviewer secrecy reviewer3", ""),
        (S.Published, T.Correct, "editor reviewer3", ""),
        (S.Returned, T.Submit, "editor reviewer3", ""),
        (S.Returned, T.Withdraw, "editor reviewer3", ""),
        (S.Returned, T.OverridePii, "", "reviewer secrecy reviewer3"),
        // ConfirmConcerned: this item concerns no other unit, so nobody (participant-unit scope) in any state.
    ];

    /// <summary>Users of units that neither own nor take part in the item: it does not exist for them.</summary>
    private static readonly string[] OtherUnits = ["editor2", "reviewer2", "publisher2", "duty"];

    private static readonly string[] States =
        [S.Draft, S.UnitReview, S.SecrecyReview, S.ReadyToPublish, S.Published, S.Returned, S.Retracted, S.Withdrawn];

    private static readonly string[] Triggers =
    [
        T.Submit, T.OverridePii, T.UnitApprove, T.UnitReturn, T.SecrecyApprove, T.SecrecyReturn, T.ConfirmConcerned, T.Publish,
        T.PublisherReturn, T.Retract, T.Correct, T.Withdraw,
    ];

    private static FireStatus Expected(string state, string trigger, string user)
    {
        if (OtherUnits.Contains(user)) return FireStatus.NotFound;
        var row = Table.Where(r => r.State == state && r.Trigger == trigger).ToList();
        if (row.Count == 0) return FireStatus.Forbidden;
        if (row[0].Applied.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(user)) return FireStatus.Applied;
        if (row[0].Invalid.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(user)) return FireStatus.Invalid;
        return FireStatus.Forbidden;
    }

    /// <summary>A complete input: a comment, the five ticks and the secrecy statement, so that only the rules decide.</summary>
    private static FireInput Input() =>
        new("处理意见", new Dictionary<string, string?>(ContentReviewDriver.FiveChecks()) { ["statement"] = "经审查不涉密，同意公开。" });

    [Fact]
    public void Table_CoversExactlyTheDefinitionsStatesAndTriggers()
    {
        Assert.Equal(States.Order(), ContentReviewWorkflow.Definition.States.Select(s => s.Name).Order());
        Assert.Equal(Triggers.Order(), ContentReviewWorkflow.Definition.Triggers.Select(t => t.Name).Order());
        Assert.All(Table, r => Assert.Contains(r.State, States));
        Assert.All(Table, r => Assert.Contains(r.Trigger, Triggers));
        Assert.Equal(Table.Length, Table.Select(r => (r.State, r.Trigger)).Distinct().Count());
    }

    public static TheoryData<string> AllStates() => new(States);

    [Theory]
    [MemberData(nameof(AllStates))]
    public async Task EveryTriggerByEveryUser_FollowsTheTable(string state)
    {
        var (id, version) = await host.DriveW2Async(state);
        var failures = new List<string>();
        foreach (var user in WorkflowTestHost.AllUserNames)
        {
            var actor = await host.ActorAsync(user);
            var actions = await host.Runtime.ActionsAsync(id, actor);
            foreach (var trigger in Triggers)
            {
                var expected = Expected(state, trigger, user);
                var shown = actions.SingleOrDefault(a => a.Trigger == trigger);
                // The detail page agrees: enabled exactly when it would apply, shown disabled with a reason when a precondition refuses.
                var shownAs = shown is null ? "hidden" : shown.IsEnabled ? "enabled" : "disabled";
                var expectedShown = expected switch { FireStatus.Applied => "enabled", FireStatus.Invalid => "disabled", _ => "hidden" };
                if (shownAs != expectedShown) failures.Add($"{user} {trigger} in {state}: button {shownAs}, expected {expectedShown}");
                if (shown is { IsEnabled: false } && string.IsNullOrWhiteSpace(shown.DisabledReason)) failures.Add($"{user} {trigger}: disabled without reason");

                if (expected == FireStatus.Applied)
                {
                    // Applied on a fresh copy, so that the matrix item stays in its state.
                    var (copy, v) = await host.DriveW2Async(state);
                    var ok = await host.Runtime.FireAsync(copy, v, trigger, actor, Input());
                    if (ok.Status != FireStatus.Applied) failures.Add($"{user} {trigger} in {state}: {ok.Status} {ok.Message}, expected Applied");
                    continue;
                }
                var before = await host.SnapshotAsync(id);
                var r = await host.Runtime.FireAsync(id, version, trigger, actor, Input());
                if (r.Status != expected) failures.Add($"{user} {trigger} in {state}: {r.Status} ({r.Message}), expected {expected}");
                if (string.IsNullOrWhiteSpace(r.Message)) failures.Add($"{user} {trigger} in {state}: no message");
                if (before != await host.SnapshotAsync(id)) failures.Add($"{user} {trigger} in {state}: refused but changed the item");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
