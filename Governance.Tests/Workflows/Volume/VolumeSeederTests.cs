using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.Definitions.ContentReview;
using Governance.Workflows.Definitions.Rectification;
using Governance.Workflows.Volume;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Workflows.Volume;

/// <summary>
/// `seed-volume` at a small scale on a real SQLite file (the workflow host's, clock Mon 2026-03-02 09:00 China time):
/// 0.003 years is one thousandth of the three-year volume — 100 messages, 20 findings, 50 content items, 5 requests.
/// </summary>
public sealed class VolumeSeederTests
{
    private const double Years = 0.003;

    [Fact]
    public void ForYears_ThreeYearsAndFractions_TheIssuesVolumeAtTheSameDailyRate()
    {
        Assert.Equal(new VolumePlan(100_000, 20_000, 50_000, 5_000), VolumePlan.ForYears(3));
        Assert.Equal(new VolumePlan(1_000, 200, 500, 50), VolumePlan.ForYears(0.03));
        Assert.Equal(new VolumePlan(100, 20, 50, 5), VolumePlan.ForYears(Years));
        Assert.Equal(new VolumePlan(33_333, 6_667, 16_667, 1_667), VolumePlan.ForYears(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => VolumePlan.ForYears(0));
    }

    [Fact]
    public async Task SeedAsync_SmallScale_CountsAsAskedEveryItemJournaledWithDeadlines_SecondRunAddsNothing()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<VolumeSeeder>();
        var reports = new List<VolumeProgress>();

        var first = await seeder.SeedAsync(Years, new SyncProgress(reports));

        Assert.Equal(new VolumeResult(100, 20, 50, 5), first);
        // Progress: each table from 0 to its total.
        Assert.Equal(["CitizenMessages 网民留言", "Findings 整改问题", "ContentItems 信息发布", "ColumnRequests 专栏申请"],
            reports.Select(r => r.Table).Distinct());
        Assert.Contains(new VolumeProgress("CitizenMessages 网民留言", 100, 100), reports);
        Assert.Contains(new VolumeProgress("ColumnRequests 专栏申请", 5, 5), reports);

        await using (var db = host.NewDbContext())
        {
            Assert.Equal(100, await db.WorkflowInstances.CountAsync(i => i.DefinitionKey == CitizenMessageWorkflow.Key));
            Assert.Equal(100, await db.CitizenMessages.CountAsync());
            Assert.Equal(20, await db.WorkflowInstances.CountAsync(i => i.DefinitionKey == RectificationWorkflow.Key));
            Assert.Equal(20, await db.Findings.CountAsync());
            Assert.Equal(50, await db.WorkflowInstances.CountAsync(i => i.DefinitionKey == ContentReviewWorkflow.Key));
            Assert.Equal(50, await db.ContentItems.CountAsync());
            Assert.Equal(5, await db.WorkflowInstances.CountAsync(i => i.DefinitionKey == ColumnRequestWorkflow.Key));
            Assert.Equal(5, await db.ColumnRequests.CountAsync());

            // Every item has a journal that starts with its creation and whose last entry is the state it is in.
            Assert.Equal(0, await db.WorkflowInstances.CountAsync(i => !db.JournalEntries.Any(j => j.InstanceId == i.Id && j.Seq == 1 && j.Trigger == "Create")));
            Assert.Equal(0, await db.WorkflowInstances.CountAsync(i =>
                db.JournalEntries.Where(j => j.InstanceId == i.Id).OrderByDescending(j => j.Seq).Select(j => j.ToState).First() != i.State));
            // Every message and finding had a deadline from the start (待分办 and 已下发 carry one).
            Assert.Equal(0, await db.WorkflowInstances.CountAsync(i => (i.DefinitionKey == CitizenMessageWorkflow.Key || i.DefinitionKey == RectificationWorkflow.Key)
                                                                        && !db.Deadlines.Any(d => d.InstanceId == i.Id)));
            // An open item waiting in a state with a deadline has exactly that deadline open, and the instance carries its due time.
            var waiting = await db.WorkflowInstances.Where(i => i.DueAtUtc != null).ToListAsync();
            Assert.NotEmpty(waiting);
            foreach (var i in waiting)
                Assert.Equal(i.DueAtUtc, (await db.Deadlines.SingleAsync(d => d.InstanceId == i.Id && d.ClosedAtUtc == null)).DueAtUtc);
            Assert.Equal(0, await db.WorkflowInstances.CountAsync(i => i.DueAtUtc == null && db.Deadlines.Any(d => d.InstanceId == i.Id && d.ClosedAtUtc == null)));
            // Reminders: those of closed deadlines sent or cancelled; pending ones only on open deadlines and in the future.
            var now = host.Clock.GetUtcNow().UtcDateTime;
            Assert.Equal(0, await db.Reminders.CountAsync(r => r.Status == ReminderStatus.Pending && (r.Deadline!.ClosedAtUtc != null || r.FireAtUtc <= now)));
            Assert.True(await db.Reminders.CountAsync(r => r.Status == ReminderStatus.Pending) > 0);
            // 0.003 years is the last 26 hours: the first messages have moved on (分办, 签收 …), the latest wait for 分办.
            var states = await db.WorkflowInstances.Where(i => i.DefinitionKey == CitizenMessageWorkflow.Key).Select(i => i.State).Distinct().ToListAsync();
            Assert.Contains(CitizenMessageWorkflow.S.Received, states);
            Assert.Contains(CitizenMessageWorkflow.S.Assigned, states);
            Assert.Contains(CitizenMessageWorkflow.S.Drafting, states);

            // Every 栏目保障单位 (department and town) handles messages and has findings issued to it.
            var units = await db.Units.Where(u => u.Kind == UnitKind.Department || u.Kind == UnitKind.Town).Select(u => u.Id).ToListAsync();
            Assert.Equal(21, units.Count);
            foreach (var unit in units)
                Assert.True(await db.WorkflowInstances.AnyAsync(i => i.DefinitionKey == CitizenMessageWorkflow.Key && i.HandlingUnitId == unit),
                    $"unit {unit}: no message");
            // 20 findings: one for each of the first 20 units in turn.
            Assert.Equal(20, await db.WorkflowInstances.Where(i => i.DefinitionKey == RectificationWorkflow.Key).Select(i => i.HandlingUnitId).Distinct().CountAsync());
        }

        var counts = await RowCountsAsync(host);
        var second = await seeder.SeedAsync(Years);

        Assert.Equal(new VolumeResult(0, 0, 0, 0), second);
        Assert.Equal(counts, await RowCountsAsync(host));
    }

    private static async Task<string> RowCountsAsync(WorkflowTestHost host)
    {
        await using var db = host.NewDbContext();
        return string.Join(",", await db.WorkflowInstances.CountAsync(), await db.JournalEntries.CountAsync(), await db.Deadlines.CountAsync(),
            await db.Reminders.CountAsync(), await db.CitizenMessages.CountAsync(), await db.Findings.CountAsync(), await db.ContentItems.CountAsync(),
            await db.ColumnRequests.CountAsync(), await db.Users.CountAsync());
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; the test wants every report, in order.</summary>
    private sealed class SyncProgress(List<VolumeProgress> reports) : IProgress<VolumeProgress>
    {
        public void Report(VolumeProgress value) => reports.Add(value);
    }
}
