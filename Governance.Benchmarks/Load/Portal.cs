using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Governance.Benchmarks.Load;

/// <summary>
/// The portal as its own process on loopback, as a county runs it: the Release build of Governance.Web in Development
/// (demo units and users seeded on first start) on a fresh data directory, so that its CPU time and memory are the
/// server's alone. Read with <see cref="CpuTime"/> (utime + stime from /proc) and <see cref="MemoryAsync"/>.
/// </summary>
public sealed class Portal : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Dictionary<string, string> _environment;
    private readonly string _dll;
    private readonly string _workingDirectory;

    private Portal(Process process, Uri address, string dataDirectory, string dll, Dictionary<string, string> environment)
    {
        _workingDirectory = process.StartInfo.WorkingDirectory;
        _process = process;
        Address = address;
        DataDirectory = dataDirectory;
        _dll = dll;
        _environment = environment;
    }

    public Uri Address { get; }
    public string DataDirectory { get; }
    public int ProcessId => _process.Id;
    public string DatabasePath => Path.Combine(DataDirectory, "governance.db");

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Governance.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Governance.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// Builds Governance.Web in Release (skipped with GOVERNANCE_LOAD_NO_BUILD=1 when its output exists), then starts it on
    /// a free loopback port.
    /// </summary>
    public static async Task<Portal> StartAsync(string? dataDirectory = null, IDictionary<string, string>? extra = null)
    {
        var root = RepositoryRoot();
        var web = Path.Combine(root, "Governance.Web");
        var dll = Path.Combine(web, "bin", "Release", "net10.0", "Governance.Web.dll");
        if (!File.Exists(dll) || Environment.GetEnvironmentVariable("GOVERNANCE_LOAD_NO_BUILD") != "1")
        {
            Console.WriteLine("Building Governance.Web (Release)…");
            using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", "-c", "Release", Path.Combine(web, "Governance.Web.csproj")])
                { RedirectStandardOutput = true })!;
            await build.StandardOutput.ReadToEndAsync();
            await build.WaitForExitAsync();
            if (build.ExitCode != 0) throw new InvalidOperationException("dotnet build -c Release Governance.Web failed");
        }
        dataDirectory ??= Directory.CreateTempSubdirectory("governance-load-").FullName;
        var port = FreePort();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Storage__DataDirectory"] = dataDirectory,
            ["Diagnostics__MemoryEndpoint"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Error",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) environment[k] = v;
        var portal = new Portal(Launch(web, dll, environment), new Uri($"http://127.0.0.1:{port}/"), dataDirectory, dll, environment);
        await portal.WaitReadyAsync();
        return portal;
    }

    private static Process Launch(string workingDirectory, string dll, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet", [dll]) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in environment) info.Environment[k] = v;
        var process = Process.Start(info)!;
        // The console logger writes to standard output: a failure's line and the indented lines under it (the exception)
        // are shown, the rest is dropped.
        var failing = 0;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { Length: > 0 } line) return;
            if (line.StartsWith("fail:", StringComparison.Ordinal)) failing = 12;
            else if (!line.StartsWith(' ')) failing = 0;
            if (failing-- > 0) Console.Error.WriteLine("[portal] " + line);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line && line.Contains("fail", StringComparison.OrdinalIgnoreCase)) Console.Error.WriteLine("[portal] " + line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>kill -9, then the same build on the same data directory and port: what a power cut and a restart do.</summary>
    public async Task<Portal> KillAndRestartAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        var restarted = new Portal(Launch(_workingDirectory, _dll, _environment), Address, DataDirectory, _dll, _environment);
        await restarted.WaitReadyAsync();
        return restarted;
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (_process.HasExited) throw new InvalidOperationException($"the portal exited with code {_process.ExitCode}");
            try
            {
                if ((await http.GetAsync("account/login")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException("the portal did not answer within 3 minutes");
    }

    /// <summary>The server process's CPU time so far (user + system), from /proc/&lt;pid&gt;/stat.</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the command name: state(0) … utime is field 14 of the file, index 11 here; stime index 12. Clock ticks of 1/100 s.
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    /// <summary>Managed heap and resident set after a forced full GC in the server (the diagnostics endpoint).</summary>
    public async Task<(long Managed, long WorkingSet)> MemoryAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(1) };
        using var doc = JsonDocument.Parse(await http.GetStringAsync("diagnostics/memory"));
        return (doc.RootElement.GetProperty("managedBytes").GetInt64(), doc.RootElement.GetProperty("workingSetBytes").GetInt64());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
