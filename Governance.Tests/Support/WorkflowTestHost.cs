using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows;
using Governance.Workflows.Deadlines;
using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.Engine;
using Governance.Workflows.Identity;
using Governance.Workflows.Registers;
using Governance.Workflows.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using W1 = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow;

namespace Governance.Tests.Support;

/// <summary>
/// The workflow layer as the application wires it, on a real SQLite file in a temp folder, created by the committed
/// migrations and seeded with the demo users; the clock is a <see cref="FakeTimeProvider"/>.
/// Use as an xunit class fixture (IAsyncLifetime) or per test through <see cref="CreateAsync"/>.
/// </summary>
public sealed class WorkflowTestHost : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>Monday 2026-03-02 09:00 China Standard Time.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    public const string ValidUrl = "https://www.fufeng.gov.cn/zt/jiaoyu/";

    /// <summary>Extra users besides DemoSeeder's: (user name, display name, unit, roles).</summary>
    public static readonly (string UserName, string DisplayName, string Unit, string[] Roles)[] ExtraUsers =
    [
        // A 县教育局 reviewer who is also an editor: may submit, but must not then approve (审核与申请分离).
        ("reviewer3", "陈双岗", "县教育局", [Roles.Editor, Roles.UnitReviewer]),
        // A second approver, for races between two Supervisors.
        ("supervisor2", "何审批", "县行政审批服务局", [Roles.Supervisor]),
        // A county-level user who also holds UnitReviewer for their own unit: sees every unit, may act for none but their own.
        ("supreviewer", "许内审", "县行政审批服务局", [Roles.Supervisor, Roles.UnitReviewer]),
    ];

    /// <summary>Every user of the fixture: the demo users then the extra ones.</summary>
    public static readonly IReadOnlyList<string> AllUserNames =
        [.. DemoSeeder.DemoUsers.Select(u => u.UserName), .. ExtraUsers.Select(u => u.UserName)];

    private readonly string _folder;
    private readonly ServiceProvider _services;
    private readonly Dictionary<string, Actor> _actors = [];

    public WorkflowTestHost()
    {
        _folder = Path.Combine(Path.GetTempPath(), "gov-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        DatabasePath = Path.Combine(_folder, "governance.db");
        Clock = new FakeTimeProvider(Start);
        var services = new ServiceCollection();
        services.AddGovernanceCore(DatabasePath, Clock);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public static async Task<WorkflowTestHost> CreateAsync()
    {
        var host = new WorkflowTestHost();
        await host.InitializeAsync();
        return host;
    }

    public string DatabasePath { get; }
    public FakeTimeProvider Clock { get; }
    public IServiceProvider Services => _services;
    public WorkflowRuntime Runtime => _services.GetRequiredService<WorkflowRuntime>();
    public ColumnRequestService ColumnRequests => _services.GetRequiredService<ColumnRequestService>();
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

    public static ColumnRequestForm ValidForm(string name = "义务教育质量提升专栏") => new()
    {
        ColumnName = name,
        Purpose = "义务教育质量提升专项工作宣传",
        StartDate = new DateTime(2026, 3, 10),
        EndDate = new DateTime(2026, 12, 31),
        ResponsiblePerson = "王主任",
        StaffA = "刘甲",
        StaffB = "陈乙",
        UpdateCadence = "每周",
        ContentSources = "本局各股室",
        ContactPhone = "0917-5212345",
    };

    /// <summary>A draft W1 request created by <paramref name="editor"/>; returns (instance id, version).</summary>
    public async Task<(long Id, int Version)> CreateDraftAsync(string editor = "editor", string? name = null)
    {
        var result = await ColumnRequests.CreateAsync(await ActorAsync(editor), ValidForm(name ?? "专栏" + Guid.NewGuid().ToString("N")[..8]), submit: false);
        if (!result.Succeeded) throw new InvalidOperationException("create failed: " + result.Message);
        return (result.InstanceId!.Value, 1);
    }

    /// <summary>Fires and insists that it applied; returns the new version.</summary>
    public async Task<int> MustFireAsync(long id, int version, string trigger, string userName, string? comment = null, string? url = null)
    {
        var fields = url is null ? null : new Dictionary<string, string?> { ["url"] = url };
        var result = await Runtime.FireAsync(id, version, trigger, await ActorAsync(userName), new FireInput(comment, fields));
        if (result.Status != FireStatus.Applied)
            throw new InvalidOperationException($"{trigger} by {userName} on #{id} v{version}: {result.Status} {result.Message}");
        return result.NewVersion!.Value;
    }

    /// <summary>
    /// A W1 request driven into <paramref name="state"/> by legitimate fires: the applicant <paramref name="editor"/>, the
    /// unit's <paramref name="reviewer"/>, supervisor and monitor.
    /// </summary>
    public async Task<(long Id, int Version)> DriveW1Async(string state, string editor = "editor", string reviewer = "reviewer")
    {
        var (id, v) = await CreateDraftAsync(editor);
        async Task<int> Path(params (string Trigger, string User, string? Comment, string? Url)[] steps)
        {
            foreach (var (t, u, c, url) in steps) v = await MustFireAsync(id, v, t, u, c, url);
            return v;
        }
        var submit = (W1.T.Submit, editor, (string?)null, (string?)null);
        var approve = (W1.T.UnitApprove, reviewer, (string?)null, (string?)null);
        var bureau = (W1.T.BureauApprove, "supervisor", (string?)null, (string?)null);
        var setup = (W1.T.CompleteSetup, "monitor", (string?)null, (string?)ValidUrl);
        var change = (W1.T.RequestChange, editor, (string?)"活动结束，申请关停", (string?)null);
        switch (state)
        {
            case W1.S.Draft: break;
            case W1.S.UnitReview: await Path(submit); break;
            case W1.S.BureauReview: await Path(submit, approve); break;
            case W1.S.Setup: await Path(submit, approve, bureau); break;
            case W1.S.Active: await Path(submit, approve, bureau, setup); break;
            case W1.S.ChangeReview: await Path(submit, approve, bureau, setup, change); break;
            case W1.S.Archived: await Path(submit, approve, bureau, setup, change, (W1.T.ApproveClose, "supervisor", null, null)); break;
            case W1.S.Returned: await Path(submit, (W1.T.UnitReturn, reviewer, "请补充内容来源", null)); break;
            case W1.S.Withdrawn: await Path((W1.T.Withdraw, editor, null, null)); break;
            case W1.S.Rejected: await Path(submit, approve, (W1.T.Reject, "supervisor", "不符合开设条件", null)); break;
            default: throw new ArgumentOutOfRangeException(nameof(state), state, "no path to this state");
        }
        return (id, v);
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

    /// <summary>Everything a refused fire must leave alone, to compare before and after.</summary>
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
        var columns = await db.Columns.CountAsync(c => c.SourceInstanceId == id);
        var request = await db.ColumnRequests.AsNoTracking().SingleOrDefaultAsync(r => r.InstanceId == id);
        return $"state={i.State} v={i.Version} seq={i.StateEntrySeq} wait={i.WaitingForRole}/{i.WaitingForUnitId} final={i.IsFinal} " +
               $"journal={journal} notif={notifications} deadlines=[{string.Join(',', deadlines)}] reminders=[{string.Join(',', reminders)}] " +
               $"columns={columns} url={request?.SetupUrl} colId={request?.ColumnId} staff={request?.StaffA}/{request?.StaffB} name={request?.ColumnName}";
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
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
