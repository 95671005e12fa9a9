using System.Collections.Concurrent;
using System.Diagnostics;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Definitions.CitizenMessages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Governance.Benchmarks.Volume;

/// <summary>
/// `trace dashboard|overdue-list &lt;items&gt;`: the accountability dashboard (or the W3 list's 超期 filter) on the volume file of
/// that size, warmed up, then once more
/// with every SQL statement EF Core sends and the time it took (EF Core's own "Executed DbCommand (N ms)"), slowest first —
/// where a figure that grows with the years spends its time.
/// </summary>
public static class StatementTrace
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var what and ("dashboard" or "overdue-list"), var size] || !int.TryParse(size, out var items))
        {
            Console.Error.WriteLine("usage: trace dashboard|overdue-list <items>");
            return 2;
        }
        var services = await VolumeDatabase.HistoryAsync(items);
        Func<Task> run;
        if (what == "dashboard")
        {
            var officer = await VolumeBenchmarks.ActorAsync(services, "accountability");
            run = () => services.GetRequiredService<AccountabilityDashboard>().ForAsync(officer);
        }
        else
        {
            // The W3 list's 超期 filter, sorted by deadline, as the Monitor opens it.
            var monitor = await VolumeBenchmarks.ActorAsync(services, "monitor");
            run = () => services.GetRequiredService<CitizenMessageService>()
                .ListAsync(monitor, new MessageQuery { OverdueOnly = true, SortBy = "due", PageSize = 20 });
        }
        for (var i = 0; i < 5; i++) await run();

        var sink = new Sink();
        services.GetRequiredService<ILoggerFactory>().AddProvider(sink);
        var clock = Stopwatch.StartNew();
        await run();
        var total = clock.Elapsed.TotalMilliseconds;
        sink.On = false;
        foreach (var line in sink.Lines.OrderByDescending(l => l.Ms)) Console.WriteLine($"{Pad(line.Ms)} ms  {line.Sql}");
        Console.WriteLine($"{sink.Lines.Count} statements, {sink.Lines.Sum(l => l.Ms)} ms in SQLite of {total:0.0} ms in all");
        await services.DisposeAsync();
        return 0;

        static string Pad(int ms) => ms.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(4);
    }

    private sealed class Sink : ILoggerProvider, ILogger
    {
        public volatile bool On = true;
        public readonly ConcurrentQueue<(int Ms, string Sql)> Queue = new();
        public List<(int Ms, string Sql)> Lines => [.. Queue];

        public ILogger CreateLogger(string categoryName) => categoryName == "Microsoft.EntityFrameworkCore.Database.Command" ? this : NullLogger;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => On && logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // "Executed DbCommand (12ms) [Parameters=…] … \n SELECT …"
            if (!On || eventId.Name?.EndsWith("CommandExecuted", StringComparison.Ordinal) != true) return;
            var text = formatter(state, exception);
            var open = text.IndexOf('(', StringComparison.Ordinal);
            var ms = text.IndexOf("ms)", open + 1, StringComparison.Ordinal);
            var elapsed = int.TryParse(text.AsSpan(open + 1, ms - open - 1), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1;
            var sql = text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..].ReplaceLineEndings(" ");
            Queue.Enqueue((elapsed, Environment.GetEnvironmentVariable("TRACE_FULL") is null && sql.Length > 400 ? sql[..400] + "…" : sql));
        }

        public void Dispose() { }

        private static readonly ILogger NullLogger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }
}
