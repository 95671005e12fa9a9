using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using S = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow.S;
using T = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow.T;

namespace Governance.Tests.Integration.Postgres;

/// <summary>
/// Two portal processes (the published app, as a county installs it) on loopback, one PostgreSQL database, each with its own
/// data directory and Hangfire server: a sign-in on one node holds on the other, conflicting transitions through the two
/// nodes apply once, sweeps on both nodes at once send each reminder once, and an approval on node A refreshes a detail
/// page open on node B.
/// </summary>
[Trait("Category", "Postgres")]
[Collection(AppCollection.Name)]
public sealed class MultiNodeTests(MultiNodeTests.Cluster cluster) : IClassFixture<MultiNodeTests.Cluster>
{
    [PostgresFact]
    public async Task SignInOnNodeA_CookieSentToNodeB_SignedInThere()
    {
        var (id, _) = await cluster.Now.DriveW1Async(S.BureauReview);
        var cookie = await cluster.SignInAsync(cluster.A, "supervisor");

        using var b = Client(cluster.B, cookie);
        using var anonymous = Client(cluster.B, null);

        var item = await b.GetAsync($"/api/v1/instances/{id}");
        Assert.Equal(HttpStatusCode.OK, item.StatusCode);
        Assert.Equal("BureauReview", (await item.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/instances/{id}")).StatusCode);
    }

    [PostgresFact]
    public async Task ConflictingTransitionsThroughEachNode_ExactlyOneApplies()
    {
        var cookie = await cluster.SignInAsync(cluster.A, "supervisor");
        using var a = Client(cluster.A, cookie);
        using var b = Client(cluster.B, cookie);
        for (var round = 0; round < 5; round++)
        {
            var (id, v) = await cluster.Now.DriveW1Async(S.BureauReview);

            var responses = await Task.WhenAll(
                a.PostAsJsonAsync($"/api/v1/instances/{id}/fire", new { trigger = T.BureauApprove, version = v }),
                b.PostAsJsonAsync($"/api/v1/instances/{id}/fire", new { trigger = T.Reject, version = v, comment = "不符合第7条" }));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
            Assert.Equal(v + 1, (await cluster.Now.InstanceAsync(id)).Version);
            Assert.Single(await cluster.Now.JournalAsync(id), j => j.Trigger is T.BureauApprove or T.Reject);
        }
        // Both processes wrote to one audit chain: still one unbroken chain with consecutive numbers.
        var verify = await PortalNode.RunVerbAsync(cluster.AppDirectory, cluster.EnvironmentB, "audit", "verify");
        Assert.True(verify.ExitCode == 0, verify.Output);
        Assert.Contains("审计日志完整", verify.Output);
    }

    [PostgresFact]
    public async Task SweepsOnBothNodesAtOnce_EachReminderSentOnce()
    {
        // Ten requests waiting for their unit's review since 40 days ago: each has its Before and Escalation reminder due.
        var ids = new List<long>();
        for (var i = 0; i < 10; i++) ids.Add((await cluster.Past.DriveW1Async(S.UnitReview)).Id);
        var now = DateTime.UtcNow;
        int dueEverywhere;
        await using (var db = cluster.Past.NewDbContext())
        {
            Assert.Equal(20, await db.Reminders.CountAsync(r => ids.Contains(r.Deadline!.InstanceId) && r.Status == ReminderStatus.Pending && r.FireAtUtc <= now));
            // The demo data's own due reminders go out in the same sweeps.
            dueEverywhere = await db.Reminders.CountAsync(r => r.Status == ReminderStatus.Pending && r.FireAtUtc <= now);
        }

        var sweeps = await Task.WhenAll(
            PortalNode.RunVerbAsync(cluster.AppDirectory, cluster.EnvironmentA, "sweep"),
            PortalNode.RunVerbAsync(cluster.AppDirectory, cluster.EnvironmentB, "sweep"));

        Assert.All(sweeps, s => Assert.True(s.ExitCode == 0, s.Output));
        var sent = sweeps.Sum(s => int.Parse(Regex.Match(s.Output, @"发送到期提醒 (\d+) 条").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        // Between them the two sweeps sent each due reminder: none twice (the sum would be larger), none left.
        Assert.Equal(dueEverywhere, sent);
        await using var check = cluster.Past.NewDbContext();
        Assert.Equal(0, await check.Reminders.CountAsync(r => ids.Contains(r.Deadline!.InstanceId) && r.Status == ReminderStatus.Pending));
        var keys = await check.Notifications.Where(n => n.InstanceId != null && ids.Contains(n.InstanceId.Value) && n.DedupKey.StartsWith("r:"))
            .Select(n => n.DedupKey + "/" + n.UserId).ToListAsync();
        // Per request (demo users only): Before → 县教育局's 2 reviewers (reviewer, secrecy), Escalation → the 1 supervisor; each once.
        Assert.Equal(30, keys.Count);
        Assert.Equal(30, keys.Distinct().Count());
    }

    [PostgresFact]
    public async Task ApprovalOnNodeA_DetailPageOpenOnNodeB_ShowsTheNewStateWithinTwoSeconds()
    {
        var (id, v) = await cluster.Now.DriveW1Async(S.BureauReview);
        var page = await cluster.BrowserSignInAsync(cluster.B, "supervisor");
        await page.GotoAsync($"/column-requests/{id}");
        await page.Locator("[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await page.Locator(".status-chip[data-state='BureauReview']").First.WaitForAsync();

        using var a = Client(cluster.A, await cluster.SignInAsync(cluster.A, "supervisor"));
        var fired = await a.PostAsJsonAsync($"/api/v1/instances/{id}/fire", new { trigger = T.BureauApprove, version = v });
        Assert.Equal(HttpStatusCode.OK, fired.StatusCode);

        // Node B hears of it over LISTEN/NOTIFY and the open page reloads (a wait timeout, not a measurement).
        await page.Locator(".status-chip[data-state='Setup']").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 2000 });
        await page.Context.CloseAsync();
    }

    private static HttpClient Client(PortalNode node, string? cookie)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = node.Address };
        if (cookie is not null) client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    /// <summary>The published app, an empty database built by its own migrate and seed-demo, node A then node B, Chromium.</summary>
    public sealed class Cluster : IAsyncLifetime
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "gov-nodes-" + Guid.NewGuid().ToString("N")[..10]);
        private PostgresTestDatabase? _db;
        private IPlaywright? _playwright;
        private IBrowser? _browser;

        public string AppDirectory => Path.Combine(_root, "app");
        public PortalNode A { get; private set; } = null!;
        public PortalNode B { get; private set; } = null!;
        public Dictionary<string, string> EnvironmentA { get; private set; } = null!;
        public Dictionary<string, string> EnvironmentB { get; private set; } = null!;

        /// <summary>The test's own hands on the shared database, at the real time now and 40 days ago.</summary>
        public WorkflowTestHost Now { get; private set; } = null!;

        public WorkflowTestHost Past { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            if (TestDatabase.Server is null) return; // every test is skipped and says why
            Directory.CreateDirectory(_root);
            var publish = await RunAsync("dotnet", SolutionDirectory, "publish", Path.Combine("Governance.Web", "Governance.Web.csproj"),
                "--no-build", "-c", Configuration, "-o", AppDirectory, "-p:UseAppHost=false");
            Assert.True(publish.ExitCode == 0, publish.Output);
            _db = await TestDatabase.CreateEmptyPostgresAsync();
            var shared = Path.Combine(_root, "shared");
            EnvironmentA = PortalNode.Environment(AppDirectory, _db.ConnectionString, Path.Combine(_root, "node-a"), shared);
            EnvironmentB = PortalNode.Environment(AppDirectory, _db.ConnectionString, Path.Combine(_root, "node-b"), shared);
            // The deployment's first steps, once, before any node starts.
            foreach (var verb in new[] { "migrate", "seed-demo" })
            {
                var run = await PortalNode.RunVerbAsync(AppDirectory, EnvironmentA, verb);
                Assert.True(run.ExitCode == 0, $"{verb}: {run.Output}");
            }
            A = await PortalNode.StartAsync(AppDirectory, EnvironmentA);
            B = await PortalNode.StartAsync(AppDirectory, EnvironmentB);
            Now = WorkflowTestHost.Attach(_db.ConnectionString, DateTimeOffset.UtcNow);
            Past = WorkflowTestHost.Attach(_db.ConnectionString, DateTimeOffset.UtcNow.AddDays(-40));
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium", Headless = true,
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
            });
        }

        /// <summary>Signs in through a node's real login form; returns the Cookie header the node set.</summary>
        public async Task<string> SignInAsync(PortalNode node, string userName)
        {
            var jar = new CookieContainer();
            using var client = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = node.Address };
            var response = await GovernanceAppFactory.SignInAsync(client, userName);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var auth = jar.GetCookies(node.Address).FirstOrDefault(c => c.Name.StartsWith("gov.auth", StringComparison.Ordinal));
            Assert.NotNull(auth);
            return jar.GetCookieHeader(node.Address);
        }

        public async Task<IPage> BrowserSignInAsync(PortalNode node, string userName)
        {
            var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = node.Address.ToString(), Locale = "zh-CN" });
            context.SetDefaultTimeout(20_000);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/account/login");
            await page.FillAsync("#username", userName);
            await page.FillAsync("#password", "Fufeng@2026");
            await page.ClickAsync("#login-submit");
            await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
            return page;
        }

        public async Task DisposeAsync()
        {
            if (_browser is not null) await _browser.CloseAsync();
            _playwright?.Dispose();
            if (Now is not null) await Now.DisposeAsync();
            if (Past is not null) await Past.DisposeAsync();
            if (B is not null) await B.DisposeAsync();
            if (A is not null) await A.DisposeAsync();
            if (_db is not null) await _db.DisposeAsync();
            try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

#if DEBUG
        private const string Configuration = "Debug";
#else
        private const string Configuration = "Release";
#endif

        private static string SolutionDirectory
        {
            get
            {
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Governance.sln"))) dir = dir.Parent;
                return dir?.FullName ?? throw new InvalidOperationException("Governance.sln not found above " + AppContext.BaseDirectory);
            }
        }

        private static async Task<(int ExitCode, string Output)> RunAsync(string file, string directory, params string[] args)
        {
            var info = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args) info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
