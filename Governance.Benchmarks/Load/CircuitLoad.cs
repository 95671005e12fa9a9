using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Data.Entities;
using Microsoft.Data.Sqlite;

namespace Governance.Benchmarks.Load;

/// <summary>
/// Blazor Server capacity (issue 11): N clerks stay signed in with live circuits, each doing the W3 journey — from the
/// 工作台 a message handed to their unit, 签收 it, back to the 工作台 — with a think time between steps, against the portal as its own
/// process on loopback. The clerks are SignalR-level Blazor clients by default (<see cref="Wire.BlazorWireClient"/>: the
/// same circuits and messages as blazor.web.js, the render batches applied to a model of the page), so that hundreds
/// of them fit on the machine beside the server; <c>--client browser</c> uses Playwright contexts in one Debian
/// Chromium instead (real DOM and scripts, but a browser's CPU each). The server's CPU time per interaction and its
/// memory per idle circuit are reported beside the client-side latencies.
///
/// The clerks are spread over <c>--units</c> units (default 1: every clerk is 县教育局's editor, the worst case for live
/// updates, since every 签收 concerns every open 工作台); with more, clerk i works in unit i mod K — the first is 县教育局's
/// demo editor, the others are made for the run as copies of that account (same password, role 信息员) in the county's
/// departments and towns, each with their own unit's messages.
///
/// A level "a+i" (<c>--users 1,1+199</c>) has a working clerks and i more who stay signed in on their 工作台 without acting:
/// what open circuits add to the work of an interaction, at the same pace.
///
/// <code>dotnet run -c Release --project Governance.Benchmarks -- load --users 1,50,100,200 --think 10 [--units 10] [--client browser]</code>
/// </summary>
public static class CircuitLoad
{
    private const string Password = "Fufeng@2026";

    public sealed record Level(string Users, int Interactions, double CpuMsPerInteraction, double NetCpuMsPerInteraction, double P50, double P95,
        double Max, double ManagedMbPerCircuit, double RssMbPerCircuit, int Errors);

