using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Data;

/// <summary>Used by dotnet-ef to create the SQLite migrations; models the same Identity schema as the app.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<GovernanceDbContext>
{
    public GovernanceDbContext CreateDbContext(string[] args) =>
        DesignTime.Create<GovernanceDbContext>(DatabaseProvider.Sqlite, "Data Source=design-time.db");
}

/// <summary>
/// The PostgreSQL migrations (Migrations/Postgres): <c>dotnet ef migrations add &lt;Name&gt; --project Governance.Data
/// --context PostgresGovernanceDbContext --output-dir Migrations/Postgres</c>. Adding one needs no server.
/// </summary>
public sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresGovernanceDbContext>
{
    public PostgresGovernanceDbContext CreateDbContext(string[] args) =>
        DesignTime.Create<PostgresGovernanceDbContext>(DatabaseProvider.Postgres, "Host=127.0.0.1;Database=governance_design;Username=postgres");
}

internal static class DesignTime
{
    public static T Create<T>(DatabaseProvider provider, string connectionString) where T : GovernanceDbContext
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGovernanceData(provider, connectionString);
        services.AddIdentityCore<Entities.AppUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<GovernanceDbContext>();
        var provider2 = services.BuildServiceProvider();
        return (T)provider2.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContext();
    }
}
