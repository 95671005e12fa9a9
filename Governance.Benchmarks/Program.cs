using BenchmarkDotNet.Running;
using Governance.Benchmarks.Load;
using Governance.Benchmarks.Volume;

// `load` and `intake` drive the portal as its own process; `trace dashboard <items>` lists the dashboard's SQL statements by time; `seed <messages>` builds the volume benchmarks' cached
// databases of one size now (they would on first use) (docs/PERFORMANCE.md); anything else is BenchmarkDotNet.
return args.FirstOrDefault() switch
{
    "load" => await CircuitLoad.RunAsync(args[1..]),
    "intake" => await IntakeLoad.RunAsync(args[1..]),
    "trace" => await StatementTrace.RunAsync(args[1..]),
    "seed" when args.Length == 2 && int.TryParse(args[1], out var items) => await SeedAsync(items),
    _ => Run(args),
};

static async Task<int> SeedAsync(int items)
{
    var started = System.Diagnostics.Stopwatch.StartNew();
    (await VolumeDatabase.HistoryAsync(items)).Dispose();
    Console.WriteLine($"history {items}: {started.Elapsed.TotalSeconds:0.0} s");
    started.Restart();
    (await VolumeDatabase.BacklogAsync(items)).Dispose();
    Console.WriteLine($"backlog {items}: {started.Elapsed.TotalSeconds:0.0} s");
    return 0;
}

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}

public partial class Program;
