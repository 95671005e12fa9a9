namespace Governance.Workflows.PreCheck;

/// <summary>
/// 第9条 不得公开个人隐私: resident ID numbers (GB 11643), mainland mobile numbers, bank card numbers (Luhn).
/// Works on the normalized copy (full-width digits are ASCII there). A "number" is a maximal run of ASCII digits
/// (an ID may end in X/x); digits inside a longer run are never a number of their own. Runs joined by single
/// separators (space, nbsp, '-') form a group such as "138 1234 5678" or "6222 0212 3456 7890"; the group as a
/// whole is tried first, then each run alone.
/// When candidates overlap only the most specific is kept: ID card, then bank card, then mobile.
/// </summary>
internal static class PiiDetector
{
    /// <summary>
    /// A hit in the scanned (folded) text. <see cref="PiiMask.Digits"/>: the suggestion keeps the first
    /// <see cref="KeepFirst"/> and last <see cref="KeepLast"/> digits; <see cref="PiiMask.Address"/>: every digit,
    /// Chinese numeral and letter is masked; <see cref="PiiMask.Email"/>: the first char of the local part, then "***@domain".
    /// </summary>
    internal readonly record struct PiiSpan(string Rule, int Start, int Length, int KeepFirst, int KeepLast, PiiMask Mask = PiiMask.Digits);

    internal enum PiiMask { Digits, Address, Email }

    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string IdCheckChars = "10X98765432";

    public static void Scan(ReadOnlySpan<char> norm, int currentYear, List<PiiSpan> output)
    {
        var found = new List<PiiSpan>();
        var runs = new List<(int Start, int End)>(); // digits [Start, End), End may include a trailing X for IDs
        int n = norm.Length;
        int i = 0;
        while (i < n)
        {
            if (!char.IsAsciiDigit(norm[i]))
            {
                int next = norm[i..].IndexOfAnyInRange('0', '9'); // vectorized skip to the next digit
                if (next < 0) break;
                i += next;
            }

            // Collect a group of runs separated by a single separator char.
            runs.Clear();
            int p = i;
            while (true)
            {
                int s = p;
                while (p < n && char.IsAsciiDigit(norm[p])) p++;
                int e = p;
                if (e - s == 17 && p < n && norm[p] == 'x' && (p + 1 >= n || !char.IsAsciiLetterOrDigit(norm[p + 1])))
                {
                    e = ++p; // ID ending in X
                }
                runs.Add((s, e));
                if (norm[e - 1] == 'x') break;
                if (p + 1 < n && IsSeparator(norm[p]) && char.IsAsciiDigit(norm[p + 1]))
                {
                    p++;
                    continue;
                }
                break;
            }
            i = p;
            CheckGroup(norm, runs, currentYear, found);
        }

        // Groups are disjoint and a group yields either one whole-group hit or hits of its (disjoint) runs, and within
        // a run the most specific rule is chosen first (ID, bank card, mobile), so spans never overlap here.
        output.AddRange(found);
    }

    private static bool IsSeparator(char c) => c == ' ' || c == '-';

    private static void CheckGroup(ReadOnlySpan<char> norm, List<(int Start, int End)> runs, int year, List<PiiSpan> found)
    {
        if (runs.Count > 1)
        {
            // +86 / 86 prefix as its own run: "+86 138 1234 5678", "+86-13812345678".
            int first = 0;
            int prefixStart = runs[0].Start;
            if (runs[0].End - runs[0].Start == 2 && norm[runs[0].Start] == '8' && norm[runs[0].Start + 1] == '6')
            {
                first = 1;
                if (prefixStart > 0 && norm[prefixStart - 1] == '+') prefixStart--;
            }
            if (first == 1 && TryGroupDigits(norm, runs, 1, out var mobile, out var mlens) && mobile.Length == 11 && IsMobile(mobile)
                && (mlens is [11] or [3, 4, 4] or [3, 8] or [7, 4]))
            {
                int end = runs[^1].End;
                found.Add(new PiiSpan(PreCheckRules.Mobile, prefixStart, end - prefixStart, 2 + 3, 4));
                return;
            }
            if (TryGroupDigits(norm, runs, 0, out var digits, out var lens))
            {
                int start = runs[0].Start, end = runs[^1].End;
                if (digits.Length == 11 && (lens is [3, 4, 4] or [3, 8] or [7, 4]) && IsMobile(digits))
                {
                    found.Add(new PiiSpan(PreCheckRules.Mobile, start, end - start, 3, 4));
                    return;
                }
                if (digits.Length is >= 16 and <= 19 && lens.Length >= 4 && lens[0] == 4 && lens[^1] <= 4 && AllFour(lens) && IsBankCard(digits))
                {
                    found.Add(new PiiSpan(PreCheckRules.BankCard, start, end - start, 4, 4));
                    return;
                }
                if (digits.Length == 18 && lens is [6, 8, 4] && IsValidId18(digits, year))
                {
                    found.Add(new PiiSpan(PreCheckRules.IdCard, start, end - start, 6, 4));
                    return;
                }
            }
        }
        foreach (var (s, e) in runs) CheckRun(norm, s, e, year, found);
    }

