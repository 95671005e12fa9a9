using Governance.Data;
using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Deadlines;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Microsoft.EntityFrameworkCore;
using S = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow.S;
using T = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow.T;

namespace Governance.Tests.Workflows.Engine;

/// <summary>The runtime itself: definition versions pinned per instance, optimistic concurrency under real races.</summary>
public sealed class WorkflowRuntimeTests(WorkflowTestHost host) : IClassFixture<WorkflowTestHost>
{
    // ------------------------------------------------------------------ version pinning

    /// <summary>
    /// A small test workflow "T1". v1: Go leads Open → Left, and Skip exists. v2: Go leads Open → Right, no Skip.
    /// </summary>
    private static WorkflowDefinition T1(int version)
    {
        var b = new WorkflowBuilder("T1", version, "测试流程", "TT", "/t1/{0}")
            .State("Open", "待办", Roles.Editor, UnitScope.OwnerUnit, initial: true)
            .State("Left", "左", Roles.UnitReviewer, UnitScope.OwnerUnit)
            .State("Right", "右", Roles.Supervisor, UnitScope.AnyUnit)
            .State("Done", "完成", final: true)
            .Trigger("Go", "前进").From("Open").To(version == 1 ? "Left" : "Right").By(Roles.Editor, UnitScope.OwnerUnit).End()
            .Trigger("Finish", "完成").From("Left", "Right").To("Done").By([Roles.UnitReviewer, Roles.Supervisor], UnitScope.AnyUnit).End();
        if (version == 1) b = b.Trigger("Skip", "跳过").From("Open").To("Done").By(Roles.Editor, UnitScope.OwnerUnit).End();
        return b.Build();
    }

    private WorkflowRuntime RuntimeWith(params WorkflowDefinition[] definitions) =>
        new(host.Get<IDbContextFactory<GovernanceDbContext>>(), new WorkflowRegistry(definitions), host.Get<DeadlinePlanner>(),
            host.Get<ChangeFeed>(), host.Clock, host.Services);

    private async Task<WorkflowInstance> StartT1Async(WorkflowRuntime runtime, string title)
    {
        var editor = await host.ActorAsync("editor");
        return await runtime.StartAsync("T1", editor, editor.UnitId, title, (_, _) => { });
    }

    [Fact]
    public async Task StartAsync_AfterNewVersionDeployed_OldInstanceKeepsItsVersionAndTransitions()
    {
        var v1 = T1(1);
        var v2 = T1(2);
        var before = RuntimeWith(v1);
        var old = await StartT1Async(before, "老版本事项");
        var oldSkip = await StartT1Async(before, "老版本事项（跳过）");
        Assert.Equal(1, old.DefinitionVersion);

        // Deploy v2: a registry holding both versions (listed newest first, so "latest" is by number, not by order).
        var after = RuntimeWith(v2, v1);
        var fresh = await StartT1Async(after, "新版本事项");
        Assert.Equal(2, fresh.DefinitionVersion);
        Assert.Equal(1, (await host.InstanceAsync(old.Id)).DefinitionVersion);

        var editor = await host.ActorAsync("editor");
        var oldGo = await after.FireAsync(old.Id, old.Version, "Go", editor, FireInput.Empty);
        var freshGo = await after.FireAsync(fresh.Id, fresh.Version, "Go", editor, FireInput.Empty);

        Assert.Equal(FireStatus.Applied, oldGo.Status);
        Assert.Equal("Left", oldGo.NewState);
        Assert.Equal(FireStatus.Applied, freshGo.Status);
        Assert.Equal("Right", freshGo.NewState);
        var oldRow = await host.InstanceAsync(old.Id);
        Assert.Equal(1, oldRow.DefinitionVersion);
        Assert.Equal("Left", oldRow.State);
        Assert.Equal(Roles.UnitReviewer, oldRow.WaitingForRole);
        Assert.Equal(editor.UnitId, oldRow.WaitingForUnitId);
        var freshRow = await host.InstanceAsync(fresh.Id);
        Assert.Equal(2, freshRow.DefinitionVersion);
        Assert.Equal(Roles.Supervisor, freshRow.WaitingForRole);
        Assert.Null(freshRow.WaitingForUnitId);

        // v1's Skip is still offered and works for v1 instances; it does not exist for v2 ones.
        Assert.Contains(await after.AvailableActionsAsync(oldSkip.Id, editor), a => a.Trigger == "Skip");
        var fresh2 = await StartT1Async(after, "新版本事项2");
        Assert.DoesNotContain(await after.AvailableActionsAsync(fresh2.Id, editor), a => a.Trigger == "Skip");
        var before2 = await host.SnapshotAsync(fresh2.Id);
        Assert.Equal(FireStatus.Invalid, (await after.FireAsync(fresh2.Id, fresh2.Version, "Skip", editor, FireInput.Empty)).Status);
        Assert.Equal(before2, await host.SnapshotAsync(fresh2.Id));
        var skipped = await after.FireAsync(oldSkip.Id, oldSkip.Version, "Skip", editor, FireInput.Empty);
        Assert.Equal(FireStatus.Applied, skipped.Status);
        Assert.Equal("Done", skipped.NewState);
        Assert.True((await host.InstanceAsync(oldSkip.Id)).IsFinal);
    }