    public static async Task<int> RunAsync(string[] args)
    {
        var levels = Option(args, "--users", "1,50,100,200").Split(',').Select(s => s.Split('+'))
            .Select(p => (Active: int.Parse(p[0], CultureInfo.InvariantCulture), Idle: p.Length > 1 ? int.Parse(p[1], CultureInfo.InvariantCulture) : 0))
            .ToArray();
        var users = levels.Select(l => l.Active).ToArray();
        var think = TimeSpan.FromSeconds(double.Parse(Option(args, "--think", "10"), CultureInfo.InvariantCulture));
        // The one-clerk level is the baseline of CPU per interaction: there is no concurrency to wait for, so its clerk
        // repeats the journey 30 times (fresh messages each time) with a short think time — with 10 s the level would last
        // minutes and the portal's idle work (Hangfire's polling) would be most of its CPU. A journey, the same at every
        // level: from the 工作台 the message, 签收, and back to the 工作台.
        var baselineThink = TimeSpan.FromSeconds(double.Parse(Option(args, "--baseline-think", "0.2"), CultureInfo.InvariantCulture));
        static int Rounds(int n) => n == 1 ? 30 : Math.Max(1, (int)Math.Ceiling(10.0 / n));
        // The warm-up is long enough for the JIT: a method is recompiled with profile data after about 60 calls, and each
        // step calls most of its code once — a short warm-up leaves that compilation inside the first measured level.
        var warmUpRounds = int.Parse(Option(args, "--warm-up", "40"), CultureInfo.InvariantCulture);
        const int warmUpUsers = 2;
        var unitCount = int.Parse(Option(args, "--units", "1"), CultureInfo.InvariantCulture);
        // The unit (0..K-1) of each message, in the order the journeys take them: the warm-up, then each level's rounds.
        var plan = new List<int>();
        foreach (var (n, rounds) in new[] { (warmUpUsers, warmUpRounds) }.Concat(users.Select(n => (n, Rounds(n)))))
            for (var round = 0; round < rounds; round++)
                for (var i = 0; i < n; i++) plan.Add(i % unitCount);

        await using var portal = await Portal.StartAsync();
        Console.WriteLine($"portal pid {portal.ProcessId} at {portal.Address} (data {portal.DataDirectory})");
        await using IClerkFactory clerks = Option(args, "--client", "wire") == "browser"
            ? await BrowserClerks.LaunchAsync(portal.Address, Password)
            : new WireClerks(portal.Address, Password);
        Console.WriteLine($"clients: {clerks.Describe}");
        if (args.Contains("--hold")) return await HoldAsync(portal, clerks, users[0]);
        var units = await ClerkUnitsAsync(portal, unitCount);
        Console.WriteLine($"clerks in {unitCount} unit(s): {string.Join("、", units.Select(u => $"{u.Name}（{u.UserName}）"))}");
        var messages = await AssignedMessagesAsync(portal, plan.Select(k => units[k].Id).ToList());
        Console.WriteLine($"{messages.Count} messages handed to the clerks' units");

        // Warm-up (not reported): journeys that compile the pages' code paths, to the JIT's last tier.
        var userNames = units.Select(u => u.UserName).ToArray();
        await LevelAsync(portal, clerks, userNames, warmUpUsers, messages.Take(warmUpUsers * warmUpRounds).ToList(), baselineThink, 0, warmUpRounds);
        // The portal's own background work (Hangfire polling, the start-up run of the recurring jobs) settles first; then
        // its idle CPU per second, over 20 s, is what the levels' "net of idle" figures subtract.
        var idleMsPerSecond = double.MaxValue;
        for (var settle = 0; settle < 24 && idleMsPerSecond > 25; settle++)
        {
            var idle0 = portal.CpuTime();
            await Task.Delay(TimeSpan.FromSeconds(5));
            idleMsPerSecond = (portal.CpuTime() - idle0).TotalMilliseconds / 5;
        }
        var idleStart = portal.CpuTime();
        await Task.Delay(TimeSpan.FromSeconds(20));
        idleMsPerSecond = (portal.CpuTime() - idleStart).TotalMilliseconds / 20;
        Console.WriteLine($"idle server CPU: {idleMsPerSecond:F1} ms per second");

        var results = new List<Level>();
        var next = warmUpUsers * warmUpRounds;
        foreach (var (n, idleClerks) in levels)
        {
            var mine = messages.Skip(next).Take(n * Rounds(n)).ToList();
            next += mine.Count;
            results.Add(await LevelAsync(portal, clerks, userNames, n, mine, n == 1 ? baselineThink : think, idleMsPerSecond, Rounds(n), idleClerks));
            var r = results[^1];
            Console.WriteLine($"{r.Users,4} users: {r.Interactions} interactions, server CPU {r.CpuMsPerInteraction:F1} ms/interaction ({r.NetCpuMsPerInteraction:F1} net of idle), " +
                              $"p50 {r.P50:F0} ms, p95 {r.P95:F0} ms, max {r.Max:F0} ms, {r.ManagedMbPerCircuit:F2} MB managed / {r.RssMbPerCircuit:F2} MB RSS per idle circuit, {r.Errors} errors");
        }

        Console.WriteLine();
        Console.WriteLine("| users | interactions | server CPU ms / interaction | net of idle | net vs 1 user | p50 ms | p95 ms | max ms | managed MB / idle circuit | RSS MB / idle circuit | errors |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var baseline = results[0].NetCpuMsPerInteraction;
        foreach (var r in results)
            Console.WriteLine($"| {r.Users} | {r.Interactions} | {r.CpuMsPerInteraction:F1} | {r.NetCpuMsPerInteraction:F1} | {r.NetCpuMsPerInteraction / baseline:F2}× | {r.P50:F0} | {r.P95:F0} | {r.Max:F0} | " +
                              $"{r.ManagedMbPerCircuit:F2} | {r.RssMbPerCircuit:F2} | {r.Errors} |");
        if (clerks is WireClerks)
            Console.WriteLine("JavaScript calls answered by the clients: " +
                              string.Join(", ", Wire.BlazorWireClient.JsCalls.OrderByDescending(c => c.Value).Select(c => $"{c.Key} ×{c.Value}")));
        return results.Any(r => r.Errors > 0) ? 1 : 0;
    }

    /// <summary>
    /// One level: n clerks sign in (not measured), the memory per idle circuit is read after a forced GC, then each
    /// user does the journey with a think time of about <paramref name="think"/> (±20%) between steps, the users'
    /// starts spread over one think time. Interactions are timed from the action to the awaited result on the page.
    /// Clerk i signs in as <paramref name="userNames"/>[i mod K] and takes the messages of that unit (see the plan).
    /// <paramref name="idleClerks"/> more sign in the same way after them and stay on the 工作台.
    /// </summary>
    private static async Task<Level> LevelAsync(Portal portal, IClerkFactory clerks, string[] userNames, int n, List<long> messages, TimeSpan think, double idleMsPerSecond,
        int rounds = 1, int idleClerks = 0)
    {
        var (managed0, rss0) = await portal.MemoryAsync();
        var clerk = new IClerk[n + idleClerks];
        using (var gate = new SemaphoreSlim(8))
        {
            await Task.WhenAll(Enumerable.Range(0, clerk.Length).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    clerk[i] = await clerks.SignInAsync(userNames[i % userNames.Length]);
                }
                finally { gate.Release(); }
            }));
        }
        await Task.Delay(TimeSpan.FromSeconds(3));
        var (managed1, rss1) = await portal.MemoryAsync();

        var latencies = new List<double>();
        var errors = 0;
        var cpu0 = portal.CpuTime();
        var wall = Stopwatch.StartNew();
        var random = new Random(n);
        var starts = Enumerable.Range(0, n).Select(_ => random.NextDouble() * think.TotalMilliseconds).ToArray();
        await Task.WhenAll(Enumerable.Range(0, n).Select(async i =>
        {
            var rnd = new Random(i * 7919 + n);
            TimeSpan Think() => think * (0.8 + 0.4 * rnd.NextDouble());
            await Task.Delay(TimeSpan.FromMilliseconds(starts[i]));
            var me = clerk[i];
            for (var round = 0; round < rounds; round++)
            {
                var id = messages[round * n + i];
                if (round > 0) await Task.Delay(Think());
                try
                {
                    // The clerk is on the 工作台 (signed in there, or back from the last round): the message, 签收, and back.
                    latencies.AddLocked(await TimeAsync(() => me.OpenMessageAsync(id)));
                    await Task.Delay(Think());
                    await me.OpenAcceptAsync();
                    latencies.AddLocked(await TimeAsync(me.ConfirmAcceptAsync));
                    await Task.Delay(Think());
                    latencies.AddLocked(await TimeAsync(me.WorkbenchAsync));
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref errors);
                    Console.Error.WriteLine($"user {i}: {e.GetType().Name}: {e.Message.Split('\n')[0]}{(me is WireClerks.Clerk w ? $" [{w.Client.Error}]" : "")}");
                }
            }
        }));
        // The work an action leaves behind (live updates to the other circuits, queued jobs) belongs to it: 3 s more.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var cpu = portal.CpuTime() - cpu0;
        var idle = idleMsPerSecond * wall.Elapsed.TotalSeconds;
        foreach (var c in clerk) await c.DisposeAsync();

        var sorted = latencies.OrderBy(x => x).ToArray();
        double Pct(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        const double mb = 1024 * 1024;
        return new Level(idleClerks == 0 ? $"{n}" : $"{n}+{idleClerks}", sorted.Length, sorted.Length == 0 ? double.NaN : cpu.TotalMilliseconds / sorted.Length,
            sorted.Length == 0 ? double.NaN : Math.Max(0, cpu.TotalMilliseconds - idle) / sorted.Length, Pct(0.5), Pct(0.95),
            sorted.LastOrDefault(), (managed1 - managed0) / mb / clerk.Length, (rss1 - rss0) / mb / clerk.Length, errors);
    }

    /// <summary>
    /// Memory per idle circuit by the slope (for a heap snapshot too: <c>dotnet-gcdump collect -p PID</c> at each pause):
    /// 10 users sign in first and stay (the first circuits also pay one-time costs — compiled queries, caches — which are
    /// not per circuit), the heap is read after a forced full GC, then n more sign in and it is read again; the difference
    /// over n is what one more idle circuit on the 工作台 costs. Held until Enter (or end of input).
    /// </summary>
    private static async Task<int> HoldAsync(Portal portal, IClerkFactory clerks, int n)
    {
        var held = new List<IClerk>();
        async Task SignInManyAsync(int count)
        {
            for (var i = 0; i < count; i++) held.Add(await clerks.SignInAsync("editor"));
            await Task.Delay(3000);
        }
        const int first = 10;
        await SignInManyAsync(first);
        var before = await portal.MemoryAsync();
        Console.WriteLine($"{first} circuits: {before.Managed / 1048576.0:F2} MB managed, {before.WorkingSet / 1048576.0:F1} MB RSS; pid {portal.ProcessId}");
        await Task.Delay(TimeSpan.FromSeconds(double.Parse(Option(Environment.GetCommandLineArgs(), "--pause", "0"), CultureInfo.InvariantCulture)));
        await SignInManyAsync(n);
        var after = await portal.MemoryAsync();
        Console.WriteLine($"{first + n} circuits: {after.Managed / 1048576.0:F2} MB managed, {after.WorkingSet / 1048576.0:F1} MB RSS; " +
                          $"{(after.Managed - before.Managed) / 1048576.0 / n:F3} MB managed and {(after.WorkingSet - before.WorkingSet) / 1048576.0 / n:F2} MB RSS " +
                          "per additional idle circuit. Enter ends.");
        await Task.Run(Console.ReadLine);
        foreach (var c in held) await c.DisposeAsync();
        return 0;
    }

    private static void AddLocked(this List<double> list, double value)
    {
        lock (list) list.Add(value);
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var sw = Stopwatch.StartNew();
        await action();
        return sw.Elapsed.TotalMilliseconds;
    }

    private sealed record ClerkUnit(long Id, string Name, string UserName);

    /// <summary>
    /// The clerks' units: 县教育局 with its demo editor, then the county's other departments and towns (by id), each with
    /// an editor made for the run as a copy of the demo editor's account — same password hash, role and settings, a new
    /// id, name and security stamp — written straight into the portal's SQLite database (sign-in reads it per request).
    /// </summary>
    private static async Task<List<ClerkUnit>> ClerkUnitsAsync(Portal portal, int count)
    {
        await using var db = new SqliteConnection($"Data Source={portal.DatabasePath}");
        await db.OpenAsync();
        var units = new List<ClerkUnit>();
        await using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT Id, Name FROM Units WHERE Name = '县教育局' UNION ALL " +
                              $"SELECT * FROM (SELECT Id, Name FROM Units WHERE Kind IN ('{UnitKind.Department}', '{UnitKind.Town}') " +
                              "AND IsActive AND Name <> '县教育局' ORDER BY Id)";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (units.Count < count && await reader.ReadAsync())
                units.Add(new ClerkUnit(reader.GetInt64(0), reader.GetString(1), units.Count == 0 ? "editor" : $"load-clerk-{units.Count}"));
        }
        if (units.Count < count) throw new InvalidOperationException($"--units {count}: the county has only {units.Count} departments and towns");
        foreach (var unit in units.Skip(1))
        {
            await using var cmd = db.CreateCommand();
            cmd.CommandText = """
                INSERT OR IGNORE INTO AspNetUsers (Id, DisplayName, UnitId, MustChangePassword, IsDisabled, CreatedAtUtc, UserName,
                    NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PasswordHash, SecurityStamp, ConcurrencyStamp, PhoneNumber,
                    PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnd, LockoutEnabled, AccessFailedCount)
                SELECT $id, $display, $unit, 0, 0, CreatedAtUtc, $name, upper($name), NULL, NULL, EmailConfirmed, PasswordHash,
                    $stamp, $concurrency, NULL, 0, 0, NULL, LockoutEnabled, 0
                FROM AspNetUsers WHERE NormalizedUserName = 'EDITOR';
                INSERT OR IGNORE INTO AspNetUserRoles (UserId, RoleId)
                SELECT $id, r.RoleId FROM AspNetUserRoles r JOIN AspNetUsers u ON u.Id = r.UserId WHERE u.NormalizedUserName = 'EDITOR';
                """;
            cmd.Parameters.AddWithValue("$id", $"load-{unit.UserName}");
            cmd.Parameters.AddWithValue("$display", $"{unit.Name}信息员");
            cmd.Parameters.AddWithValue("$unit", unit.Id);
            cmd.Parameters.AddWithValue("$name", unit.UserName);
            cmd.Parameters.AddWithValue("$stamp", Guid.NewGuid().ToString("N").ToUpperInvariant());
            cmd.Parameters.AddWithValue("$concurrency", Guid.NewGuid().ToString());
            await cmd.ExecuteNonQueryAsync();
        }
        return units;
    }

    /// <summary>
    /// One message through the intake API (the demo API key) per entry of <paramref name="unitIds"/>, each handed to that
    /// unit by the Monitor through the action API (a signed-in session, as the dispatch board does).
    /// </summary>
    private static async Task<List<long>> AssignedMessagesAsync(Portal portal, IReadOnlyList<long> unitIds)
    {
        var count = unitIds.Count;
        using var api = new HttpClient { BaseAddress = portal.Address };
        api.DefaultRequestHeaders.Add("X-Api-Key", "demo-key-change-me");
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var response = await api.PostAsJsonAsync("api/v1/messages", new
            {
                sourceRef = $"load-{Guid.NewGuid():N}", title = $"关于城关小学放学时段交通疏导的建议（{i + 1}）",
                content = "每天下午放学时段学校门口车辆拥堵，建议安排交警和志愿者疏导，并错峰放学。", category = "建议", citizenName = "王先生",
            });
            response.EnsureSuccessStatusCode();
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            ids.Add(doc.RootElement.GetProperty("id").GetInt64());
        }

        await using var monitor = await Wire.BlazorWireClient.SignInAsync(portal.Address, "monitor", Password);
        var origin = portal.Address.GetLeftPart(UriPartial.Authority);
        foreach (var (id, unitId) in ids.Zip(unitIds))
        {
            using var doc = JsonDocument.Parse(await monitor.Http.GetStringAsync($"api/v1/instances/{id}"));
            var version = doc.RootElement.GetProperty("version").GetInt64();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/instances/{id}/fire")
            {
                Content = JsonContent.Create(new
                {
                    trigger = "Assign", version, fields = new Dictionary<string, string> { ["unit"] = unitId.ToString(CultureInfo.InvariantCulture) },
                }),
            };
            request.Headers.Add("Origin", origin);
            using var fired = await monitor.Http.SendAsync(request);
            if (!fired.IsSuccessStatusCode) throw new InvalidOperationException($"分办 {id}: {(int)fired.StatusCode} {await fired.Content.ReadAsStringAsync()}");
        }
        return ids;
    }

    public static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