    private static bool AllFour(int[] lens)
    {
        for (int i = 0; i < lens.Length - 1; i++) if (lens[i] != 4) return false;
        return true;
    }

    private static bool TryGroupDigits(ReadOnlySpan<char> norm, List<(int Start, int End)> runs, int from, out string digits, out int[] lens)
    {
        var chars = new System.Text.StringBuilder();
        lens = new int[runs.Count - from];
        for (int r = from; r < runs.Count; r++)
        {
            var (s, e) = runs[r];
            chars.Append(norm.Slice(s, e - s));
            lens[r - from] = e - s;
        }
        digits = chars.ToString();
        for (int k = 0; k < digits.Length; k++)
        {
            if (!char.IsAsciiDigit(digits[k]) && !(k == 17 && digits.Length == 18 && digits[k] == 'x')) return false;
        }
        return digits.Length > 0;
    }

    private static void CheckRun(ReadOnlySpan<char> norm, int s, int e, int year, List<PiiSpan> found)
    {
        int len = e - s;
        var d = norm.Slice(s, len);
        if (len == 18)
        {
            if (IsValidId18(d, year))
            {
                found.Add(new PiiSpan(PreCheckRules.IdCard, s, len, 6, 4));
                return;
            }
            if (d[17] != 'x' && IsBankCard(d) && d[0] != '0')
            {
                found.Add(new PiiSpan(PreCheckRules.BankCard, s, len, 4, 4));
                return;
            }
            if (IsIdShaped18(d, year))
            {
                found.Add(new PiiSpan(PreCheckRules.IdCardSuspect, s, len, 6, 4));
            }
            return;
        }
        if (len == 15 && IsValidId15(d))
        {
            found.Add(new PiiSpan(PreCheckRules.IdCard, s, len, 6, 4));
            return;
        }
        if (len is >= 16 and <= 19 && d[0] != '0' && IsBankCard(d))
        {
            found.Add(new PiiSpan(PreCheckRules.BankCard, s, len, 4, 4));
            return;
        }
        if (len == 11 && IsMobile(d))
        {
            found.Add(new PiiSpan(PreCheckRules.Mobile, s, len, 3, 4));
            return;
        }
        if (len == 13 && d[0] == '8' && d[1] == '6' && IsMobile(d[2..]))
        {
            int start = s > 0 && norm[s - 1] == '+' ? s - 1 : s;
            found.Add(new PiiSpan(PreCheckRules.Mobile, start, e - start, 2 + 3, 4));
        }
    }

    /// <summary>Mainland mobile: 1[3-9] followed by 9 digits.</summary>
    internal static bool IsMobile(ReadOnlySpan<char> d)
    {
        if (d.Length != 11 || d[0] != '1' || d[1] < '3' || d[1] > '9') return false;
        foreach (var c in d) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }

