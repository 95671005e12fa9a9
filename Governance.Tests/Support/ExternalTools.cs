using System.Diagnostics;

namespace Governance.Tests.Support;

/// <summary>What a process printed and how it ended.</summary>
public sealed record ProcessResult(int ExitCode, string Out, string Error)
{
    public string All => Out + Error;
}

/// <summary>
/// The executable and the tools as an operator runs them: Governance.Web.dll with a verb on a data directory, and the
/// real <c>sqlite3</c> command-line tool (test.sh installs it when missing).
/// </summary>
public static class ExternalTools
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>Runs a verb of Governance.Web.dll on <paramref name="dataDirectory"/> (Production, Hangfire in memory).</summary>
    public static Task<ProcessResult> RunWebAsync(string dataDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = dataDirectory };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Governance.Web.dll"));
        // The verb, the host options, then the verb's words: the configuration reads "/path" as an option that takes
        // the next argument as its value, so an absolute path goes last.
        info.ArgumentList.Add(args[0]);
        info.ArgumentList.Add($"--Storage:DataDirectory={dataDirectory}");
        foreach (var a in args.Skip(1)) info.ArgumentList.Add(a);
        info.Environment["Hangfire__Storage"] = "InMemory";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        info.Environment.Remove("DOTNET_ENVIRONMENT");
        return RunAsync(info);
    }

    /// <summary>Runs SQL on a database file with the sqlite3 tool; fails the test when the tool is missing or the SQL fails.</summary>
    public static async Task<string> Sqlite3Async(string database, string sql)
    {
        var info = new ProcessStartInfo("sqlite3");
        info.ArgumentList.Add("-bail");
        info.ArgumentList.Add(database);
        info.ArgumentList.Add(sql);
        ProcessResult result;
        try
        {
            result = await RunAsync(info);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("sqlite3 is not installed: ./test.sh installs it (apt-get install sqlite3).");
        }
        if (result.ExitCode != 0) throw new InvalidOperationException($"sqlite3 failed ({result.ExitCode}): {result.Error}");
        return result.Out.Trim();
    }

    private static async Task<ProcessResult> RunAsync(ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.StandardOutputEncoding = System.Text.Encoding.UTF8;
        info.StandardErrorEncoding = System.Text.Encoding.UTF8;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{info.FileName} {string.Join(' ', info.ArgumentList)} did not end within {Timeout}");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
