using System.Data.Common;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using S = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow.S;
using T = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow.T;

namespace Governance.Tests.Workflows.Engine;

/// <summary>
/// Races whose two contenders overlap for certain: both are held at a barrier after they have read the same row, then both
/// write. What decides is the concurrency token on <c>WorkflowInstances.Version</c> and the sweep's conditional claim
/// (<c>Status == Pending</c>); without them these tests fail (checked by removing each in a scratch run, see TESTING.md).
/// </summary>
public sealed class RacesThatRaceTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly HoldAfterReadInterceptor _hold = new();
    private WorkflowTestHost host = null!;

    public async Task InitializeAsync() =>
        host = await WorkflowTestHost.CreateAsync(s => s.AddDbInterceptor(_hold));

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task InstanceRow_TwoContextsReadVersionNThenBothWrite_ExactlyOneConcurrencyException()
    {
        var (id, v) = await host.DriveW1Async(S.BureauReview);
        using var bothRead = new Barrier(2);

        async Task<string> ContenderAsync(string newState)
        {
            await using var db = host.NewDbContext();
            var instance = await db.WorkflowInstances.SingleAsync(i => i.Id == id);
            Assert.Equal(v, instance.Version);
            // Both have read version v before either writes.
            if (!bothRead.SignalAndWait(Patience)) throw new TimeoutException("the other contender never read");
            instance.State = newState;
            instance.Version++;
            try
            {
                await db.SaveChangesAsync();
                return "saved";
            }
            catch (DbUpdateConcurrencyException)
            {
                return "conflict";
            }
        }

        var results = await Task.WhenAll(Task.Run(() => ContenderAsync(S.Setup)), Task.Run(() => ContenderAsync(S.Rejected)));

        Assert.Equal(["conflict", "saved"], results.Order());
        var row = await host.InstanceAsync(id);
        Assert.Equal(v + 1, row.Version);
        Assert.Equal(results[0] == "saved" ? S.Setup : S.Rejected, row.State);
    }

    [Fact]
    public async Task FireAsync_TwoSupervisorsReleasedTogetherAtABarrier_ExactlyOneApplies()
    {
        // Through the runtime: the two fires start together. FireAsync reads inside BEGIN IMMEDIATE, so the second waits
        // for the first to commit and then sees the new version (Conflict); the token is the second line behind it.
        var supervisor = await host.ActorAsync("supervisor");
        var supervisor2 = await host.ActorAsync("supervisor2");
        for (var round = 0; round < 5; round++)
        {
            var (id, v) = await host.DriveW1Async(S.BureauReview);
            using var start = new Barrier(2);
            Task<FireResult> Contender(string trigger, Actor actor, string? comment) => Task.Run(async () =>
            {
                if (!start.SignalAndWait(Patience)) throw new TimeoutException();
                return await host.Runtime.FireAsync(id, v, trigger, actor, new FireInput(comment));
            });
            var results = await Task.WhenAll(Contender(T.BureauApprove, supervisor, null), Contender(T.Reject, supervisor2, "不符合第7条"));
            Assert.Equal([FireStatus.Applied, FireStatus.Conflict], results.Select(r => r.Status).Order());
            Assert.Equal(v + 1, (await host.InstanceAsync(id)).Version);
            Assert.Single(await host.JournalAsync(id), j => j.Trigger is T.BureauApprove or T.Reject);
        }
    }

    [Fact]
    public async Task Sweep_TwoRunsBothReadTheReminderPending_ThenBothClaim_EachReminderSentOnce()
    {
        var (id, _) = await host.DriveW1Async(S.UnitReview);
        host.Clock.Advance(TimeSpan.FromDays(30));
        await using (var db = host.NewDbContext())
            Assert.Equal(2, await db.Reminders.CountAsync(r => r.Deadline!.InstanceId == id && r.Status == ReminderStatus.Pending));

        // Each sweep is held right after its query of due reminders until the other one has run the same query.
        _hold.Arm(2, Patience);
        var counts = await Task.WhenAll(Task.Run(() => host.Sweep.RunAsync()), Task.Run(() => host.Sweep.RunAsync()));

        Assert.Equal(2, _hold.Held);
        Assert.Equal(2, counts.Sum());
        await using var check = host.NewDbContext();
        var keys = await check.Notifications.Where(n => n.InstanceId == id && n.DedupKey.StartsWith("r:")).Select(n => n.DedupKey).ToListAsync();
        // Before → 3 reviewers of 县教育局, Escalation → 3 supervisors; each once.
        Assert.Equal(6, keys.Count);
        Assert.Equal(6, keys.Distinct().Count());
    }

    /// <summary>Holds the sweep's "due reminders" query after it has read, until <c>parties</c> such queries have read.</summary>
    private sealed class HoldAfterReadInterceptor : DbCommandInterceptor
    {
        private Barrier? _barrier;
        private TimeSpan _patience;
        private int _remaining;
        public int Held;

        public void Arm(int parties, TimeSpan patience)
        {
            _barrier = new Barrier(parties);
            _patience = patience;
            _remaining = parties;
        }

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData,
            DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (_barrier is { } barrier && command.CommandText.Contains("FROM \"Reminders\"", StringComparison.Ordinal)
                && command.CommandText.Contains("LIMIT", StringComparison.Ordinal) && Interlocked.Decrement(ref _remaining) >= 0)
            {
                // Read everything first (the rows as this sweep saw them), then wait for the other sweep to have read too.
                var table = new System.Data.DataTable();
                table.Load(result);
                Interlocked.Increment(ref Held);
                await Task.Run(() =>
                {
                    if (!barrier.SignalAndWait(_patience)) throw new TimeoutException("the other sweep never read");
                }, cancellationToken);
                return table.CreateDataReader();
            }
            return result;
        }
    }
}
