using System.Security.Claims;
using Governance.Data;
using Governance.Tests.Support;
using Governance.Data.Entities;
using Governance.Web;
using Governance.Workflows;
using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.Engine;
using Governance.Workflows.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Tests.Web;

/// <summary>
/// A migrated SQLite temp-file database with the demo units and users (DemoSeeder) and one W1 request that the
/// editor of 县教育局 has submitted (now in 单位审核). Shared by a test class; component tests register the same
/// services in their bUnit context with <see cref="AddServices"/>.
/// </summary>
public sealed class WebDemoDatabase : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gov-web-tests", Guid.NewGuid().ToString("N"));
    private ServiceProvider? _provider;

    public string DatabasePath => Path.Combine(_dir, "governance.db");
    public IServiceProvider Services => _provider ?? throw new InvalidOperationException("not initialized");
    public long SubmittedRequestId { get; private set; }
    public Dictionary<string, Actor> Actors { get; } = [];

    /// <summary>Data, workflows and Identity on this database, with a fixed clock.</summary>
    public void AddServices(IServiceCollection services)
    {
        services.AddGovernanceCore(DatabasePath, new FakeTimeProvider(Now));
    }

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        AddServices(services);
        _provider = services.BuildServiceProvider();
        await using (var db = await _provider.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
        }
        await using (var scope = _provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedDemoAsync(null);
        }
        await using (var db = await _provider.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync())
        {
            var users = await db.Users.Include(u => u.Unit).ToListAsync();
            var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync();
            foreach (var u in users)
                Actors[u.UserName!] = new Actor(u.Id, u.DisplayName, u.UnitId, u.Unit!.Name,
                    roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).ToHashSet());
        }
        var created = await _provider.GetRequiredService<ColumnRequestService>().CreateAsync(Actors["editor"], new ColumnRequestForm
        {
            ColumnName = "2026年义务教育招生专栏", Purpose = "义务教育阶段招生入学政策集中公开", StartDate = new DateTime(2026, 3, 10),
            EndDate = new DateTime(2026, 9, 30), ResponsiblePerson = "王主任", StaffA = "张三", StaffB = "李四", UpdateCadence = "每周",
            ContentSources = "县教育局基础教育股",
        }, submit: true);
        if (!created.Succeeded) throw new InvalidOperationException(created.Message);
        SubmittedRequestId = created.InstanceId!.Value;
    }

    /// <summary>The claims <see cref="GovernanceClaimsFactory"/> puts into the cookie for this user.</summary>
    public Claim[] ClaimsOf(string userName)
    {
        var a = Actors[userName];
        return
        [
            new(ClaimTypes.NameIdentifier, a.UserId),
            new(GovernanceClaimsFactory.UnitId, a.UnitId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(GovernanceClaimsFactory.UnitName, a.UnitName),
            new(GovernanceClaimsFactory.DisplayName, a.Name),
            .. a.Roles.Select(r => new Claim(ClaimTypes.Role, r)),
        ];
    }

    public async Task DisposeAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
