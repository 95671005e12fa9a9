using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Governance.Benchmarks.Load;

/// <summary>
/// Intake throughput with durability (issue 11): clients post messages to <c>POST /api/v1/messages</c> for a while; the
/// portal is then killed with SIGKILL while requests are still in flight; every message acknowledged with a 201 must be
/// in the database afterwards, and the portal must start again on it. Beside it, the same machine's plain single-row
/// insert rate into the same table (one autocommit INSERT per row, the app's pragmas) — the ratio says what the
/// workflow start (instance, journal, deadline, audit) costs on top of storing the row.
///
/// <code>dotnet run -c Release --project Governance.Benchmarks -- intake --seconds 20 --clients 8</code>
/// On PostgreSQL (a server of one's own, e.g. the one `.ci/postgres.sh` starts — its connection string in
/// GOVERNANCE_LOAD_POSTGRES or GOVERNANCE_TEST_POSTGRES; a fresh database is created for the run and dropped after):
/// <code>dotnet run -c Release --project Governance.Benchmarks -- intake --provider postgres --seconds 20 --clients 8</code>
/// </summary>
public static class IntakeLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = double.Parse(CircuitLoad.Option(args, "--seconds", "20"), CultureInfo.InvariantCulture);
        var clients = int.Parse(CircuitLoad.Option(args, "--clients", "8"), CultureInfo.InvariantCulture);
        var postgres = CircuitLoad.Option(args, "--provider", "sqlite").Equals("postgres", StringComparison.OrdinalIgnoreCase);

        string? pgDatabase = null;
        var extra = new Dictionary<string, string>();
        if (postgres)
        {
            var server = Environment.GetEnvironmentVariable("GOVERNANCE_LOAD_POSTGRES") is { Length: > 0 } s1 ? s1
                : Environment.GetEnvironmentVariable("GOVERNANCE_TEST_POSTGRES") is { Length: > 0 } s2 ? s2
                : throw new InvalidOperationException("--provider postgres needs GOVERNANCE_LOAD_POSTGRES (or GOVERNANCE_TEST_POSTGRES): a server's connection string");
            pgDatabase = await CreateDatabaseAsync(server);
            extra["Database__Provider"] = "Postgres";
            extra["ConnectionStrings__Governance"] = new NpgsqlConnectionStringBuilder(server) { Database = pgDatabase }.ConnectionString;
        }
        var portal = await Portal.StartAsync(extra: extra);
        Console.WriteLine($"portal pid {portal.ProcessId} at {portal.Address} (data {portal.DataDirectory})");
        var acknowledged = new List<long>();
        var failures = 0;
        using var stop = new CancellationTokenSource();
        var sw = Stopwatch.StartNew();
        var measuredCount = 0;
        var measured = TimeSpan.Zero;
        var posters = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = portal.Address, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Add("X-Api-Key", "demo-key-change-me");
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    var response = await http.PostAsJsonAsync("api/v1/messages", new
                    {
                        sourceRef = $"intake-{c}-{i}-{Guid.NewGuid():N}", title = "关于增设城关镇公交站点的建议",
                        content = "西大街至火车站一段没有公交站点，老人出行不便，建议增设站点。", category = "建议", citizenName = "李女士",
                        citizenPhone = "13800138000",
                    }, stop.Token);
                    if (response.StatusCode != HttpStatusCode.Created) { Interlocked.Increment(ref failures); continue; }
                    using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None));
                    lock (acknowledged) acknowledged.Add(doc.RootElement.GetProperty("id").GetInt64());
                }
                catch (Exception) when (stop.IsCancellationRequested) { return; }
                catch (HttpRequestException) { return; } // the server was killed
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(seconds));
        lock (acknowledged)
        {
            measuredCount = acknowledged.Count;
            measured = sw.Elapsed;
        }
        // Kill while requests are in flight: anything acknowledged before must survive.
        var restarted = await portal.KillAndRestartAsync();
        await stop.CancelAsync();
        await Task.WhenAll(posters.Select(p => p.ContinueWith(_ => { })));
        long[] ids;
        lock (acknowledged) ids = [.. acknowledged];
        var pgConnection = postgres ? extra["ConnectionStrings__Governance"] : null;
        var missing = await MissingAsync(pgConnection is null ? new SqliteConnection($"Data Source={restarted.DatabasePath}") : new NpgsqlConnection(pgConnection), ids);
        var rate = measuredCount / measured.TotalSeconds;
        Console.WriteLine($"{ids.Length} messages acknowledged with 201 ({failures} other answers); {missing} missing after kill -9 and restart");
        await restarted.DisposeAsync();

        var window = TimeSpan.FromSeconds(Math.Min(seconds, 10));
        var plain = pgConnection is null ? await PlainInsertRateAsync(restarted.DatabasePath, window) : await PlainInsertRateOnPostgresAsync(pgConnection, window);
        if (pgConnection is not null) await DropDatabaseAsync(pgConnection, pgDatabase!);
        Console.WriteLine();
        Console.WriteLine("| provider | clients | POST /api/v1/messages per s (201, durable) | plain single-row INSERT per s | ratio | acknowledged | lost after kill -9 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| {(postgres ? "PostgreSQL" : "SQLite")} | {clients} | {rate:F0} | {plain:F0} | {rate / plain:P1} | {ids.Length} | {missing} |");
        return missing == 0 ? 0 : 1;
    }

    private static async Task<string> CreateDatabaseAsync(string server)
    {
        var name = "gov_intake_" + Guid.NewGuid().ToString("N")[..8];
        await using var db = new NpgsqlConnection(server);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", db);
        await cmd.ExecuteNonQueryAsync();
        return name;
    }

    private static async Task DropDatabaseAsync(string connection, string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Database = "postgres" }.ConnectionString);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", db);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// One autocommit INSERT per row into a copy of CitizenMessages with the same columns, defaults and indexes
    /// (<c>LIKE … INCLUDING ALL</c>; no foreign keys, so no workflow instance is needed), on the same server and database as
    /// the portal (portal stopped), synchronous_commit as the server has it. The copy is dropped afterwards.
    /// </summary>
    private static async Task<double> PlainInsertRateOnPostgresAsync(string connection, TimeSpan duration)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using (var create = new NpgsqlCommand(
            "CREATE TABLE plain_messages (LIKE \"CitizenMessages\" INCLUDING ALL); INSERT INTO plain_messages SELECT * FROM \"CitizenMessages\" ORDER BY \"InstanceId\" LIMIT 1", db))
            await create.ExecuteNonQueryAsync();
        var columns = new List<string>();
        await using (var info = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'plain_messages' ORDER BY ordinal_position", db))
        await using (var reader = await info.ExecuteReaderAsync())
            while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        var list = string.Join(", ", columns.Select(c => $"\"{c}\""));
        var values = string.Join(", ", columns.Select(c => c switch { "InstanceId" => "@id", "SourceRef" => "@ref", _ => $"\"{c}\"" }));
        // Each row copies the first row's values with a new key and source reference: one row per statement, autocommit.
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO plain_messages ({list}) SELECT {values} FROM plain_messages WHERE \"InstanceId\" = (SELECT min(\"InstanceId\") FROM plain_messages WHERE \"InstanceId\" > 0)", db);
        insert.Parameters.Add(new NpgsqlParameter<long>("id", 0L));
        insert.Parameters.Add(new NpgsqlParameter<string>("ref", ""));
        await insert.PrepareAsync();
        long next = -1;
        var count = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < duration)
        {
            ((NpgsqlParameter<long>)insert.Parameters[0]).TypedValue = next;
            ((NpgsqlParameter<string>)insert.Parameters[1]).TypedValue = $"plain-{next--}";
            await insert.ExecuteNonQueryAsync();
            count++;
        }
        var rate = count / sw.Elapsed.TotalSeconds;
        await using (var drop = new NpgsqlCommand("DROP TABLE plain_messages", db)) await drop.ExecuteNonQueryAsync();
        return rate;
    }

    /// <summary>How many of the acknowledged ids are not in CitizenMessages (either provider: the column is the same).</summary>
    private static async Task<int> MissingAsync(System.Data.Common.DbConnection db, long[] ids)
    {
        await using (db)
        {
            await db.OpenAsync();
            var present = new HashSet<long>();
            await using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT \"InstanceId\" FROM \"CitizenMessages\"";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) present.Add(reader.GetInt64(0));
            return ids.Count(id => !present.Contains(id));
        }
    }

    /// <summary>
    /// One autocommit INSERT per row into CitizenMessages on the portal's own database file (portal stopped), with the
    /// app's pragmas (WAL, synchronous=NORMAL); rows copy an existing message with a new id and source reference, with
    /// foreign keys off so that no workflow instance is needed. The rows are removed afterwards.
    /// </summary>
    private static async Task<double> PlainInsertRateAsync(string databasePath, TimeSpan duration)
    {
        await using var db = new SqliteConnection($"Data Source={databasePath}");
        await db.OpenAsync();
        await using (var pragma = db.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF; PRAGMA busy_timeout=10000;";
            await pragma.ExecuteNonQueryAsync();
        }
        var columns = new List<string>();
        await using (var info = db.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('CitizenMessages')";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        }
        var template = new Dictionary<string, object?>();
        await using (var row = db.CreateCommand())
        {
            row.CommandText = "SELECT * FROM CitizenMessages ORDER BY InstanceId LIMIT 1";
            await using var reader = await row.ExecuteReaderAsync();
            await reader.ReadAsync();
            for (var i = 0; i < reader.FieldCount; i++) template[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }
        await using var insert = db.CreateCommand();
        insert.CommandText = $"INSERT INTO CitizenMessages ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "$" + c))})";
        foreach (var c in columns) insert.Parameters.AddWithValue("$" + c, template[c] ?? DBNull.Value);
        insert.Prepare();
        long next = -1;
        var count = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < duration)
        {
            insert.Parameters["$InstanceId"].Value = next--;
            if (columns.Contains("SourceRef")) insert.Parameters["$SourceRef"].Value = $"plain-{next}";
            await insert.ExecuteNonQueryAsync();
            count++;
        }
        var rate = count / sw.Elapsed.TotalSeconds;
        await using (var clean = db.CreateCommand())
        {
            clean.CommandText = "DELETE FROM CitizenMessages WHERE InstanceId < 0";
            await clean.ExecuteNonQueryAsync();
        }
        return rate;
    }
}
