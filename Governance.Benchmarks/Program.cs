using BenchmarkDotNet.Running;
using Governance.Benchmarks.Load;

// `load` and `intake` drive the portal as its own process (docs/PERFORMANCE.md); anything else is BenchmarkDotNet.
return args.FirstOrDefault() switch
{
    "load" => await CircuitLoad.RunAsync(args[1..]),
    "intake" => await IntakeLoad.RunAsync(args[1..]),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}

public partial class Program;
