using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Governance.Tests.Support;

/// <summary>
/// LibreOffice in headless mode, where it is installed (Debian: <c>apt-get install --no-install-recommends
/// libreoffice-writer-nogui</c>; test.sh does not install it): converts a document to PDF, so a test can see how a .docx
/// renders outside Word — which fonts the Chinese text was set in.
/// </summary>
public static partial class LibreOffice
{
    public static string? Executable { get; } =
        new[] { "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice" }.FirstOrDefault(File.Exists);

    /// <summary>Converts <paramref name="document"/> to PDF beside it (own profile folder, so parallel runs do not share one).</summary>
    public static async Task<string> ConvertToPdfAsync(string document)
    {
        var exe = Executable ?? throw new InvalidOperationException("LibreOffice is not installed.");
        var profile = Path.Combine(Path.GetTempPath(), "lo-profile-" + Guid.NewGuid().ToString("N"));
        var outDir = Path.GetDirectoryName(Path.GetFullPath(document))!;
        var start = new ProcessStartInfo(exe)
        {
            ArgumentList = { "--headless", "--norestore", $"-env:UserInstallation=file://{profile}", "--convert-to", "pdf", "--outdir", outDir, document },
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["HOME"] = profile;
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { }
        var pdf = Path.Combine(outDir, Path.GetFileNameWithoutExtension(document) + ".pdf");
        if (process.ExitCode != 0 || !File.Exists(pdf))
            throw new InvalidOperationException($"soffice exited {process.ExitCode}: {await output} {await errors}");
        return pdf;
    }

    [GeneratedRegex(@"/FontName\s*/(?:[A-Z]{6}\+)?([^\s/\[\]<>()]+)")]
    private static partial Regex FontNameRegex();

    /// <summary>The names of the fonts a PDF embeds (its font descriptors, which LibreOffice writes uncompressed).</summary>
    public static IReadOnlyList<string> EmbeddedFonts(string pdf) =>
        FontNameRegex().Matches(Encoding.Latin1.GetString(File.ReadAllBytes(pdf))).Select(m => m.Groups[1].Value).Distinct().Order().ToList();

    /// <summary>The number of pages (the page tree's /Count).</summary>
    public static int PageCount(string pdf) =>
        Regex.Matches(Encoding.Latin1.GetString(File.ReadAllBytes(pdf)), @"/Type\s*/Page[^s]").Count;
}
