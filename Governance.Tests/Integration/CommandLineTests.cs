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

/// <summary>第12条 intake: a 201 means the message is committed — it is there after the portal is killed with SIGKILL.</summary>
public sealed class IntakeDurabilityTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gov-kill-" + Guid.NewGuid().ToString("N")[..10]);

    public IntakeDurabilityTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public async Task Post201_ThenKill9_MessageIsStored()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var data = Path.Combine(_dir, "data");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "Governance.Web.dll"), "--urls", $"http://127.0.0.1:{port}", "--environment", "Staging",
                     "--contentRoot", _dir, $"--Storage:DataDirectory={data}", "--Seed:Demo=true", "--Api:DemoKey=kill-test-key-0123456789",
                     "--Hangfire:Storage=InMemory",
                 })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Add("X-Api-Key", "kill-test-key-0123456789");
            HttpResponseMessage? created = null;
            for (var i = 0; i < 120 && created is null && !process.HasExited; i++)
            {
                try
                {
                    created = await http.PostAsync($"http://127.0.0.1:{port}/api/v1/messages", new StringContent(
                        "{\"sourceRef\":\"KILL-1\",\"title\":\"路灯不亮\",\"content\":\"西大街路灯坏了\",\"citizenName\":\"李四\"}",
                        System.Text.Encoding.UTF8, "application/json"));
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(500);
                }
            }
            Assert.NotNull(created);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            process.Kill(entireProcessTree: true); // SIGKILL, the moment after the 201
            await process.WaitForExitAsync();
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "governance.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM CitizenMessages WHERE SourceRef = 'KILL-1'";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
