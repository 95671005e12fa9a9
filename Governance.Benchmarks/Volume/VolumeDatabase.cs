using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows;
using Governance.Workflows.Volume;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Governance.Benchmarks.Volume;

/// <summary>A clock that stands still: the benchmarks' "now" is the moment their database was seeded for.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>
/// The benchmarks' databases: real SQLite files seeded once per size by <see cref="VolumeSeeder"/> (the `seed-volume` code)
/// and kept on disk between runs (GOVERNANCE_BENCH_DATA, else the temp folder's governance-volume/). A file is used only
/// once its seeding finished (a ".ready" marker beside it); otherwise it is seeded again from scratch. With
/// GOVERNANCE_BENCH_POSTGRES set, they are PostgreSQL databases instead (<see cref="PostgresServer"/>).
/// </summary>
public static class VolumeDatabase
{
    /// <summary>Wednesday 2026-11-25 10:00 China Standard Time: the end of the seeded years and the benchmarks' now.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    /// <summary>Reminders due at <see cref="Now"/> in the sweep's backlog.</summary>
    public const int DueReminders = 100;

    public static string Folder =>
        Environment.GetEnvironmentVariable("GOVERNANCE_BENCH_DATA") is { Length: > 0 } dir ? dir : Path.Combine(Path.GetTempPath(), "governance-volume");

    /// <summary>A county's history with <paramref name="messages"/> messages (and the findings, content and requests of the same span).</summary>
    public static Task<ServiceProvider> HistoryAsync(int messages) =>
        OpenAsync($"volume-{messages}", s => s.SeedAsync(3.0 * messages / VolumePlan.MessagesPerThreeYears, Progress()));

    /// <summary><paramref name="open"/> messages waiting for their reply, <see cref="DueReminders"/> of them with a reminder due now.</summary>
    public static Task<ServiceProvider> BacklogAsync(int open) =>
        OpenAsync($"backlog-{open}", s => s.SeedBacklogAsync(open, DueReminders, Progress()));

    /// <summary>
    /// A PostgreSQL server's connection string (GOVERNANCE_BENCH_POSTGRES): the same databases are then PostgreSQL
    /// databases on it (gov_bench_volume_1000 …), seeded once and kept while the server keeps them. Unset: SQLite files.
    /// </summary>
    public static string? PostgresServer =>
        Environment.GetEnvironmentVariable("GOVERNANCE_BENCH_POSTGRES") is { Length: > 0 } server ? server : null;

    private static async Task<ServiceProvider> OpenAsync(string name, Func<VolumeSeeder, Task> seed)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name + ".db");
        var postgres = PostgresServer is { } server
            ? new NpgsqlConnectionStringBuilder(server) { Database = "gov_bench_" + name.Replace('-', '_') }.ConnectionString
            : null;
        var ready = postgres is null ? path + ".ready" : Path.Combine(Folder, "pg-" + name + ".ready");
        if (!File.Exists(ready) || (postgres is not null && !await PostgresDatabaseExistsAsync(postgres)))
        {
            if (postgres is null) foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
            else await RecreatePostgresDatabaseAsync(postgres);
            var started = System.Diagnostics.Stopwatch.StartNew();
            await using (var seeding = Services(path, postgres))
            {
                await using (var db = await seeding.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync())
                    await db.Database.MigrateAsync();
                await using var scope = seeding.CreateAsyncScope();
                await seed(scope.ServiceProvider.GetRequiredService<VolumeSeeder>());
            }
            await File.WriteAllTextAsync(ready, $"seeded in {started.Elapsed.TotalSeconds:0.0} s\n");
            Console.WriteLine($"// {name}: seeded in {started.Elapsed.TotalSeconds:0.0} s");
        }
        var services = Services(path, postgres);
        // A database seeded before a later migration (a new index) gets it here, as the app would on start.
        await using (var db = await services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync())
            await db.Database.MigrateAsync();
        // A file seeded before the day figures existed gets them here (nothing to do once built).
        var built = await services.GetRequiredService<Governance.Workflows.Figures.DayFigures>()
            .BuildMissingAsync(Governance.Workflows.Calendar.ChinaTime.Date(Now.UtcDateTime));
        if (built > 0) Console.WriteLine($"// {name}: {built} days of day figures built");
        return services;
    }

    private static IProgress<VolumeProgress> Progress() => new Progress<VolumeProgress>(p =>
    {
        if (p.Done == p.Total || p.Done % 10_000 == 0) Console.WriteLine($"// {p.Table}: {p.Done}/{p.Total}");
    });

    private static async Task<bool> PostgresDatabaseExistsAsync(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", admin);
        command.Parameters.AddWithValue("name", target.Database!);
        return await command.ExecuteScalarAsync() is not null;
    }

    private static async Task RecreatePostgresDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        foreach (var sql in new[] { $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", $"CREATE DATABASE \"{name}\"" })
        {
            await using var command = new NpgsqlCommand(sql, admin);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// The workflow layer as the application wires it (like the tests' TestServices), on the file (or the PostgreSQL
    /// database when <paramref name="postgres"/> is given), with the fixed clock.
    /// </summary>
    public static ServiceProvider Services(string databasePath, string? postgres = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Information).AddFilter((category, level) => level >= LogLevel.Warning
            || category == "Microsoft.EntityFrameworkCore.Database.Command"));
        if (postgres is null) services.AddGovernanceData(DataServiceCollectionExtensions.SqliteConnectionString(databasePath));
        else services.AddGovernanceData(DatabaseProvider.Postgres, postgres);
        services.AddSingleton<TimeProvider>(new FixedClock(Now));
        services.AddGovernanceWorkflows();
        var folder = Path.GetDirectoryName(Path.GetFullPath(databasePath))!;
        services.AddSingleton(new Governance.Workflows.Attachments.AttachmentStorageOptions { RootDirectory = Path.Combine(folder, "files") });
        services.AddSingleton(new Governance.Workflows.Audit.AuditAnchorOptions { Directory = Path.Combine(folder, "audit-anchors") });
        services.AddSingleton(new Governance.Workflows.Backups.BackupOptions
        {
            BackupDirectory = Path.Combine(folder, "backups"), DataDirectory = folder, DatabasePath = Path.GetFullPath(databasePath),
            AttachmentsDirectory = Path.Combine(folder, "files"),
        });
        services.AddIdentityCore<AppUser>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<GovernanceDbContext>();
        return services.BuildServiceProvider();
    }
}
