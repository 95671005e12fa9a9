using System.Buffers;

namespace Governance.Workflows.PreCheck;

/// <summary>
/// 第9条 联系方式: landline numbers (固定电话) and personal e-mail addresses, on the normalized copy (full-width digits,
/// parentheses, '@' and letters are ASCII there, letters lower case).
/// <para>Landline (<see cref="PreCheckRules.Landline"/>, warn), each number a maximal run of digits:</para>
/// <list type="bullet">
/// <item>area code + '-' or one space + local number: "0917-5212345", "010-12345678", "029 88881234";</item>
/// <item>area code in parentheses (ASCII or full-width), optionally a space: "(0917)5212345", "（029）88881234";</item>
/// <item>area code and local number written together: "09175212345", "01012345678" (a run of 11–12 digits that splits
/// into a valid area code and local number, not followed by 元/万/亿/%);</item>
/// <item>a local number alone only right after a cue — 电话, 座机, 固话, 传真 or tel — with at most ':', a space, 为 or 是
/// between: "电话：5212345", "联系电话为 5212345".</item>
/// </list>
/// Area codes: 010, 02x, or 0 + 3 digits whose first digit is 3–9 ("0917"); local numbers: 7–8 digits, first digit 2–9.
/// A "+86" prefix with the area code's 0 dropped is not recognized. Dates (2026-03-02), amounts (1200000元), IDs and
/// mobile numbers never match: they do not start with a valid area code or lack the cue.
/// <para>E-mail (<see cref="PreCheckRules.Email"/>, block): local part [a-z0-9._%+-] (starting with a letter or digit) '@'
/// a domain at a public mail provider (<see cref="PersonalMailDomains"/> or a subdomain, e.g. vip.qq.com). Addresses at
/// other domains — *.gov.cn mailboxes in particular — are not reported.</para>
/// </summary>
internal static class ContactDetector
{
    /// <summary>Public mail providers whose addresses belong to persons.</summary>
    internal static readonly string[] PersonalMailDomains =
    [
        "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "188.com", "sina.com", "sina.cn", "sohu.com", "139.com",
        "189.cn", "wo.cn", "aliyun.com", "tom.com", "21cn.com", "gmail.com", "hotmail.com", "outlook.com", "live.com",
        "msn.com", "yahoo.com", "yahoo.com.cn", "icloud.com", "me.com",
    ];

    private static readonly string[] Cues = ["电话", "座机", "固话", "传真", "tel"];

    public static void ScanLandlines(ReadOnlySpan<char> norm, List<PiiDetector.PiiSpan> output)
    {
        int n = norm.Length;
        int i = 0;
        while (i < n)
        {
            int next = norm[i..].IndexOfAnyInRange('0', '9');
            if (next < 0) return;
            int s = i + next;
            int e = s;
            while (e < n && char.IsAsciiDigit(norm[e])) e++;
            i = e;
            if (s > 0 && (norm[s - 1] == '-' || norm[s - 1] == '.' || char.IsAsciiLetter(norm[s - 1]))) continue;
            var run = norm[s..e];

            if (IsAreaCode(run))
            {
                // (0917)5212345 / (0917) 5212345
                if (s > 0 && norm[s - 1] == '(' && e < n && norm[e] == ')')
                {
                    int ls = e + 1 < n && norm[e + 1] == ' ' ? e + 2 : e + 1;
                    int le = LocalEnd(norm, ls);
                    if (le > 0)
                    {
                        output.Add(Span(norm, s - 1, le));
                        i = le;
                    }
                    continue;
                }
                // 0917-5212345 / 0917 5212345
                if (e + 1 < n && (norm[e] == '-' || norm[e] == ' '))
                {
                    int le = LocalEnd(norm, e + 1);
                    if (le > 0)
                    {
                        output.Add(Span(norm, s, le));
                        i = le;
                    }
                }
                continue;
            }

            // 09175212345: area code and local number together.
            if (run.Length is 11 or 12 && run[0] == '0' && SplitsIntoAreaAndLocal(run) && !IsAmountUnit(norm, e))
            {
                output.Add(Span(norm, s, e));
                continue;
            }

            // 5212345 only after a cue (电话：5212345).
            if (run.Length is 7 or 8 && run[0] is >= '2' and <= '9' && !IsAmountUnit(norm, e) && HasCue(norm, s))
            {
                output.Add(Span(norm, s, e));
            }
        }
    }

