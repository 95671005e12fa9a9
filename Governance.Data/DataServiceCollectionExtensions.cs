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
    public static IServiceCollection AddGovernanceData(this IServiceCollection services, string connectionString) =>
        services.AddGovernanceData(DatabaseProvider.Sqlite, connectionString);

    /// <summary>
    /// The same on the provider given: on PostgreSQL the factory hands out <see cref="PostgresGovernanceDbContext"/>s
    /// (its own migrations), still asked for as <c>IDbContextFactory&lt;GovernanceDbContext&gt;</c> and
    /// <c>GovernanceDbContext</c> (Identity's stores).
    /// </summary>
    public static IServiceCollection AddGovernanceData(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        services.Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3);
        services.AddSingleton(new DatabaseConnection(provider, connectionString));
        if (provider == DatabaseProvider.Sqlite)
        {
            services.AddDbContextFactory<GovernanceDbContext>(o => Configure(o, connectionString));
            return services;
        }
        services.AddDbContextFactory<PostgresGovernanceDbContext>(o => ConfigurePostgres(o, connectionString));
        services.AddSingleton<IDbContextFactory<GovernanceDbContext>>(sp =>
            new BaseContextFactory(sp.GetRequiredService<IDbContextFactory<PostgresGovernanceDbContext>>()));
        services.AddScoped<GovernanceDbContext>(sp => sp.GetRequiredService<PostgresGovernanceDbContext>());
        return services;
    }

    public static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString)
    {
        options.UseNpgsql(connectionString, n => n.MigrationsAssembly(typeof(GovernanceDbContext).Assembly.FullName))
            .AddInterceptors(PostgresWriteLock.Instance);
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

/// <summary>The provider and connection string the data layer was registered with (operations read it: backups, verbs).</summary>
public sealed record DatabaseConnection(DatabaseProvider Provider, string ConnectionString)
{
    public bool IsSqlite => Provider == DatabaseProvider.Sqlite;

    /// <summary>The SQLite database file (null on PostgreSQL).</summary>
    public string? SqlitePath { get; init; }
}

internal sealed class BaseContextFactory(IDbContextFactory<PostgresGovernanceDbContext> inner) : IDbContextFactory<GovernanceDbContext>
{
    public GovernanceDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<GovernanceDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}

/// <summary>
/// One writer at a time on PostgreSQL too. The code was written against SQLite, where every transaction begins IMMEDIATE:
/// a second writer waits and then reads what the first committed (the runtime's version check, the audit chain's
/// "previous hash", the sweeps' "already sent?"). Each transaction here takes the same transaction-scoped advisory lock
/// first, so those read-then-write steps keep their meaning across processes and nodes. Readers never take it.
/// </summary>
internal sealed class PostgresWriteLock : DbTransactionInterceptor
{
    public static readonly PostgresWriteLock Instance = new();

    /// <summary>The lock's key: any constant the database's other users do not take ("gov" in ASCII).</summary>
    public const long Key = 0x676F76;

    public override System.Data.Common.DbTransaction TransactionStarted(System.Data.Common.DbConnection connection,
        TransactionEndEventData eventData, System.Data.Common.DbTransaction result)
    {
        using var cmd = Command(connection, result);
        cmd.ExecuteNonQuery();
        return result;
    }

    public override async ValueTask<System.Data.Common.DbTransaction> TransactionStartedAsync(System.Data.Common.DbConnection connection,
        TransactionEndEventData eventData, System.Data.Common.DbTransaction result, CancellationToken cancellationToken = default)
    {
        await using var cmd = Command(connection, result);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return result;
    }

    private static System.Data.Common.DbCommand Command(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"SELECT pg_advisory_xact_lock({Key})";
        return cmd;
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
