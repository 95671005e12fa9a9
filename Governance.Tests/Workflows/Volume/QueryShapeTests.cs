using System.Data.Common;
using System.Text.RegularExpressions;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Engine;
using Governance.Workflows.Volume;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Governance.Tests.Workflows.Volume;

/// <summary>
/// The query-shape guards behind the volume benchmarks (docs/PERFORMANCE.md): on a seeded database, every SQL statement
/// the real services send for the 工作台 (whole and a page), the message list sorted by deadline, the 分办 board, one transition, the
/// deadline sweep, a year's message statistics and the accountability dashboard is explained by SQLite (EXPLAIN QUERY
/// PLAN on the statement as sent, parameters and all), and none reads a big table whole (a SCAN of it: only SEARCH through an index or key); EF Core logs no query warning (client
/// evaluation, a row limit without ORDER BY …).
/// </summary>
public sealed class QueryShapeTests
{
    /// <summary>The tables that grow with the years: a SCAN of one of these is a page that slows down with history.</summary>
    private static readonly HashSet<string> BigTables =
    [
        "WorkflowInstances", "CitizenMessages", "Findings", "ContentItems", "ColumnRequests", "ContentRevisions", "JournalEntries", "Deadlines",
        "Reminders", "InstanceParticipants", "Notifications", "AuditEntries",
    ];

    /// <summary>
    /// Statements whose SCAN reads one row: the audit chain's head (第15条) walks the rowid b-tree from its end and stops
    /// at the first row (no sort, no filter) — O(1) whatever the table's size.
    /// </summary>
    private static readonly HashSet<string> Allowed =
    [
        "SELECT \"a\".\"Hash\" FROM \"AuditEntries\" AS \"a\" ORDER BY \"a\".\"Id\" DESC LIMIT 1",
    ];

