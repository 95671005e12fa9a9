using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Governance.Tests.EndToEnd;

/// <summary>
/// A county's first day, as its IT staff would do it: the portal published (<c>dotnet publish</c>, the output README
/// tells them to install), an empty data folder, <c>ASPNETCORE_ENVIRONMENT=Production</c>, <c>create-admin</c> with the
/// password on standard input, the portal started on a loopback port; then in Chromium: sign in, the forced password
/// change, and the first unit user created on the users page.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ProductionDeploymentJourneyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string AdminName = "county-admin";
    private const string InitialPassword = "chushi2026mima";
    private const string NewPassword = "xinmima2026fufeng";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gov-prod-" + Guid.NewGuid().ToString("N")[..10]);
    private string AppDir => Path.Combine(_root, "app");
    private string DataDir => Path.Combine(_root, "data");
    private readonly StringBuilder _portalLog = new();
    private Process? _portal;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private static string SolutionDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Governance.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Governance.sln not found above " + AppContext.BaseDirectory);
        }
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        // The build the tests just made, published as a county installs it (static assets in wwwroot, no SDK needed).
        var publish = await RunAsync("dotnet", SolutionDirectory, null, null, "publish", Path.Combine("Governance.Web", "Governance.Web.csproj"),
            "--no-build", "-c", Configuration, "-o", AppDir, "-p:UseAppHost=false");
        Assert.True(publish.ExitCode == 0, publish.Output + publish.Error);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>The environment an operator sets (systemd's Environment= lines).</summary>
    private Dictionary<string, string> ProductionEnvironment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Storage__DataDirectory"] = DataDir,
    };

    private sealed record Run(int ExitCode, string Output, string Error);

    private static async Task<Run> RunAsync(string file, string workingDirectory, Dictionary<string, string>? environment, string? stdin, params string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        info.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (k, v) in environment ?? []) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        if (stdin is not null) await process.StandardInput.WriteLineAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new Run(process.ExitCode, await output, await error);
    }

    private async Task<Uri> StartPortalAsync()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = AppDir, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("Governance.Web.dll");
        info.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (k, v) in ProductionEnvironment()) info.Environment[k] = v;
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        _portal = Process.Start(info)!;
        _portal.OutputDataReceived += (_, e) => { lock (_portalLog) _portalLog.AppendLine(e.Data); };
        _portal.ErrorDataReceived += (_, e) => { lock (_portalLog) _portalLog.AppendLine(e.Data); };
        _portal.BeginOutputReadLine();
        _portal.BeginErrorReadLine();
        var address = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 240 && !_portal.HasExited; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri(address, "account/login"))).StatusCode == HttpStatusCode.OK) return address;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(500);
        }
        Assert.Fail("the portal did not start: " + PortalLog);
        return address;
    }

    private string PortalLog
    {
        get { lock (_portalLog) return _portalLog.ToString(); }
    }

    [Fact]
    public async Task EmptyDataFolder_CreateAdmin_SignIn_ChangePassword_CreateUnitUser()
    {
        Assert.False(Directory.Exists(DataDir));

        // 1. The first administrator, before the first start; the password on standard input.
        var created = await RunAsync("dotnet", AppDir, ProductionEnvironment(), InitialPassword, "Governance.Web.dll", "create-admin", AdminName);
        Assert.True(created.ExitCode == 0, created.Output + created.Error);
        Assert.Contains($"已创建系统管理员 {AdminName}", created.Output, StringComparison.Ordinal);
        // seed-demo is refused on this production installation.
        var demo = await RunAsync("dotnet", AppDir, ProductionEnvironment(), null, "Governance.Web.dll", "seed-demo");
        Assert.Equal(1, demo.ExitCode);

        // 2. The portal, in Production.
        var address = await StartPortalAsync();
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = address.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        try
        {
            await InTheBrowserAsync(page);
        }
        catch
        {
            await BrowserFixture.ScreenshotAsync(page, "95-production-failure");
            output.WriteLine(PortalLog);
            throw;
        }

        // The data folder holds everything: the database, Hangfire's, and the cookie keys.
        Assert.True(File.Exists(Path.Combine(DataDir, "governance.db")));
        Assert.True(File.Exists(Path.Combine(DataDir, "hangfire.db")));
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(DataDir, "keys"), "key-*.xml"));
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDir, "governance.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(Kind, ',') FROM (SELECT Kind FROM AuditEntries ORDER BY Id)";
        var kinds = (string)(await command.ExecuteScalarAsync())!;
        Assert.StartsWith("user.create-admin,login,password.change", kinds, StringComparison.Ordinal);
        Assert.Contains("user.create", kinds.Split(',').Skip(3), StringComparer.Ordinal);
    }

    /// <summary>Sign in, the forced password change, the first unit user.</summary>
    private static async Task InTheBrowserAsync(IPage page)
    {
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/account/login**");
        await Assertions.Expect(page.Locator(".account-hint")).ToContainTextAsync("账号由系统管理员创建");
        // The page's styles came from the published wwwroot: the sign-in card is laid out, not bare HTML.
        Assert.Equal("flex", await page.Locator(".account-page").EvaluateAsync<string>("e => getComputedStyle(e).display"));

        // 3. Sign in: the initial password must be changed first.
        await page.FillAsync("#username", AdminName);
        await page.FillAsync("#password", InitialPassword);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync("**/account/change-password");
        await Assertions.Expect(page.Locator(".account-info")).ToContainTextAsync("请先设置新密码");
        await page.GotoAsync("/admin/users");
        await page.WaitForURLAsync("**/account/change-password"); // nothing else before the change
        await page.FillAsync("#current", InitialPassword);
        await page.FillAsync("#new", NewPassword);
        await page.FillAsync("#confirm", NewPassword);
        await page.ClickAsync("#change-submit");
        await page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));
        await BrowserFixture.WaitInteractiveAsync(page);
        await Assertions.Expect(page.Locator(".user-chip")).ToContainTextAsync("系统管理员 · 县数字化信息服务中心");

        // 4. The first unit user, on the users page.
        await page.GotoAsync("/admin/users");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Assertions.Expect(page.Locator("#users-table")).ToContainTextAsync(AdminName);
        await page.ClickAsync("#new-user");
        await page.Locator("input#user-name").FillAsync("jyj-editor");
        await page.Locator("input#display-name").FillAsync("刘信息");
        await page.Locator("#unit").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "县教育局", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "信息员", Exact = true }).CheckAsync();
        await page.Locator("input#password").FillAsync("jiaoyu2026chushi");
        await BrowserFixture.ScreenshotAsync(page, "95-production-new-unit-user");
        await page.ClickAsync("#dialog-confirm");
        var row = page.Locator("#users-table tr", new() { HasText = "jyj-editor" });
        await Assertions.Expect(row).ToContainTextAsync("县教育局");
        await Assertions.Expect(row).ToContainTextAsync("信息员");
        await Assertions.Expect(row).ToContainTextAsync("须改密");
        await BrowserFixture.ScreenshotAsync(page, "96-production-users");

        // A wrong address is answered in Chinese.
        await page.GotoAsync("/no-such-page");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("页面不存在");
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        if (_portal is { HasExited: false })
        {
            _portal.Kill(entireProcessTree: true);
            await _portal.WaitForExitAsync();
        }
        _portal?.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