    private static PiiDetector.PiiSpan Span(ReadOnlySpan<char> norm, int start, int end)
    {
        int digits = 0;
        for (int k = start; k < end; k++) if (char.IsAsciiDigit(norm[k])) digits++;
        return new PiiDetector.PiiSpan(PreCheckRules.Landline, start, end - start, digits - 4, 0);
    }

    /// <summary>010, 020–029, or 0 + [3-9] + 2 digits.</summary>
    private static bool IsAreaCode(ReadOnlySpan<char> run) =>
        run.Length switch
        {
            3 => run[0] == '0' && (run[1] == '2' || (run[1] == '1' && run[2] == '0')),
            4 => run[0] == '0' && run[1] is >= '3' and <= '9',
            _ => false,
        };

    private static bool SplitsIntoAreaAndLocal(ReadOnlySpan<char> run) =>
        (IsAreaCode(run[..3]) && run.Length == 11 && run[3] is >= '2' and <= '9')
        || (IsAreaCode(run[..4]) && run[4] is >= '2' and <= '9');

    /// <summary>End of a 7–8 digit local number starting at <paramref name="start"/> (first digit 2–9), or -1.</summary>
    private static int LocalEnd(ReadOnlySpan<char> norm, int start)
    {
        if (start >= norm.Length || norm[start] is < '2' or > '9') return -1;
        int e = start;
        while (e < norm.Length && char.IsAsciiDigit(norm[e])) e++;
        return e - start is 7 or 8 ? e : -1;
    }

    private static bool IsAmountUnit(ReadOnlySpan<char> norm, int e) => e < norm.Length && norm[e] is '元' or '万' or '亿' or '%';

    private static bool HasCue(ReadOnlySpan<char> norm, int s)
    {
        int p = s;
        for (int skipped = 0; p > 0 && skipped < 3 && norm[p - 1] is ':' or ' ' or '为' or '是'; skipped++) p--;
        var before = norm[..p];
        foreach (var cue in Cues)
        {
            if (before.EndsWith(cue, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static readonly SearchValues<char> LocalChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789._%+-");
    private static readonly SearchValues<char> DomainChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789.-");

    /// <summary>Personal e-mail addresses; the mask keeps the first char of the local part (w***@qq.com).</summary>
    public static void ScanEmails(ReadOnlySpan<char> norm, List<PiiDetector.PiiSpan> output)
    {
        int from = 0;
        while (from < norm.Length)
        {
            int at = norm[from..].IndexOf('@');
            if (at < 0) return;
            at += from;
            from = at + 1;
            int ls = at;
            while (ls > 0 && LocalChars.Contains(norm[ls - 1])) ls--;
            while (ls < at && !char.IsAsciiLetterOrDigit(norm[ls])) ls++;
            if (ls == at) continue;
            int de = at + 1;
            while (de < norm.Length && DomainChars.Contains(norm[de])) de++;
            while (de > at + 1 && norm[de - 1] is '.' or '-') de--;
            var domain = norm[(at + 1)..de];
            if (!IsPersonalDomain(domain)) continue;
            output.Add(new PiiDetector.PiiSpan(PreCheckRules.Email, ls, de - ls, 1, 0, PiiDetector.PiiMask.Email));
            from = de;
        }
    }

    internal static bool IsPersonalDomain(ReadOnlySpan<char> domain)
    {
        foreach (var d in PersonalMailDomains)
        {
            if (domain.SequenceEqual(d)) return true;
            if (domain.Length > d.Length + 1 && domain.EndsWith(d, StringComparison.Ordinal) && domain[domain.Length - d.Length - 1] == '.') return true;
        }
        return false;
    }
}
