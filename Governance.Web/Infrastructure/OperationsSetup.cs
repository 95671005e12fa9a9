using Governance.Workflows.Attachments;
using Governance.Workflows.Audit;
using Governance.Workflows.Backups;
using Hangfire;

namespace Governance.Web;

/// <summary>
/// 第15条(一) in the composition: the audit chain's external anchors and the backups (their folders, the daily jobs), and
/// the data-directory lock the running portal holds so that a restore never replaces its database under it.
/// </summary>
public static class OperationsSetup
{
    /// <summary>02:00 China time (Hangfire's crons are UTC): the daily backup, after the day's work.</summary>
    public const string DefaultBackupCron = "0 18 * * *";

    /// <summary>23:55 China time: the day's last audit entry is anchored outside the database.</summary>
    public const string DefaultAnchorCron = "55 15 * * *";

    public static WebApplicationBuilder AddGovernanceOperations(this WebApplicationBuilder builder, string dataDirectory,
        Governance.Data.DatabaseConnection database)
    {
        var config = builder.Configuration;
        var services = builder.Services;
        // Settings Audit:AnchorDirectory and Backup:Directory (relative to the data directory): better another volume.
        services.AddSingleton(new AuditAnchorOptions
        {
            Directory = Path.GetFullPath(config["Audit:AnchorDirectory"] ?? "audit-anchors", dataDirectory),
        });
        // Hangfire's SQLite file, as WebSetup places it (none when Hangfire keeps its jobs in memory).
        var hangfireDb = WebSetup.HangfireStorage(config, database) == "SQLite" ? Path.Combine(dataDirectory, "hangfire.db") : null;
        services.AddSingleton<ModuleJobRunner>();
        services.AddSingleton(sp => new BackupOptions
        {
            BackupDirectory = Path.GetFullPath(config["Backup:Directory"] ?? "backups", dataDirectory),
            DataDirectory = dataDirectory,
            DatabasePath = database.SqlitePath ?? "",
            HangfireDatabasePath = hangfireDb,
            AttachmentsDirectory = sp.GetRequiredService<AttachmentStorageOptions>().RootDirectory,
            Unavailable = database.IsSqlite ? null : BackupOptions.PostgresUnavailable,
        });
        // Each node holds its own data directory's lock (several nodes share the database and the attachments' folder, not this).
        services.AddHostedService(_ => new DataDirectoryLockService(dataDirectory));
        return builder;
    }

    /// <summary>The daily anchor and the daily backup; both idempotent (Hangfire may run a job twice).</summary>
    public static WebApplication ScheduleOperationsJobs(this WebApplication app)
    {
        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        jobs.AddOrUpdate<AuditLog>("audit-anchor", a => a.AnchorDailyAsync(CancellationToken.None),
            app.Configuration["Audit:AnchorCron"] ?? DefaultAnchorCron);
        // On PostgreSQL backups are pg_dump's (docs/DEPLOYMENT.md): no daily job here.
        if (app.Services.GetRequiredService<BackupService>().Unavailable is null)
            jobs.AddOrUpdate<BackupService>("daily-backup", b => b.RunDailyAsync(CancellationToken.None),
                app.Configuration["Backup:Cron"] ?? DefaultBackupCron);
        else
            jobs.RemoveIfExists("daily-backup");
        // Each module's own recurring jobs (periodic tasks, digests), run through one runner by id.
        foreach (var job in app.Services.GetRequiredService<Governance.Workflows.Engine.WorkflowModules>().All.SelectMany(m => m.Jobs))
            jobs.AddOrUpdate<ModuleJobRunner>(job.Id, r => r.RunAsync(job.Id, CancellationToken.None), app.Configuration[job.CronConfigKey] ?? job.DefaultCron);
        return app;
    }
}

/// <summary>Runs a module's recurring job by its id (Hangfire stores the id, not a delegate).</summary>
public sealed class ModuleJobRunner(Governance.Workflows.Engine.WorkflowModules modules, IServiceProvider services)
{
    public Task RunAsync(string jobId, CancellationToken ct) =>
        modules.All.SelectMany(m => m.Jobs).FirstOrDefault(j => j.Id == jobId) is { } job ? job.Run(services, ct) : Task.CompletedTask;
}

/// <summary>Holds {data}/portal.lock while the portal runs: a restore refuses to start then, and a second portal on the same data too.</summary>
internal sealed class DataDirectoryLockService(string dataDirectory) : IHostedService, IDisposable
{
    private FileStream? _lock;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _lock = DataDirectoryLock.TryAcquire(dataDirectory)
                ?? throw new InvalidOperationException($"数据目录 {dataDirectory} 正被另一个门户进程或恢复操作使用，门户不能启动。");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }
}