    [Fact]
    public async Task FireAsync_InstanceVersionNoLongerRegistered_Throws()
    {
        var old = await StartT1Async(RuntimeWith(T1(1)), "孤儿事项");
        var onlyV2 = RuntimeWith(T1(2));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            onlyV2.FireAsync(old.Id, old.Version, "Go", new Actor("x", "x", old.OwnerUnitId!.Value, "x", new HashSet<string> { Roles.Editor }), FireInput.Empty));
    }

    [Fact]
    public void WorkflowRegistry_DuplicateVersion_Throws()
    {
        Assert.Throws<ArgumentException>(() => new WorkflowRegistry([T1(1), T1(1)]));
        Assert.Equal(2, new WorkflowRegistry([T1(1), T1(2)]).Latest("T1").Version);
        Assert.Throws<InvalidOperationException>(() => new WorkflowRegistry([T1(1)]).Get("T1", 2));
    }

    [Fact]
    public void WorkflowBuilder_UnknownStateOrNoRole_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new WorkflowBuilder("X", 1, "x", "X", "/x/{0}")
            .State("A", "A", Roles.Editor, initial: true)
            .Trigger("Go", "Go").From("A").To("Nowhere").By(Roles.Editor, UnitScope.OwnerUnit).End().Build());
        Assert.Throws<InvalidOperationException>(() => new WorkflowBuilder("X", 1, "x", "X", "/x/{0}")
            .State("A", "A", Roles.Editor, initial: true).State("B", "B")
            .Trigger("Go", "Go").From("A").To("B").By([], UnitScope.OwnerUnit).End().Build());
        Assert.Throws<InvalidOperationException>(() => new WorkflowBuilder("X", 1, "x", "X", "/x/{0}").State("A", "A").Build());
    }

    // ------------------------------------------------------------------ concurrency

    [Fact]
    public async Task FireAsync_TwoSupervisorsRaceApproveAgainstReject_ExactlyOneAppliesEachTime()
    {
        var supervisor = await host.ActorAsync("supervisor");
        var supervisor2 = await host.ActorAsync("supervisor2");
        for (var round = 0; round < 10; round++)
        {
            var (id, v) = await host.DriveW1Async(S.BureauReview);
            var journalBefore = (await host.JournalAsync(id)).Count;

            var results = await Task.WhenAll(
                Task.Run(() => host.Runtime.FireAsync(id, v, T.BureauApprove, supervisor, FireInput.Empty)),
                Task.Run(() => host.Runtime.FireAsync(id, v, T.Reject, supervisor2, new FireInput("不符合第7条"))));

            Assert.True(results.Count(r => r.Status == FireStatus.Applied) == 1,
                $"round {round}: {string.Join(" / ", results.Select(r => r.Status + " " + r.Message))}");
            Assert.Single(results, r => r.Status == FireStatus.Conflict);
            var winner = results.Single(r => r.Succeeded);
            var instance = await host.InstanceAsync(id);
            Assert.Equal(winner.NewState, instance.State);
            Assert.Equal(v + 1, instance.Version);
            var journal = await host.JournalAsync(id);
            Assert.Equal(journalBefore + 1, journal.Count);
            Assert.Equal(winner.NewState, journal[^1].ToState);
            await using var db = host.NewDbContext();
            var open = await db.Deadlines.Where(d => d.InstanceId == id && d.ClosedAtUtc == null).ToListAsync();
            if (instance.State == S.Setup) Assert.Equal(S.Setup, Assert.Single(open).State);
            else
            {
                Assert.Equal(S.Rejected, instance.State);
                Assert.Empty(open);
            }
            var creator = await host.UserIdAsync("editor");
            Assert.Equal(1, await db.Notifications.CountAsync(n => n.InstanceId == id && n.UserId == creator && n.Kind == "status"));
        }
    }

    [Fact]
    public async Task FireAsync_SameUserDoubleClick_ExactlyOneApplies()
    {
        var reviewer = await host.ActorAsync("reviewer");
        for (var round = 0; round < 10; round++)
        {
            var (id, v) = await host.DriveW1Async(S.UnitReview);
            var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
                Task.Run(() => host.Runtime.FireAsync(id, v, T.UnitApprove, reviewer, FireInput.Empty))));
            Assert.Single(results, r => r.Status == FireStatus.Applied);
            Assert.Single(results, r => r.Status == FireStatus.Conflict);
            Assert.Single(await host.JournalAsync(id), j => j.Trigger == T.UnitApprove);
            await using var db = host.NewDbContext();
            Assert.Single(await db.Deadlines.Where(d => d.InstanceId == id && d.State == S.BureauReview).ToListAsync());
        }
    }

    [Fact]
    public async Task EditAsync_RacingSubmit_ExactlyOneApplies()
    {
        var editor = await host.ActorAsync("editor");
        for (var round = 0; round < 10; round++)
        {
            var (id, v) = await host.DriveW1Async(S.Draft);
            var results = await Task.WhenAll(
                Task.Run(() => host.ColumnRequests().UpdateAsync(id, v, editor, ColumnRequestDriver.ValidForm("竞态修改"))),
                Task.Run(() => host.Runtime.FireAsync(id, v, T.Submit, editor, FireInput.Empty)));
            Assert.Single(results, r => r.Status == FireStatus.Applied);
            Assert.Single(results, r => r.Status == FireStatus.Conflict);
            var instance = await host.InstanceAsync(id);
            Assert.Equal(v + 1, instance.Version);
            Assert.Equal(results[1].Succeeded ? S.UnitReview : S.Draft, instance.State);
            Assert.Equal(v + 1, (await host.JournalAsync(id)).Count);
        }
    }

    [Fact]
    public async Task FireAsync_StaleVersionAfterAnotherApplied_IsConflictAndChangesNothing()
    {
        var (id, v) = await host.DriveW1Async(S.UnitReview);
        await host.MustFireAsync(id, v, T.UnitApprove, "reviewer");
        var before = await host.SnapshotAsync(id);

        // The editor's page still shows version v: withdraw would be legal in BureauReview, but the page is stale.
        var stale = await host.Runtime.FireAsync(id, v, T.Withdraw, await host.ActorAsync("editor"), FireInput.Empty);

        Assert.Equal(FireStatus.Conflict, stale.Status);
        Assert.Equal(before, await host.SnapshotAsync(id));
        Assert.Equal(FireStatus.Conflict,
            (await host.Runtime.FireAsync(id, v + 5, T.Withdraw, await host.ActorAsync("editor"), FireInput.Empty)).Status);
        Assert.Equal(before, await host.SnapshotAsync(id));
    }
}
