using System.Diagnostics;
using System.Globalization;
using Governance.Data;
using Governance.Workflows.Volume;
using Microsoft.EntityFrameworkCore;

namespace Governance.Web;

/// <summary>
/// `seed-volume [--years 3]`: a county's realistic years of work in the configured database (<see cref="VolumeSeeder"/>),
/// with a progress line per table. Idempotent; refused in Production like `seed-demo` (it adds the demo accounts).
/// </summary>
internal static class VolumeCommand
{
    public const string Verb = "seed-volume";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (app.Environment.IsProduction())
        {
            Console.Error.WriteLine("生产环境（Production）不能写入模拟业务量：它同时写入公开密码的演示账号。未做任何更改。");
            return 1;
        }
        if (!TryYears(args, out var years))
        {
            Console.Error.WriteLine("用法 (usage): dotnet run --project Governance.Web -- seed-volume [--years 3]（年数大于 0、不超过 30，可为小数）");
            return 2;
        }
        var plan = VolumePlan.ForYears(years);
        Console.WriteLine($"写入 {years.ToString(CultureInfo.InvariantCulture)} 年的业务量：{plan.Summary}。");
        var clock = Stopwatch.StartNew();
        await using var scope = app.Services.CreateAsyncScope();
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync())
            await db.Database.MigrateAsync();
        var result = await scope.ServiceProvider.GetRequiredService<VolumeSeeder>().SeedAsync(years, new ConsoleProgress());
        Console.WriteLine(result.Total == 0
            ? $"业务量已存在，未做更改 (already seeded, nothing added) — {clock.Elapsed.TotalSeconds:0.0} s."
            : $"已写入 {result.Total} 项 ({result.Summary})，"
              + $"用时 {clock.Elapsed.TotalSeconds:0.0} 秒 (seeded in {clock.Elapsed.TotalSeconds:0.0} s).");
        return 0;
    }

    /// <summary>`--years N` or `--years=N`; 3 when absent.</summary>
    public static bool TryYears(string[] args, out double years)
    {
        years = 3;
        for (var i = 1; i < args.Length; i++)
        {
            string? value = null;
            if (args[i] == "--years" && i + 1 < args.Length) value = args[i + 1];
            else if (args[i].StartsWith("--years=", StringComparison.Ordinal)) value = args[i]["--years=".Length..];
            if (value is null) continue;
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out years) && years > 0 && years <= 30;
        }
        return true;
    }

    /// <summary>One line per table, rewritten in place: counts and percent.</summary>
    private sealed class ConsoleProgress : IProgress<VolumeProgress>
    {
        private string? _table;

        public void Report(VolumeProgress p)
        {
            if (_table is not null && _table != p.Table) Console.WriteLine();
            _table = p.Table;
            var percent = p.Total == 0 ? 100 : p.Done * 100 / p.Total;
            var line = $"  {p.Table}: {p.Done}/{p.Total} ({percent}%)";
            if (Console.IsOutputRedirected) Console.WriteLine(line);
            else Console.Write("\r" + line);
            if (p.Done >= p.Total && !Console.IsOutputRedirected) { Console.WriteLine(); _table = null; }
        }
    }
}