    /// <summary>Luhn (ISO/IEC 7812) over ASCII digits.</summary>
    internal static bool IsBankCard(ReadOnlySpan<char> d)
    {
        if (d.Length is < 16 or > 19) return false;
        int sum = 0;
        bool dbl = false;
        for (int i = d.Length - 1; i >= 0; i--)
        {
            char c = d[i];
            if (!char.IsAsciiDigit(c)) return false;
            int v = c - '0';
            if (dbl) { v *= 2; if (v > 9) v -= 9; }
            sum += v;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    /// <summary>GB 11643-1999 check character (ISO 7064 MOD 11-2) for the first 17 digits; '\0' when not digits.</summary>
    internal static char IdCheckChar(ReadOnlySpan<char> first17)
    {
        int sum = 0;
        for (int i = 0; i < 17; i++)
        {
            char c = first17[i];
            if (!char.IsAsciiDigit(c)) return '\0';
            sum += (c - '0') * IdWeights[i];
        }
        return IdCheckChars[sum % 11];
    }

    private static bool IsIdShaped18(ReadOnlySpan<char> d, int year)
    {
        if (d.Length != 18 || d[0] < '1' || d[0] > '8') return false;
        for (int i = 0; i < 17; i++) if (!char.IsAsciiDigit(d[i])) return false;
        if (!char.IsAsciiDigit(d[17]) && d[17] != 'x' && d[17] != 'X') return false;
        return IsRealDate(d.Slice(6, 8), 1900, year);
    }

    internal static bool IsValidId18(ReadOnlySpan<char> d, int year)
    {
        if (!IsIdShaped18(d, year)) return false;
        char check = IdCheckChar(d);
        char last = d[17] == 'x' ? 'X' : d[17];
        return check == last;
    }

    /// <summary>Legacy 15-digit ID: 6-digit area (first digit 1–8) + yyMMdd (19yy) + 3 digits.</summary>
    internal static bool IsValidId15(ReadOnlySpan<char> d)
    {
        if (d.Length != 15 || d[0] < '1' || d[0] > '8') return false;
        foreach (var c in d) if (!char.IsAsciiDigit(c)) return false;
        Span<char> date = stackalloc char[8];
        date[0] = '1'; date[1] = '9';
        d.Slice(6, 6).CopyTo(date[2..]);
        return IsRealDate(date, 1900, 1999);
    }

    private static bool IsRealDate(ReadOnlySpan<char> yyyymmdd, int minYear, int maxYear)
    {
        int y = (yyyymmdd[0] - '0') * 1000 + (yyyymmdd[1] - '0') * 100 + (yyyymmdd[2] - '0') * 10 + (yyyymmdd[3] - '0');
        int m = (yyyymmdd[4] - '0') * 10 + (yyyymmdd[5] - '0');
        int day = (yyyymmdd[6] - '0') * 10 + (yyyymmdd[7] - '0');
        if (y < minYear || y > maxYear || m is < 1 or > 12 || day < 1) return false;
        return day <= DateTime.DaysInMonth(y, m);
    }

    /// <summary>
    /// Masks the digits of original[start..end) except the first <paramref name="keepFirst"/> and last
    /// <paramref name="keepLast"/> digits (separators and prefix signs are kept as they are), e.g. 138****5678.
    /// </summary>
    internal static string Mask(string original, int start, int end, int keepFirst, int keepLast)
    {
        int total = 0;
        for (int i = start; i < end; i++) if (IsDigitLike(original[i])) total++;
        var chars = new char[end - start];
        int k = 0, n = 0;
        for (int i = start; i < end; i++)
        {
            // Invisible characters that hid the number are not kept in the masked form.
            int w = TextNormalizer.InvisibleWidth(original.AsSpan(0, end), i);
            if (w > 0) { i += w - 1; continue; }
            char c = original[i];
            if (IsDigitLike(c))
            {
                if (k >= keepFirst && k < total - keepLast) c = '*';
                k++;
            }
            chars[n++] = c;
        }
        return new string(chars, 0, n);
    }

    /// <summary>Suggestion for a hit at original[start..end) according to its mask kind.</summary>
    internal static string Suggest(string original, int start, int end, PiiSpan p) => p.Mask switch
    {
        PiiMask.Address => MaskAddress(original, start, end),
        PiiMask.Email => MaskEmail(original, start, end),
        _ => Mask(original, start, end, p.KeepFirst, p.KeepLast),
    };

    /// <summary>"12号3栋2单元501室" → "**号*栋*单元***室": numbers (digits, Chinese numerals) and building letters become '*'.</summary>
    internal static string MaskAddress(string original, int start, int end)
    {
        var sb = new System.Text.StringBuilder(end - start);
        for (int i = start; i < end; i++)
        {
            int w = TextNormalizer.InvisibleWidth(original.AsSpan(0, end), i);
            if (w > 0) { i += w - 1; continue; }
            char c = original[i];
            char n = TextNormalizer.Normalize(c);
            sb.Append(char.IsAsciiDigit(n) || char.IsAsciiLetter(n) || AddressDetector.IsChineseNumeral(c) ? '*' : c);
        }
        return sb.ToString();
    }

    /// <summary>"wangxm@qq.com" → "w***@qq.com" (the length of the local part is not revealed).</summary>
    internal static string MaskEmail(string original, int start, int end)
    {
        var sb = new System.Text.StringBuilder();
        bool local = true, first = true;
        for (int i = start; i < end; i++)
        {
            int w = TextNormalizer.InvisibleWidth(original.AsSpan(0, end), i);
            if (w > 0) { i += w - 1; continue; }
            char c = original[i];
            if (local && TextNormalizer.Normalize(c) == '@')
            {
                local = false;
                sb.Append("***");
            }
            if (!local || first) sb.Append(c);
            first = false;
        }
        return sb.ToString();
    }

    private static bool IsDigitLike(char c)
    {
        char n = TextNormalizer.Normalize(c);
        return char.IsAsciiDigit(n) || n == 'x';
    }
}
