using Governance.Data;
using Governance.Tests.Support;
using Governance.Workflows.Backups;
using Governance.Workflows.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Governance.Tests.Integration.Postgres;

/// <summary>The setting Database:Provider and what the portal refuses on PostgreSQL; no server needed.</summary>
public sealed class ProviderChoiceTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Database_NoProvider_IsSqliteInTheDataDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "gov-provider-" + Guid.NewGuid().ToString("N")[..8]);
        var db = Governance.Web.WebSetup.Database(Config(), dir);
        Assert.Equal(DatabaseProvider.Sqlite, db.Provider);
        Assert.Equal(Path.Combine(dir, "governance.db"), db.SqlitePath);
        Directory.Delete(dir);
    }

    [Fact]
    public void Database_PostgresWithConnectionString_IsPostgres_AndHangfireGoesWithIt()
    {
        var config = Config(("Database:Provider", "Postgres"), ("ConnectionStrings:Governance", "Host=db;Database=governance;Username=g"));
        var db = Governance.Web.WebSetup.Database(config, "/unused");
        Assert.Equal(DatabaseProvider.Postgres, db.Provider);
        Assert.Equal("Host=db;Database=governance;Username=g", db.ConnectionString);
        Assert.Null(db.SqlitePath);
        Assert.Equal("PostgreSql", Governance.Web.WebSetup.HangfireStorage(config, db));
    }

    [Fact]
    public void Database_PostgresWithoutConnectionString_ChineseMessageNamingTheSetting()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Governance.Web.WebSetup.Database(Config(("Database:Provider", "Postgres")), "/unused"));
        Assert.Contains("ConnectionStrings__Governance", ex.Message);
        Assert.Contains("须设置连接字符串", ex.Message);
    }

    [Fact]
    public void Database_UnknownProvider_ChineseMessage()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => DatabaseProviders.Parse("Oracle"));
        Assert.Equal("Database:Provider 的值“Oracle”无效：只能是 Sqlite 或 Postgres。", ex.Message);
    }

    [Fact]
    public async Task Backup_OnPostgres_RefusedWithPgDumpAdvice_NothingWritten()
    {
        var backups = Path.Combine(Path.GetTempPath(), "gov-pgbackup-" + Guid.NewGuid().ToString("N")[..8]);
        await using var host = await WorkflowTestHost.CreateAsync(s => s.Replace(ServiceDescriptor.Singleton(new BackupOptions
        {
            BackupDirectory = backups, DataDirectory = backups, DatabasePath = "", AttachmentsDirectory = backups,
            Unavailable = BackupOptions.PostgresUnavailable,
        })));
        var admin = await host.ActorAsync("admin");

        var created = await host.Get<BackupService>().CreateAsync(admin, BackupService.Manual);
        var restored = await host.Get<BackupService>().RestoreAsync(admin, "/nonexistent.zip");

        Assert.False(created.Succeeded);
        Assert.False(restored.Succeeded);
        Assert.StartsWith("本门户使用 PostgreSQL 数据库：数据库备份与恢复请用 PostgreSQL 自带的 pg_dump / pg_restore", created.Message);
        Assert.Equal(created.Message, restored.Message);
        Assert.False(Directory.Exists(backups));
    }
}
