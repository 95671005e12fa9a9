using Governance.Workflows.PreCheck;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Tests.Workflows.PreCheck;

/// <summary>Generators written independently of the engine (GB 11643 check digit, Luhn).</summary>
internal static class PreCheckTestData
{
    public static string IdCheckDigit(string first17)
    {
        int[] w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (first17[i] - '0') * w[i];
        return "10X98765432"[sum % 11].ToString();
    }

    /// <summary>A valid 18-digit ID for area 610324 (扶风县) and the given birth date + sequence.</summary>
    public static string ValidId(string birth = "19900101", string seq = "123")
    {
        var first17 = "610324" + birth + seq;
        return first17 + IdCheckDigit(first17);
    }

    /// <summary>Same as <see cref="ValidId"/> but with a wrong check character.</summary>
    public static string WrongCheckId(string birth = "19900101", string seq = "123")
    {
        var valid = ValidId(birth, seq);
        char wrong = valid[17] == '0' ? '1' : '0';
        return valid[..17] + wrong;
    }

    /// <summary>Finds a sequence so that the ID ends with X.</summary>
    public static string ValidIdEndingInX()
    {
        for (int s = 0; s < 1000; s++)
        {
            var id = ValidId("19850615", s.ToString("D3"));
            if (id.EndsWith('X')) return id;
        }
        throw new InvalidOperationException("no X id");
    }

    public static char LuhnDigit(string payload)
    {
        int sum = 0;
        bool dbl = true; // the check digit will be appended on the right
        for (int i = payload.Length - 1; i >= 0; i--)
        {
            int v = payload[i] - '0';
            if (dbl) { v *= 2; if (v > 9) v -= 9; }
            sum += v;
            dbl = !dbl;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }

    public static string LuhnValid(string payload) => payload + LuhnDigit(payload);

    public static string LuhnInvalid(string payload)
    {
        char d = LuhnDigit(payload);
        return payload + (char)('0' + (d - '0' + 1) % 10);
    }

    public static bool LuhnOk(string digits)
    {
        int sum = 0;
        bool dbl = false;
        for (int i = digits.Length - 1; i >= 0; i--)
        {
            int v = digits[i] - '0';
            if (dbl) { v *= 2; if (v > 9) v -= 9; }
            sum += v;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    public static string FullWidth(string ascii) =>
        new(ascii.Select(c => c is >= '!' and <= '~' ? (char)(c + 0xFEE0) : c).ToArray());

    /// <summary>China Standard Time, as a fixed zone (no tzdata needed).</summary>
    public static readonly TimeZoneInfo China = TimeZoneInfo.CreateCustomTimeZone("China Standard Time (test)", TimeSpan.FromHours(8), "中国标准时间", "中国标准时间");

    /// <summary>An engine on a fixed clock: Monday 2026-03-02 09:00 China time, local zone China. No test reads the system clock.</summary>
    public static PreCheckEngine EngineAt(DateTimeOffset now)
    {
        // FakeTimeProvider keeps the offset it is given and GetLocalNow assumes UTC: hand it UTC.
        var clock = new FakeTimeProvider(now.ToUniversalTime());
        clock.SetLocalTimeZone(China);
        return new PreCheckEngine(clock);
    }

    public static readonly PreCheckEngine Engine = EngineAt(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));

    public static PreCheckResult Check(string body, string? title = null, PreCheckRuleSet? rules = null) =>
        Engine.Check(new PreCheckInput(title ?? "标题", body), rules ?? PreCheckRuleSet.Default);

    public static void AssertOffsets(PreCheckResult r)
    {
        foreach (var h in r.Hits)
        {
            if (h.Field == PreCheckFields.Body) Assert.Equal(h.Match, r.Text.Substring(h.Start, h.Length));
            if (h.Field == PreCheckFields.Title) Assert.Equal(h.Match, r.Title.Substring(h.Start, h.Length));
        }
    }

    public static PreCheckHit[] Hits(PreCheckResult r, string rule) => r.Hits.Where(h => h.Rule == rule).ToArray();
}
