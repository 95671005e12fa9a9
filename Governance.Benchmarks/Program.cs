using BenchmarkDotNet.Running;
using Governance.Benchmarks.Volume;

// `-- seed <messages>`: build the cached benchmark databases of one size now (the benchmarks would on first use).
if (args is ["seed", var size] && int.TryParse(size, out var items))
{
    var started = System.Diagnostics.Stopwatch.StartNew();
    (await VolumeDatabase.HistoryAsync(items)).Dispose();
    Console.WriteLine($"history {items}: {started.Elapsed.TotalSeconds:0.0} s");
    started.Restart();
    (await VolumeDatabase.BacklogAsync(items)).Dispose();
    Console.WriteLine($"backlog {items}: {started.Elapsed.TotalSeconds:0.0} s");
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
