using Governance.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Governance.Tests.Support;

/// <summary>
/// Which database the tests run on. SQLite (a temp file) unless GOVERNANCE_TEST_PROVIDER=Postgres, which test.sh sets for
/// its second run (the runtime, race, sweep and service tests again, on PostgreSQL). GOVERNANCE_TEST_POSTGRES is the
/// server's connection string (test.sh starts a throw-away server and always sets it); each test host gets a database of
/// its own, copied from a migrated template, and drops it at the end.
/// </summary>
public static class TestDatabase
{
    public const string ProviderVariable = "GOVERNANCE_TEST_PROVIDER";
    public const string ServerVariable = "GOVERNANCE_TEST_POSTGRES";

    public const string MissingServer =
        "需要 PostgreSQL：./test.sh 会启动一个临时服务器；单独运行时请设置环境变量 GOVERNANCE_TEST_POSTGRES（如 Host=127.0.0.1;Port=5432;Username=postgres）。";

    /// <summary>The admin connection string of the test server, or null outside test.sh when none is given.</summary>
    public static string? Server => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } cs ? cs : null;

    /// <summary>The provider the provider-neutral tests run on in this process.</summary>
    public static DatabaseProvider Provider => DatabaseProviders.Parse(Environment.GetEnvironmentVariable(ProviderVariable));

    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? _template;

    /// <summary>A new, migrated, empty PostgreSQL database; dispose to drop it.</summary>
    public static async Task<PostgresTestDatabase> CreatePostgresAsync()
    {
        var server = Server ?? throw new InvalidOperationException(MissingServer);
        var template = await TemplateAsync(server);
        var name = "gov_t_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        return new PostgresTestDatabase(server, name);
    }

    /// <summary>A new, empty PostgreSQL database (the portal's own <c>migrate</c> builds it); dispose to drop it.</summary>
    public static async Task<PostgresTestDatabase> CreateEmptyPostgresAsync()
    {
        var server = Server ?? throw new InvalidOperationException(MissingServer);
        var name = "gov_e_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
        return new PostgresTestDatabase(server, name);
    }

    /// <summary>The migrations run once per test process into a template database; each test database is a copy (fast).</summary>
    private static async Task<string> TemplateAsync(string server)
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (_template is not null) return _template;
            var name = "gov_template_" + Guid.NewGuid().ToString("N")[..12];
            await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
            var cs = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
            var services = new ServiceCollection().AddLogging().AddGovernanceData(DatabaseProvider.Postgres, cs).BuildServiceProvider();
            await using (services)
            await using (var db = await services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync())
                await db.Database.MigrateAsync();
            // CREATE DATABASE … TEMPLATE refuses while anyone is connected to the template.
            await using (var conn = new NpgsqlConnection(cs)) NpgsqlConnection.ClearPool(conn);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").GetAwaiter().GetResult(); } catch (NpgsqlException) { }
            };
            return _template = name;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    internal static async Task ExecuteAsync(string server, string sql)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ToString());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}

/// <summary>One test's PostgreSQL database.</summary>
public sealed class PostgresTestDatabase(string server, string name) : IAsyncDisposable
{
    public string Name => name;

    public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();

    public async ValueTask DisposeAsync()
    {
        await using (var conn = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(conn);
        await TestDatabase.ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }
}

/// <summary>A test that needs a PostgreSQL server: skipped (saying why) in a plain <c>dotnet test</c> without one; test.sh always gives one.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabase.Server is null) Skip = TestDatabase.MissingServer;
    }
}