    [Fact]
    public async Task PagesAndJobs_OnASeededDatabase_NoScanOfABigTable_NoQueryWarning()
    {
        var commands = new CommandCapture();
        var warnings = new WarningCapture();
        await using var host = await WorkflowTestHost.CreateAsync(s =>
        {
            s.ConfigureDbContext<GovernanceDbContext>(o => o.AddInterceptors(commands));
            s.AddSingleton<ILoggerProvider>(warnings);
        });
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<VolumeSeeder>().SeedAsync(0.003);
        var editor = await host.ActorAsync("editor");
        var monitor = await host.ActorAsync("monitor");
        var officer = await host.ActorAsync("accountability");
        var messages = host.Get<CitizenMessageService>();
        long chased;
        int version;
        await using (var db = host.NewDbContext())
        {
            var open = await db.WorkflowInstances.Where(i => i.DefinitionKey == CitizenMessageWorkflow.Key && i.State == CitizenMessageWorkflow.S.Drafting)
                .OrderBy(i => i.Id).FirstAsync();
            (chased, version) = (open.Id, open.Version);
        }

        var scenarios = new (string Name, Func<Task> Run)[]
        {
            ("工作台 of a unit's editor", () => host.Inbox.ForAsync(editor)),
            ("工作台 count", () => host.Inbox.CountAsync(editor)),
            ("工作台 page of a unit's editor, with its counts", () => host.Inbox.PageAsync(editor, 1, 50)),
            ("message list by deadline, county role", () => messages.ListAsync(monitor, new MessageQuery { SortBy = "due", Descending = false })),
            ("message list by deadline, page 3", () => messages.ListAsync(monitor, new MessageQuery { SortBy = "due", Page = 3 })),
            ("message list by deadline, unit user", () => messages.ListAsync(editor, new MessageQuery { SortBy = "due" })),
            ("分办 board", () => messages.DispatchEntriesAsync(monitor)),
            ("one transition (催办)", async () =>
                Assert.Equal(FireStatus.Applied, (await host.Runtime.FireAsync(chased, version, CitizenMessageWorkflow.T.Chase, monitor, new FireInput("请抓紧"))).Status)),
            ("deadline sweep", () => host.Sweep.RunAsync()),
            ("message statistics of a year", () => host.Get<MessageStatistics>().ComputeAsync(monitor, new DateOnly(2025, 11, 26), new DateOnly(2026, 11, 25))),
            ("accountability dashboard", async () => await host.Get<AccountabilityDashboard>().ForAsync(officer)),
            ("message list, 超期 only", () => messages.ListAsync(monitor, new MessageQuery { OverdueOnly = true, SortBy = "due" })),
        };
        var problems = new List<string>();
        foreach (var (name, run) in scenarios)
        {
            commands.Clear();
            await run();
            var statements = commands.Take();
            Assert.NotEmpty(statements);
            foreach (var (sql, parameters) in statements)
            foreach (var line in await PlanAsync(host.DatabasePath, sql, parameters))
            {
                if (ScannedBigTable(sql, line) is { } table && !Allowed.Contains(Regex.Replace(sql, @"\s+", " ")))
                    problems.Add($"{name}: {line} ({table})\n{sql}\n");
                if (ReadsAWholeWorkflow(sql, line))
                    problems.Add($"{name}: {line} (every instance of a workflow, no LIMIT)\n{sql}\n");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(warnings.Entries.Count == 0, string.Join("\n", warnings.Entries));
    }

    [Theory]
    [InlineData("""SELECT 1 FROM "WorkflowInstances" AS "w" WHERE "w"."State" = 'x'""", "SCAN w", "WorkflowInstances")]
    [InlineData("""SELECT 1 FROM "WorkflowInstances" AS "w" WHERE "w"."Id" = 1""", "SEARCH w USING INTEGER PRIMARY KEY (rowid=?)", null)]
    [InlineData("""SELECT 1 FROM "Units" AS "u" """, "SCAN u", null)]
    [InlineData("""SELECT 1 FROM "Reminders" AS "r" """, "SCAN r USING COVERING INDEX IX_Reminders_Status_FireAtUtc", "Reminders")]
    public void ScannedBigTable_ReadsTheAliasOfThePlanLine(string sql, string planLine, string? expected) =>
        Assert.Equal(expected, ScannedBigTable(sql, planLine));

    [Theory]
    [InlineData("SELECT COUNT(*) FROM \"WorkflowInstances\" AS \"w\" WHERE \"w\".\"DefinitionKey\" = 'W3'",
        "SEARCH w USING INDEX IX_WorkflowInstances_DefinitionKey_DueAtUtc (DefinitionKey=?)", true)]
    [InlineData("SELECT 1 FROM \"WorkflowInstances\" AS \"w\" WHERE \"w\".\"DefinitionKey\" = 'W3' ORDER BY \"w\".\"Id\" LIMIT 20",
        "SEARCH w USING INDEX IX_WorkflowInstances_DefinitionKey_DueAtUtc (DefinitionKey=?)", false)]
    [InlineData("SELECT 1 FROM \"WorkflowInstances\" AS \"w\" WHERE \"w\".\"DefinitionKey\" = 'W3' AND \"w\".\"DueAtUtc\" < 1",
        "SEARCH w USING INDEX IX_WorkflowInstances_DefinitionKey_DueAtUtc (DefinitionKey=? AND DueAtUtc<?)", false)]
    public void ReadsAWholeWorkflow_SearchByDefinitionKeyAlone_WithoutALimit(string sql, string planLine, bool expected) =>
        Assert.Equal(expected, ReadsAWholeWorkflow(sql, planLine));

    /// <summary>
    /// A SEARCH that SCAN does not catch: every instance of one workflow through an index on its key alone — the whole
    /// history of that workflow — in a statement that does not stop at a page (no LIMIT). This is how the dashboard's
    /// overdue messages read 100,000 instances to count ten (docs/PERFORMANCE.md).
    /// </summary>
    private static bool ReadsAWholeWorkflow(string sql, string planLine) =>
        Regex.IsMatch(planLine, @"^SEARCH \w+ USING (COVERING )?INDEX IX_WorkflowInstances_\w+ \(DefinitionKey=\?\)$")
        && !sql.Contains("LIMIT", StringComparison.Ordinal);

    /// <summary>The big table a plan line scans (by its alias in the statement), or null.</summary>
    private static string? ScannedBigTable(string sql, string planLine)
    {
        var m = Regex.Match(planLine, @"^SCAN (\w+)");
        if (!m.Success) return null;
        var alias = m.Groups[1].Value;
        foreach (Match a in Regex.Matches(sql, "\"(\\w+)\" AS \"(\\w+)\""))
            if (a.Groups[2].Value == alias && BigTables.Contains(a.Groups[1].Value)) return a.Groups[1].Value;
        return BigTables.Contains(alias) ? alias : null;
    }

    private static async Task<List<string>> PlanAsync(string databasePath, string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        await using var connection = new SqliteConnection(DataServiceCollectionExtensions.SqliteConnectionString(databasePath));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(3));
        return lines;
    }

    /// <summary>Every single SELECT or UPDATE statement EF Core sends (not the batches SaveChanges writes).</summary>
    private sealed class CommandCapture : DbCommandInterceptor
    {
        private readonly List<(string Sql, IReadOnlyList<(string, object?)> Parameters)> _commands = [];

        public void Clear()
        {
            lock (_commands) _commands.Clear();
        }

        public List<(string Sql, IReadOnlyList<(string, object?)> Parameters)> Take()
        {
            lock (_commands) return [.. _commands];
        }

        private void Capture(DbCommand command)
        {
            var sql = command.CommandText.Trim();
            var single = !sql.TrimEnd(';').Contains(';');
            if (!single || !(sql.StartsWith("SELECT", StringComparison.Ordinal) || sql.StartsWith("UPDATE", StringComparison.Ordinal))) return;
            var parameters = command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList();
            lock (_commands) _commands.Add((sql, parameters));
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Capture(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Capture(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Capture(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Capture(command);
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>EF Core's query warnings (Microsoft.EntityFrameworkCore.Query at Warning and above).</summary>
    private sealed class WarningCapture : ILoggerProvider
    {
        public List<string> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(WarningCapture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && category.StartsWith("Microsoft.EntityFrameworkCore.Query", StringComparison.Ordinal);

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel)) return;
                lock (owner.Entries) owner.Entries.Add($"{eventId.Name}: {formatter(state, exception)}");
            }
        }
    }
}
