using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows;
using Governance.Workflows.Deadlines;
using Governance.Workflows.Engine;
using Governance.Workflows.Identity;
using Governance.Workflows.Registers;
using Governance.Workflows.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Tests.Support;

/// <summary>
/// The workflow layer as the application wires it, on a real SQLite file in a temp folder, created by the committed
/// migrations and seeded with the demo users; the clock is a <see cref="FakeTimeProvider"/>.
/// Use as an xunit class fixture (IAsyncLifetime) or per test through <see cref="CreateAsync"/>. It drives any workflow;
/// what is particular to one (its forms, the paths to its states, its snapshot) lives in that workflow's test driver.
/// </summary>
public sealed class WorkflowTestHost : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>Monday 2026-03-02 09:00 China Standard Time.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Extra users besides DemoSeeder's: (user name, display name, unit, roles).</summary>
    public static readonly (string UserName, string DisplayName, string Unit, string[] Roles)[] ExtraUsers =
    [
        // A 县教育局 reviewer who is also an editor: may submit, but must not then approve (审核与申请分离).
        ("reviewer3", "陈双岗", "县教育局", [Roles.Editor, Roles.UnitReviewer]),
        // A second approver, for races between two Supervisors.
        ("supervisor2", "何审批", "县行政审批服务局", [Roles.Supervisor]),
        // A county-level user who also holds UnitReviewer for their own unit: sees every unit, may act for none but their own.
        ("supreviewer", "许内审", "县行政审批服务局", [Roles.Supervisor, Roles.UnitReviewer]),
        // Another unit's publisher: may never publish 县教育局's items (W2 发布 is the owner unit's).
        ("publisher2", "钱发布", "县财政局", [Roles.Publisher]),
    ];

    /// <summary>Every user of the fixture: the demo users then the extra ones.</summary>
    public static readonly IReadOnlyList<string> AllUserNames =
        [.. DemoSeeder.DemoUsers.Select(u => u.UserName), .. ExtraUsers.Select(u => u.UserName)];

    private readonly string _folder;
    private readonly ServiceProvider _services;
    private readonly Dictionary<string, Actor> _actors = [];
    private readonly PostgresTestDatabase? _postgres;

    public WorkflowTestHost() : this(null)
    {
    }

    /// <param name="configure">More registrations, e.g. a workflow module only the tests know.</param>
    /// <remarks>
    /// Private: xunit refuses a class fixture with two public constructors ("may only define a single public
    /// constructor"), which failed every <c>IClassFixture&lt;WorkflowTestHost&gt;</c> test. Use <see cref="CreateAsync"/>.
    /// </remarks>
    private WorkflowTestHost(Action<IServiceCollection>? configure, DateTimeOffset? start = null, string? attachTo = null)
    {
        _folder = Path.Combine(Path.GetTempPath(), "gov-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        DatabasePath = Path.Combine(_folder, "governance.db");
        Clock = new FakeTimeProvider(start ?? Start);
        // On PostgreSQL (GOVERNANCE_TEST_PROVIDER=Postgres, test.sh's second run) a database of this host's own.
        if (attachTo is null && TestDatabase.Provider == DatabaseProvider.Postgres)
            _postgres = TestDatabase.CreatePostgresAsync().GetAwaiter().GetResult();
        var services = new ServiceCollection();
        services.AddGovernanceCore(DatabasePath, Clock, attachTo ?? _postgres?.ConnectionString);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <param name="start">The fake clock's start, when a test needs earlier dates than <see cref="Start"/>.</param>
    public static async Task<WorkflowTestHost> CreateAsync(Action<IServiceCollection>? configure = null, DateTimeOffset? start = null)
    {
        var host = new WorkflowTestHost(configure, start);
        await host.InitializeAsync();
        return host;
    }

    /// <summary>The SQLite file (on PostgreSQL the folder's unused path: see <see cref="IsPostgres"/>).</summary>
    /// <summary>
    /// The workflow layer on a PostgreSQL database that running portals already migrated and seeded (the multi-node test):
    /// nothing is created, seeded or dropped.
    /// </summary>
    public static WorkflowTestHost Attach(string postgresConnectionString, DateTimeOffset start) => new(null, start, postgresConnectionString);

    public string DatabasePath { get; }

    public bool IsPostgres => _postgres is not null;
    public FakeTimeProvider Clock { get; }
    public IServiceProvider Services => _services;
    public WorkflowRuntime Runtime => _services.GetRequiredService<WorkflowRuntime>();
    public ColumnRegister Columns => _services.GetRequiredService<ColumnRegister>();
    public Inbox Inbox => _services.GetRequiredService<Inbox>();
    public SettingsService Settings => _services.GetRequiredService<SettingsService>();
    /// <summary>A new sweep each time (transient), as Hangfire would create one per run.</summary>
    public DeadlineSweep Sweep => _services.GetRequiredService<DeadlineSweep>();
    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public GovernanceDbContext NewDbContext() =>
        _services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContext();

    public async Task InitializeAsync()
    {
        await using (var db = NewDbContext()) await db.Database.MigrateAsync();
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedDemoAsync(null);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await using var db2 = NewDbContext();
        var units = await db2.Units.ToDictionaryAsync(u => u.Name, u => u.Id);
        foreach (var (userName, displayName, unit, roles) in ExtraUsers)
        {
            var user = new AppUser
            {
                UserName = userName, DisplayName = displayName, UnitId = units[unit], EmailConfirmed = true,
                CreatedAtUtc = Clock.GetUtcNow().UtcDateTime,
            };
            var created = await users.CreateAsync(user, DemoSeeder.DemoPassword);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            var added = await users.AddToRolesAsync(user, roles);
            if (!added.Succeeded) throw new InvalidOperationException(string.Join("; ", added.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>The actor of a user, read from the database (id, display name, unit, roles).</summary>
    public async Task<Actor> ActorAsync(string userName)
    {
        if (_actors.TryGetValue(userName, out var cached)) return cached;
        await using var db = NewDbContext();
        var user = await db.Users.AsNoTracking().Include(u => u.Unit).SingleAsync(u => u.UserName == userName);
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ur.UserId == user.Id
                           select r.Name!).ToListAsync();
        var actor = new Actor(user.Id, user.DisplayName, user.UnitId, user.Unit!.Name, roles.ToHashSet());
        _actors[userName] = actor;
        return actor;
    }

    public async Task<string> UserIdAsync(string userName) => (await ActorAsync(userName)).UserId;

    public async Task<int> UnitIdAsync(string unitName)
    {
        await using var db = NewDbContext();
        return await db.Units.Where(u => u.Name == unitName).Select(u => u.Id).SingleAsync();
    }

    /// <summary>Fires and insists that it applied; returns the new version.</summary>
    public async Task<int> MustFireAsync(long id, int version, string trigger, string userName, string? comment = null,
        IReadOnlyDictionary<string, string?>? fields = null)
    {
        var result = await Runtime.FireAsync(id, version, trigger, await ActorAsync(userName), new FireInput(comment, fields));
        if (result.Status != FireStatus.Applied)
            throw new InvalidOperationException($"{trigger} by {userName} on #{id} v{version}: {result.Status} {result.Message}");
        return result.NewVersion!.Value;
    }

    /// <summary>Fires a path of (trigger, user, comment, fields) steps, each of which must apply; returns the final version.</summary>
    public async Task<int> DriveAsync(long id, int version, params (string Trigger, string User, string? Comment, IReadOnlyDictionary<string, string?>? Fields)[] steps)
    {
        foreach (var (trigger, user, comment, fields) in steps) version = await MustFireAsync(id, version, trigger, user, comment, fields);
        return version;
    }

    /// <summary>The open deadline of the item's current step (read directly, as a test inspects it).</summary>
    public async Task<Deadline?> OpenDeadlineAsync(long id)
    {
        await using var db = NewDbContext();
        return await db.Deadlines.AsNoTracking().Where(d => d.InstanceId == id && d.ClosedAtUtc == null)
            .OrderByDescending(d => d.StateEntrySeq).FirstOrDefaultAsync();
    }

    public async Task<WorkflowInstance> InstanceAsync(long id)
    {
        await using var db = NewDbContext();
        return await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    public async Task<List<JournalEntry>> JournalAsync(long id)
    {
        await using var db = NewDbContext();
        return await db.JournalEntries.AsNoTracking().Where(j => j.InstanceId == id).OrderBy(j => j.Seq).ToListAsync();
    }

    /// <summary>
    /// Everything a refused fire must leave alone, to compare before and after: the instance, its journal, notifications,
    /// deadlines, reminders, participants and attachments, plus the workflow's own row as its test driver describes it.
    /// </summary>
    public async Task<string> SnapshotAsync(long id)
    {
        await using var db = NewDbContext();
        var i = await db.WorkflowInstances.AsNoTracking().SingleAsync(x => x.Id == id);
        var journal = await db.JournalEntries.CountAsync(j => j.InstanceId == id);
        var notifications = await db.Notifications.CountAsync(n => n.InstanceId == id);
        var deadlines = await db.Deadlines.AsNoTracking().Where(d => d.InstanceId == id)
            .Select(d => d.Id + ":" + (d.ClosedAtUtc == null ? "open" : "closed")).ToListAsync();
        var reminders = await db.Reminders.AsNoTracking().Where(r => r.Deadline!.InstanceId == id)
            .Select(r => r.Id + ":" + r.Status).ToListAsync();
        var participants = await db.InstanceParticipants.AsNoTracking().Where(p => p.InstanceId == id)
            .Select(p => p.UnitId + ":" + p.ConfirmedRevision + ":" + p.WaitingForRole).ToListAsync();
        var attachments = await db.Attachments.CountAsync(a => a.InstanceId == id);
        var business = Drivers.TryGetValue(i.DefinitionKey, out var driver) ? await driver.SnapshotAsync(db, id) : "";
        return $"state={i.State} v={i.Version} seq={i.StateEntrySeq} wait={i.WaitingForRole}/{i.WaitingForUnitId} final={i.IsFinal} " +
               $"owner={i.OwnerUnitId} handling={i.HandlingUnitId} title={i.Title} " +
               $"journal={journal} notif={notifications} deadlines=[{string.Join(',', deadlines)}] reminders=[{string.Join(',', reminders)}] " +
               $"participants=[{string.Join(',', participants)}] attachments={attachments} {business}";
    }

    /// <summary>Each workflow's test driver (its snapshot of its own row), found in the test assembly by its definition key.</summary>
    private static readonly IReadOnlyDictionary<string, IWorkflowTestDriver> Drivers =
        typeof(WorkflowTestHost).Assembly.GetTypes()
            .Where(t => typeof(IWorkflowTestDriver).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IWorkflowTestDriver)Activator.CreateInstance(t)!)
            .ToDictionary(d => d.DefinitionKey);

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_postgres is not null) await _postgres.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the OS: the temp folder is cleaned later.
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
