using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the one DbContext factory every host uses (app, tests, design time), so that they all model the same
    /// Identity schema version (STACK.md: a context built elsewhere silently models Version1).
    /// </summary>
    public static IServiceCollection AddGovernanceData(this IServiceCollection services, string connectionString)
    {
        services.Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3);
        services.AddDbContextFactory<GovernanceDbContext>(o => Configure(o, connectionString));
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, string connectionString)
    {
        options.UseSqlite(connectionString, s => s.MigrationsAssembly(typeof(GovernanceDbContext).Assembly.FullName))
            .AddInterceptors(SqlitePragmaInterceptor.Instance);
    }

    /// <summary>The SQLite connection string for a database file; the folder is created when missing.</summary>
    public static string SqliteConnectionString(string databasePath)
    {
        var full = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return new SqliteConnectionStringBuilder { DataSource = full, Pooling = true, DefaultTimeout = 30 }.ToString();
    }
}

/// <summary>WAL mode and a busy timeout on every connection: one writer at a time, readers never blocked.</summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public static readonly SqlitePragmaInterceptor Instance = new();

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData)
        => Apply(connection);

    public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(System.Data.Common.DbConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
        cmd.ExecuteNonQuery();
    }
}
