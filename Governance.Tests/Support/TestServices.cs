using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Governance.Tests.Support;

/// <summary>
/// The services the workflow layer needs, on a real SQLite file, with a given clock: one registration shared by the
/// workflow test host and the bUnit component tests.
/// </summary>
public static class TestServices
{
    public static IServiceCollection AddGovernanceCore(this IServiceCollection services, string databasePath, TimeProvider clock,
        string? postgresConnectionString = null)
    {
        services.AddLogging();
        // The SQLite file, or (TestDatabase.Provider Postgres) a PostgreSQL database of this test's own; files stay in the folder.
        if (postgresConnectionString is null)
            services.AddGovernanceData(DataServiceCollectionExtensions.SqliteConnectionString(databasePath));
        else
            services.AddGovernanceData(DatabaseProvider.Postgres, postgresConnectionString);
        // Before AddGovernanceWorkflows, which only TryAdds the system clock.
        services.AddSingleton(clock);
        services.AddGovernanceWorkflows();
        // Attachments next to the database, in the test's temp folder.
        var folder = Path.GetDirectoryName(Path.GetFullPath(databasePath))!;
        services.TryAddSingleton(new Governance.Workflows.Attachments.AttachmentStorageOptions
        {
            RootDirectory = Path.Combine(folder, "files"),
        });
        // The audit chain's external anchors and the backups, in the same folder (as the app keeps them in App_Data).
        services.TryAddSingleton(new Governance.Workflows.Audit.AuditAnchorOptions { Directory = Path.Combine(folder, "audit-anchors") });
        services.TryAddSingleton(new Governance.Workflows.Backups.BackupOptions
        {
            BackupDirectory = Path.Combine(folder, "backups"), DataDirectory = folder, DatabasePath = Path.GetFullPath(databasePath),
            AttachmentsDirectory = Path.Combine(folder, "files"),
        });
        // The keys that protect stored secrets (the SMTP password), in the test's folder rather than the user's profile.
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(folder, "keys"))).SetApplicationName("Governance");
        services.AddIdentityCore<AppUser>(o =>
            {
                o.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<GovernanceDbContext>();
        return services;
    }

    /// <summary>An EF Core interceptor on every context the factory hands out, whichever the provider.</summary>
    public static IServiceCollection AddDbInterceptor(this IServiceCollection services, Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor interceptor)
    {
        services.ConfigureDbContext<GovernanceDbContext>(o => o.AddInterceptors(interceptor));
        services.ConfigureDbContext<PostgresGovernanceDbContext>(o => o.AddInterceptors(interceptor));
        return services;
    }
}
