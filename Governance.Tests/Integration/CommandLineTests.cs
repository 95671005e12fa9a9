using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Governance.Web;

namespace Governance.Tests.Integration;

/// <summary>
/// The executable as an operator runs it: host options (--urls, --environment, --contentRoot, --Key=Value) reach the
/// host; only a bare first word is a verb; an unknown verb prints the usage and exits 2.
/// </summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gov-cli-" + Guid.NewGuid().ToString("N")[..10]);

    public CommandLineTests() => Directory.CreateDirectory(_dir);

    private static string WebDll => Path.Combine(AppContext.BaseDirectory, "Governance.Web.dll");

    private Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(WebDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["Hangfire__Storage"] = "InMemory";
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        info.Environment.Remove("DOTNET_ENVIRONMENT");
        return Process.Start(info)!;
    }

    [Theory]
    [InlineData(new[] { "--urls", "http://127.0.0.1:8080" }, false)]
    [InlineData(new[] { "--environment", "Production" }, false)]
    [InlineData(new[] { "--Storage:DataDirectory=/tmp/x" }, false)]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "migrate" }, true)]
    [InlineData(new[] { "seed-demo", "--environment", "Development" }, true)]
    public void IsVerb_OnlyABareFirstWord(string[] args, bool expected) => Assert.Equal(expected, WebSetup.IsVerb(args));

    [Fact]
    public async Task HostOptions_ReachTheHost_PortalAnswersOnTheGivenUrl()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var data = Path.Combine(_dir, "data");
        using var process = Start("--urls", $"http://127.0.0.1:{port}", "--environment", "Staging", "--contentRoot", _dir,
            $"--Storage:DataDirectory={data}");
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            HttpStatusCode? status = null;
            for (var i = 0; i < 120 && status is null && !process.HasExited; i++)
            {
                try { status = (await http.GetAsync($"http://127.0.0.1:{port}/account/login")).StatusCode; }
                catch (HttpRequestException) { await Task.Delay(500); }
            }
            if (process.HasExited) Assert.Fail("the portal exited: " + await process.StandardError.ReadToEndAsync());
            Assert.Equal(HttpStatusCode.OK, status);
            // --Storage:DataDirectory=… reached the configuration: the database is where it says.
            Assert.True(File.Exists(Path.Combine(data, "governance.db")));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task UnknownVerb_PrintsUsageAndExitsWith2()
    {
        using var process = Start("frobnicate", $"--Storage:DataDirectory={Path.Combine(_dir, "data")}");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("未知命令: frobnicate", error, StringComparison.Ordinal);
        Assert.Contains("用法", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
