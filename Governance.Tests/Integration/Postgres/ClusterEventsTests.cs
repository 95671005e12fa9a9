using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Workflows.Calendar;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Governance.Workflows.PreCheck;
using Governance.Workflows.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Tests.Integration.Postgres;

/// <summary>
/// Two nodes in one test process, each with its own services and its own LISTEN connection, on one PostgreSQL database:
/// what one publishes or edits reaches the other (live updates, the settings cache, the pre-check rules, the calendar).
/// The in-process bus (SQLite) would never tell node B, so each of these fails without LISTEN/NOTIFY.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class ClusterEventsTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly Actor Admin = new("cluster-admin", "集群管理员", 0, "", new HashSet<string> { Roles.Admin });
    private PostgresTestDatabase? _db;
    private Node _a = null!;
    private Node _b = null!;

    public async Task InitializeAsync()
    {
        if (TestDatabase.Server is null) return; // skipped: PostgresFact says why
        _db = await TestDatabase.CreatePostgresAsync();
        _a = await Node.StartAsync(_db.ConnectionString);
        _b = await Node.StartAsync(_db.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_db is null) return;
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _db.DisposeAsync();
    }

    [PostgresFact]
    public async Task PublishInstance_OnNodeA_RaisesInstanceChangedOnNodeB_WithItsUnits_AndOnceOnA()
    {
        var onB = new List<InstanceChange>();
        var both = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var onA = 0;
        _b.Get<ChangeFeed>().InstanceChanged += c =>
        {
            lock (onB)
            {
                onB.Add(c);
                if (onB.Count == 2) both.TrySetResult();
            }
        };
        _a.Get<ChangeFeed>().InstanceChanged += _ => Interlocked.Increment(ref onA);

        _a.Get<ChangeFeed>().PublishInstance(4217, [7, 3]);
        _a.Get<ChangeFeed>().PublishInstance(4218);

        await both.Task.WaitAsync(Patience);
        // The units travel with the id: node B's lists of unit 3 and 7 reload, unit 5's does not; units not known: all do.
        var scoped = Assert.Single(onB, c => c.InstanceId == 4217);
        Assert.Equal([3, 7], scoped.Units!.Order());
        Assert.True(scoped.Concerns(3));
        Assert.False(scoped.Concerns(5));
        var unscoped = Assert.Single(onB, c => c.InstanceId == 4218);
        Assert.Null(unscoped.Units);
        Assert.True(unscoped.Concerns(5));
        // A's own notifications come back over LISTEN too; they are recognised and not delivered twice.
        await Task.Delay(500);
        Assert.Equal(2, onA);
    }

    [PostgresFact]
    public async Task PublishNotifications_ManyUsers_EveryUserReachesNodeB()
    {
        // More ids than one NOTIFY payload holds (8000 bytes): sent in several.
        var users = Enumerable.Range(0, 400).Select(i => $"{Guid.NewGuid()}").ToList();
        var seen = new HashSet<string>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _b.Get<ChangeFeed>().NotificationsChanged += id =>
        {
            lock (seen)
            {
                seen.Add(id);
                if (seen.Count == users.Count) all.TrySetResult();
            }
        };

        _a.Get<ChangeFeed>().PublishNotifications(users);

        await all.Task.WaitAsync(Patience);
        Assert.Equal(users.Order(), seen.Order());
    }

    [PostgresFact]
    public async Task SetSetting_OnNodeA_NodeBCachedOldValue_NodeBReadsTheNewOne()
    {
        Assert.Null(await _a.Get<SettingsService>().SetIntAsync(Admin, "Cluster.Test", 5, 1, 10));
        Assert.Equal(5, await _b.Get<SettingsService>().GetIntAsync("Cluster.Test", 0)); // B caches 5

        Assert.Null(await _a.Get<SettingsService>().SetIntAsync(Admin, "Cluster.Test", 7, 1, 10));

        Assert.Equal(7, await EventuallyAsync(() => _b.Get<SettingsService>().GetIntAsync("Cluster.Test", 0), 7));
    }

    [PostgresFact]
    public async Task AddAllowedHost_OnNodeA_NodeBsPreCheckRulesIncludeIt()
    {
        var before = await _b.Get<PreCheckRulesProvider>().GetAsync(); // B caches its snapshot
        Assert.DoesNotContain("cluster-test.example.cn", before.AllowedHosts);

        Assert.Null(await _a.Get<DictionaryAdminService>().AddHostAsync(Admin, "cluster-test.example.cn", "集群测试"));

        Assert.True(await EventuallyAsync(async () => (await _b.Get<PreCheckRulesProvider>().GetAsync()).AllowedHosts.Contains("cluster-test.example.cn"), true));
    }

    [PostgresFact]
    public async Task SetCalendarDay_OnNodeA_NodeBsCalendarHasTheHoliday()
    {
        var day = new DateOnly(2026, 6, 10); // a Wednesday
        Assert.True((await _b.Get<CalendarStore>().GetAsync()).IsWorkingDay(day)); // B caches its calendar

        Assert.Null(await _a.Get<CalendarStore>().SetDayAsync(Admin, day, CalendarDayKind.Holiday, "集群测试假日"));

        Assert.False(await EventuallyAsync(async () => (await _b.Get<CalendarStore>().GetAsync()).IsWorkingDay(day), false));
    }

    /// <summary>Reads until the value is the expected one or the patience runs out (then returns what it read last).</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, T expected)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            var value = await read();
            if (EqualityComparer<T>.Default.Equals(value, expected) || DateTime.UtcNow > until) return value;
            await Task.Delay(100);
        }
    }

    /// <summary>One node: the workflow layer with its own LISTEN connection.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly string _folder;

        private Node(ServiceProvider services, string folder)
        {
            _services = services;
            _folder = folder;
        }

        public static async Task<Node> StartAsync(string connectionString)
        {
            var folder = Path.Combine(Path.GetTempPath(), "gov-node-" + Guid.NewGuid().ToString("N")[..10]);
            Directory.CreateDirectory(folder);
            var services = new ServiceCollection();
            var events = new PostgresClusterEvents(connectionString, NullLogger<PostgresClusterEvents>.Instance);
            services.AddSingleton<IClusterEvents>(events);
            services.AddGovernanceCore(Path.Combine(folder, "unused.db"), new FakeTimeProvider(WorkflowTestHost.Start), connectionString);
            var provider = services.BuildServiceProvider();
            await events.StartAsync(CancellationToken.None);
            await events.Listening.WaitAsync(Patience);
            return new Node(provider, folder);
        }

        public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

        public async ValueTask DisposeAsync()
        {
            await ((PostgresClusterEvents)_services.GetRequiredService<IClusterEvents>()).DisposeAsync();
            await _services.DisposeAsync();
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }
    }
}
