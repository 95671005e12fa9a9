using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Governance.Tests.Support;

/// <summary>
/// One portal process (the published Governance.Web.dll) on a loopback port, configured for PostgreSQL as a node of
/// several: its own data directory, the shared database, the shared attachments folder. Killed on dispose.
/// </summary>
public sealed class PortalNode : IAsyncDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private PortalNode(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>The environment of a node: PostgreSQL, shared folders, sweeps left to the test (their crons never fire).</summary>
    public static Dictionary<string, string> Environment(string appDirectory, string connectionString, string dataDirectory, string sharedDirectory) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__Governance"] = connectionString,
        ["Storage__DataDirectory"] = dataDirectory,
        ["Storage__AttachmentsDirectory"] = Path.Combine(sharedDirectory, "files"),
        ["Audit__AnchorDirectory"] = Path.Combine(sharedDirectory, "audit-anchors"),
        ["Hangfire__SweepCron"] = "0 0 1 1 *",
        ["Hangfire__ColumnSweepCron"] = "0 0 1 1 *",
        ["Logging__LogLevel__Default"] = "Warning",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    public static async Task<PortalNode> StartAsync(string appDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Path.Combine(appDirectory, "Governance.Web.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (k, v) in environment) info.Environment[k] = v;
        var process = Process.Start(info)!;
        var node = new PortalNode(process, new Uri($"http://localhost:{port}"));
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + StartPatience;
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"portal node exited ({process.ExitCode}):\n{node.Log}");
            try
            {
                if ((await http.GetAsync(new Uri(node.Address, "/account/login"))).StatusCode == HttpStatusCode.OK) return node;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > until)
            {
                await node.DisposeAsync();
                throw new TimeoutException($"portal node did not answer within {StartPatience}:\n{node.Log}");
            }
            await Task.Delay(250);
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
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

    /// <summary>Runs the published app with a verb (migrate, seed-demo, sweep) in a node's environment.</summary>
    public static async Task<(int ExitCode, string Output)> RunVerbAsync(string appDirectory, IReadOnlyDictionary<string, string> environment, string verb,
        params string[] words)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Path.Combine(appDirectory, "Governance.Web.dll"));
        info.ArgumentList.Add(verb);
        foreach (var w in words) info.ArgumentList.Add(w);
        foreach (var (k, v) in environment) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
