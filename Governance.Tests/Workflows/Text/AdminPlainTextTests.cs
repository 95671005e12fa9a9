using Governance.Tests.Support;
using Governance.Workflows.Admin;
using Microsoft.EntityFrameworkCore;

namespace Governance.Tests.Workflows.Text;

/// <summary>Admin forms store names without bidirectional overrides or invisible characters (real SQLite, real Identity).</summary>
public sealed class AdminPlainTextTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;
    public async Task InitializeAsync() => _host = await WorkflowTestHost.CreateAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task UnitName_IsStoredClean()
    {
        var admin = await _host.ActorAsync("admin");
        Assert.Null(await _host.Get<UnitService>().SaveAsync(admin, null, "县\u202E文旅局\u200B", default, isActive: true));
        await using var db = _host.NewDbContext();
        Assert.True(await db.Units.AnyAsync(u => u.Name == "县文旅局"));
        Assert.False(await db.Units.AnyAsync(u => u.Name.Contains("\u202E")));
        // Only overrides: nothing left, refused.
        Assert.NotNull(await _host.Get<UnitService>().SaveAsync(admin, null, "\u202E\u2066", default, isActive: true));
    }
}
