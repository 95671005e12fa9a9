using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Deadlines;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Engine;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Benchmarks.Volume;

/// <summary>
/// A short job for a shared 2-core machine: 2 warm-ups, 6 measured iterations, in process (the generated project's build
/// timed out at 120 s on the loaded machine, and the databases are opened by GlobalSetup either way).
/// </summary>
public sealed class VolumeConfig : ManualConfig
{
    public VolumeConfig()
    {
        AddJob(Job.ShortRun.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(6)
            .WithToolchain(BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain.Instance).WithId("Volume"));
        AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median);
    }
}

/// <summary>
/// What the pages do, through the services they call, on a county's history of 1,000 and of 100,000 messages (with the
/// findings, content items and column requests of the same span — see <see cref="VolumeDatabase"/>). The goal (issue 11):
/// each figure at 100k at most 2× its figure at 1k.
/// </summary>
[Config(typeof(VolumeConfig))]
[MemoryDiagnoser]
public class VolumeBenchmarks
{
    [Params(1_000, 100_000)]
    public int Items { get; set; }

    private ServiceProvider _services = null!;
    private Inbox _inbox = null!;
    private CitizenMessageService _messages = null!;
    private MessageStatistics _statistics = null!;
    private AccountabilityDashboard _dashboard = null!;
    private WorkflowRuntime _runtime = null!;
    private Actor _unitEditor = null!, _monitor = null!, _officer = null!;
    private List<(long Id, int Version)> _chasePool = [];
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _services = await VolumeDatabase.HistoryAsync(Items);
        _inbox = _services.GetRequiredService<Inbox>();
        _messages = _services.GetRequiredService<CitizenMessageService>();
        _statistics = _services.GetRequiredService<MessageStatistics>();
        _dashboard = _services.GetRequiredService<AccountabilityDashboard>();
        _runtime = _services.GetRequiredService<WorkflowRuntime>();
        _unitEditor = await ActorAsync(_services, "editor");
        _monitor = await ActorAsync(_services, "monitor");
        _officer = await ActorAsync(_services, "accountability");
        // 催办 (an internal transition, so it can be fired again and again) on messages a unit holds.
        await using var db = await _services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        var unitStates = new[] { CitizenMessageWorkflow.S.Assigned, CitizenMessageWorkflow.S.Drafting, CitizenMessageWorkflow.S.ReplyReview };
        _chasePool = (await db.WorkflowInstances.AsNoTracking()
                .Where(i => i.DefinitionKey == CitizenMessageWorkflow.Key && unitStates.Contains(i.State))
                .OrderBy(i => i.Id).Take(50).Select(i => new { i.Id, i.Version }).ToListAsync())
            .Select(x => (x.Id, x.Version)).ToList();
        if (_chasePool.Count == 0) throw new InvalidOperationException("no open message to chase");
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    internal static async Task<Actor> ActorAsync(IServiceProvider services, string userName)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException(userName);
        var roles = await users.GetRolesAsync(user);
        await using var db = await services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        var unit = await db.Units.Where(u => u.Id == user.UnitId).Select(u => u.Name).FirstAsync();
        return new Actor(user.Id, user.DisplayName, user.UnitId, unit, roles.ToHashSet());
    }

    /// <summary>工作台 of a unit's 信息员 (县教育局) as the page reads it: the first page of what waits for them, with the counts.</summary>
    [Benchmark]
    public async Task<int> Inbox_UnitUser() => (await _inbox.PageAsync(_unitEditor, 0, 50)).Items.Count;

    /// <summary>W3 分办 board of a Monitor: messages waiting to be assigned, with their versions.</summary>
    [Benchmark]
    public async Task<int> DispatchBoard() => (await _messages.DispatchEntriesAsync(_monitor)).Count;

    /// <summary>The message list's first page as the page opens it: all messages, sorted by deadline.</summary>
    [Benchmark]
    public async Task<int> MessageList_ByDeadline() =>
        (await _messages.ListAsync(_monitor, new MessageQuery { SortBy = "due", Descending = false, PageSize = 20 })).Rows.Count;

    /// <summary>A year's message statistics by unit (第19条(五)).</summary>
    [Benchmark]
    public async Task<int> MessageStatistics_Year()
    {
        var today = ChinaTime.Date(VolumeDatabase.Now.UtcDateTime);
        return (await _statistics.ComputeAsync(_monitor, today.AddYears(-1).AddDays(1), today))!.Total.Received;
    }

    /// <summary>The accountability dashboard (第20–22条) of 县政府办公室.</summary>
    [Benchmark]
    public async Task<int> AccountabilityDashboard() => (await _dashboard.ForAsync(_officer))!.Units.Count;

    /// <summary>One transition through WorkflowRuntime.FireAsync: a Monitor's 催办 on a message a unit holds.</summary>
    [Benchmark]
    public async Task<int> FireOneTransition()
    {
        var i = _next++ % _chasePool.Count;
        var (id, version) = _chasePool[i];
        var result = await _runtime.FireAsync(id, version, CitizenMessageWorkflow.T.Chase, _monitor, new FireInput("请抓紧办理"));
        if (result.Status != FireStatus.Applied) throw new InvalidOperationException(result.Message);
        _chasePool[i] = (id, result.NewVersion!.Value);
        return result.NewVersion!.Value;
    }
}

/// <summary>
/// The deadline sweep (DeadlineSweep.RunAsync, Hangfire every minute) over 1,000 and 100,000 open items of which 100 have a
/// reminder due. Each iteration sends those 100; the setup before it arms them again (outside the measurement).
/// </summary>
[Config(typeof(VolumeConfig))]
public class VolumeSweepBenchmarks
{
    [Params(1_000, 100_000)]
    public int Items { get; set; }

    private ServiceProvider _services = null!;
    private DeadlineSweep _sweep = null!;
    private IDbContextFactory<GovernanceDbContext> _db = null!;
    private List<long> _due = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _services = await VolumeDatabase.BacklogAsync(Items);
        _sweep = _services.GetRequiredService<DeadlineSweep>();
        _db = _services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>();
        var now = VolumeDatabase.Now.UtcDateTime;
        await using var db = await _db.CreateDbContextAsync();
        _due = await db.Reminders.Where(r => r.FireAtUtc <= now && r.Level == ReminderLevel.Before).Select(r => r.Id).ToListAsync();
        if (_due.Count != VolumeDatabase.DueReminders) throw new InvalidOperationException($"{_due.Count} due reminders");
    }

    [IterationSetup]
    public void Arm()
    {
        using var db = _db.CreateDbContext();
        db.Notifications.Where(n => n.DedupKey.StartsWith("r:")).ExecuteDelete();
        db.Reminders.Where(r => _due.Contains(r.Id)).ExecuteUpdate(s => s.SetProperty(r => r.Status, ReminderStatus.Pending).SetProperty(r => r.SentAtUtc, (DateTime?)null));
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    [InvocationCount(1)]
    public async Task<int> DeadlineSweep_100Due()
    {
        var sent = await _sweep.RunAsync();
        if (sent != VolumeDatabase.DueReminders) throw new InvalidOperationException($"sent {sent}");
        return sent;
    }
}
