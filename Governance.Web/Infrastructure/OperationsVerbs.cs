using Governance.Workflows.Audit;
using Governance.Workflows.Backups;
using Governance.Workflows.Engine;

namespace Governance.Web;

/// <summary>
/// The operations verbs of 第15条(一) for scripts and the county's IT staff: `audit verify` (exit 0 intact, 1 not, naming
/// the first broken entry), `backup` (one now, beside the running portal) and `restore &lt;file&gt;` (with the portal stopped).
/// </summary>
internal static class OperationsVerbs
{
    public const string Usage =
        "  audit verify     校验审计日志（哈希链与外部锚点），完整时退出码 0，否则 1 / verify the audit chain\n" +
        "  backup           立即备份数据库、后台任务库与附件 / take a backup now\n" +
        "  restore <文件>   停止门户后从备份文件恢复（--Storage:DataDirectory=… 等选项写在文件之前）/ restore a backup, portal stopped";

    private static Actor CommandLine => Actor.System("cli", $"命令行 {Environment.UserName}");

    public static async Task<int> AuditAsync(WebApplication app, string[] args)
    {
        if (Positional(args, 1) != "verify")
        {
            Console.Error.WriteLine("用法 (usage): dotnet run --project Governance.Web -- audit verify");
            return 2;
        }
        var database = app.Services.GetRequiredService<BackupOptions>().DatabasePath;
        if (app.Services.GetRequiredService<Governance.Data.DatabaseConnection>().IsSqlite && !File.Exists(database))
        {
            Console.WriteLine($"审计日志校验未通过：数据库文件不存在（{database}）。");
            return 1;
        }
        AuditVerification result;
        try
        {
            result = await app.Services.GetRequiredService<AuditLog>().VerifyAsync();
        }
        catch (System.Data.Common.DbException ex)
        {
            Console.WriteLine($"审计日志校验未通过：无法读取审计日志（{ex.Message}）。");
            return 1;
        }
        if (result.Intact)
        {
            Console.WriteLine(result.Message);
            return 0;
        }
        var first = result.FirstBrokenId is { } seq ? $"首个问题记录：第 {seq} 条。" : "";
        Console.WriteLine($"审计日志校验未通过：{result.Message}{first}（已校验 {result.Checked} 条记录）");
        return 1;
    }

    public static async Task<int> BackupAsync(WebApplication app)
    {
        var result = await app.Services.GetRequiredService<BackupService>().CreateAsync(CommandLine, BackupService.Manual);
        if (result.Succeeded)
        {
            Console.WriteLine(result.Message);
            Console.WriteLine(Path.Combine(app.Services.GetRequiredService<BackupOptions>().BackupDirectory, result.Backup!.Name));
            return 0;
        }
        Console.Error.WriteLine($"备份失败：{result.Message}");
        return 1;
    }

    public static async Task<int> RestoreAsync(WebApplication app, string[] args)
    {
        if (Positional(args, 1) is not { } file)
        {
            Console.Error.WriteLine("用法 (usage): dotnet run --project Governance.Web -- restore <备份文件.zip>（请先停止门户）");
            return 2;
        }
        var result = await app.Services.GetRequiredService<BackupService>().RestoreAsync(CommandLine, Path.GetFullPath(file));
        if (result.Succeeded)
        {
            Console.WriteLine(result.Message);
            return 0;
        }
        Console.Error.WriteLine(result.Message);
        return 1;
    }

    /// <summary>The n-th bare word of the command line (host options and their values skipped: --key value, --key=value).</summary>
    public static string? Positional(string[] args, int n)
    {
        var i = 0;
        for (var k = 0; k < args.Length; k++)
        {
            var a = args[k];
            if (a.StartsWith('-'))
            {
                if (!a.Contains('=')) k++; // its value
                continue;
            }
            if (i++ == n) return a;
        }
        return null;
    }
}
