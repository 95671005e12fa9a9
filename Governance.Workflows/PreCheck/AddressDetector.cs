using System.Buffers;

namespace Governance.Workflows.PreCheck;

/// <summary>
/// 第9条 详细居住地址, on the normalized copy. An address is read as a chain of adjacent "number + unit" parts
/// (one space allowed between parts):
/// <list type="table">
/// <item><term>号 / 号院</term><description>house number: "12号", "88号院" (digits only; not 号码/号线/号文/号令…)</description></item>
/// <item><term>号楼 / 栋 / 幢 / 座</term><description>building: "5号楼", "3栋", "三号楼", "a座"</description></item>
/// <item><term>单元</term><description>"2单元", "二单元"</description></item>
/// <item><term>楼 / 层</term><description>floor: "3楼", "三层"</description></item>
/// <item><term>室</term><description>room: "501室"; a bare 2–4 digit number right after 单元 or a floor ("2单元501", "5楼502")</description></item>
/// <item><term>组 / 社 / 队</term><description>village group: "3组", "三组", "第5组" (第 only right after 村)</description></item>
/// <item><term>3-2-501</term><description>building-unit-room written with hyphens (1–3, 1–2, 2–4 digits), optional 室</description></item>
/// </list>
/// A chain is a detailed home address when it has
/// <list type="number">
/// <item>a 单元 and any other part ("5号楼2单元301室", "3栋2单元");</item>
/// <item>a village group right after 村 ("东街村3组", "八家村三组") or followed by a house number ("5组18号");</item>
/// <item>a room (or 3-2-501) after a house number, building or floor ("3栋501室", "6号3楼302室", "12号3-2-501"), or a
/// house number followed by a building ("12号3栋", "88号院6号楼") — unless the place is a government body, school,
/// hospital, bank… (<see cref="IsInstitutional"/>): offices and meeting rooms are published on purpose.</item>
/// </list>
/// Chinese numerals are read for 单元, floors, groups and buildings, not for 号/室 ("三号" is a date); a chain is looked
/// for at digits, at letters and at Chinese numerals right before 组/单/楼/栋 (three vectorized searches, no per-char
/// loop), so a chain starting with 三层/三幢/三社 is not found.
/// A house number alone ("西大街1号"), a building alone ("3号楼会议室"), a floor alone ("三楼会议室"), numbers after 第
/// ("第3号文件", "第三单元") and counts ("320户", "152个村民小组") are not addresses.
/// The hit covers the chain only — the street, compound or village name before it is the coarse part and stays; the
/// suggestion masks every number: "西大街12号3栋2单元501室" → "西大街**号*栋*单元***室".
/// </summary>
internal static class AddressDetector
{
    private const string ChineseNumerals = "一二三四五六七八九十两";

    /// <summary>Digits and letters: found with a vectorized ASCII search.</summary>
    private static readonly SearchValues<char> AsciiStarts = SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyz");

    /// <summary>
    /// A part written with Chinese numerals is found from its unit (at most 4 values: a vectorized search even for CJK
    /// chars, unlike a set of the 11 numerals): 三组, 二单元, 三楼, 三号楼, 三栋. Chains starting with 三层/三幢/三社 are not looked for.
    /// </summary>
    private static readonly SearchValues<char> NumeralUnits = SearchValues.Create("组单楼栋");

    internal static bool IsChineseNumeral(char c) => ChineseNumerals.Contains(c);

    private enum Kind : byte { House, Building, Unit, Floor, Room, Group, Dashed }

    private readonly record struct Token(int Start, int End, Kind Kind);

    /// <summary>Names of places whose rooms and buildings are public (looked for before the address in the same sentence).</summary>
    private static readonly string[] InstitutionWords =
    [
        "政府", "局", "委员会", "党委", "纪委", "居委会", "村委会", "管委会", "办公", "办事处", "街道办", "中心", "大厅", "机关",
        "法院", "检察院", "医院", "卫生院", "学校", "中学", "小学", "幼儿园", "大学", "学院", "派出所", "司法所", "财政所",
        "服务站", "工作站", "馆", "银行", "公司", "营业厅", "大楼", "大厦",
    ];

    /// <summary>Words that make the place a home even after an institution's name (县教育局家属院…, 家住…).</summary>
    private static readonly string[] ResidenceWords =
        ["住", "家属", "宿舍", "小区", "公寓", "花园", "家园", "苑", "新村", "我家", "他家", "她家", "其家"];

    /// <summary>Words right after the address that make it an office: "5楼502会议室".</summary>
    private static readonly string[] OfficeSuffixes = ["会议室", "办公室", "窗口", "大厅", "报告厅", "会议厅"];

    public static void Scan(ReadOnlySpan<char> norm, List<PiiDetector.PiiSpan> output)
    {
        List<Token>? chain = null;
        int n = norm.Length;
        int i = 0;
        int nextAscii = -2, nextNumeral = -2; // next candidate start of each kind at or after i (-1: none, -2: not searched yet)
        while (i < n)
        {
            if (nextAscii != -1 && nextAscii < i) nextAscii = Next(norm[i..].IndexOfAny(AsciiStarts), i);
            if (nextNumeral != -1 && nextNumeral < i) nextNumeral = NextNumeralStart(norm, i);
            if (nextAscii < 0 && nextNumeral < 0) return;
            i = nextAscii < 0 ? nextNumeral : nextNumeral < 0 ? nextAscii : Math.Min(nextAscii, nextNumeral);
            if (!TryToken(norm, i, null, out var first) || !CanStartChain(norm, first))
            {
                i++;
                while (i < n && (AsciiStarts.Contains(norm[i]) || IsChineseNumeral(norm[i]))) i++; // not a part: skip the whole number
                continue;
            }
            chain ??= [];
            chain.Clear();
            chain.Add(first);
            int end = first.End;
            while (chain[^1].Kind is not (Kind.Room or Kind.Dashed))
            {
                int q = end < n && norm[end] == ' ' ? end + 1 : end;
                if (!TryToken(norm, q, chain[^1].Kind, out var t)) break;
                chain.Add(t);
                end = t.End;
            }
            if (IsDetailed(norm, chain, first.Start, end))
            {
                output.Add(new PiiDetector.PiiSpan(PreCheckRules.Address, first.Start, end - first.Start, 0, 0, PiiDetector.PiiMask.Address));
            }
            i = end;
        }

        static int Next(int found, int from) => found < 0 ? -1 : from + found;
    }

    /// <summary>Start of the next run of Chinese numerals (at most 3) right before 组/单/楼/栋 (or 号楼) at or after <paramref name="from"/>.</summary>
    private static int NextNumeralStart(ReadOnlySpan<char> norm, int from)
    {
        int p = from;
        while (p < norm.Length)
        {
            int k = norm[p..].IndexOfAny(NumeralUnits);
            if (k < 0) return -1;
            int u = p + k;
            int e = u > 0 && norm[u] == '楼' && norm[u - 1] == '号' ? u - 1 : u;
            int s = e;
            while (s > 0 && e - s < 3 && IsChineseNumeral(norm[s - 1])) s--;
            if (s < e && s >= from) return s;
            p = u + 1;
        }
        return -1;
    }

    private static bool CanStartChain(ReadOnlySpan<char> norm, Token first)
    {
        if (first.Start == 0) return first.Kind != Kind.Dashed;
        char before = norm[first.Start - 1];
        if (before == '第') return first.Kind == Kind.Group && first.Start >= 2 && norm[first.Start - 2] == '村';
        if (first.Kind == Kind.Dashed) return "区园苑院楼路街巷村号".Contains(before);
        return true;
    }

    private static bool IsDetailed(ReadOnlySpan<char> norm, List<Token> chain, int start, int end)
    {
        bool house = false, building = false, unit = false, floor = false, room = false, group = false;
        foreach (var t in chain)
        {
            switch (t.Kind)
            {
                case Kind.House: house = true; break;
                case Kind.Building: building = true; break;
                case Kind.Unit: unit = true; break;
                case Kind.Floor: floor = true; break;
                case Kind.Room: case Kind.Dashed: room = true; break;
                case Kind.Group: group = true; break;
            }
        }
        if (unit && chain.Count >= 2) return true;
        if (group)
        {
            int b = start > 0 && norm[start - 1] == '第' ? start - 1 : start;
            if ((b > 0 && norm[b - 1] == '村') || house) return true;
        }
        bool detailed = (room && (house || building || floor || chain[0].Kind == Kind.Dashed)) || (house && building);
        return detailed && !IsInstitutional(norm, start, end);
    }

    /// <summary>
    /// The address belongs to an institution: in the same sentence (at most 30 chars back, stopping at 。！？；) an
    /// institution word appears after any residence word, or the address is followed by "(…中心…)" or by 会议室/办公室/窗口….
    /// </summary>
    private static bool IsInstitutional(ReadOnlySpan<char> norm, int start, int end)
    {
        int ws = start;
        while (ws > 0 && start - ws < 30 && norm[ws - 1] is not ('。' or '！' or '？' or '；' or ';' or '!' or '?' or '\n')) ws--;
        var before = norm[ws..start];
        int lastInstitution = LastIndexOfAny(before, InstitutionWords);
        if (lastInstitution >= 0 && lastInstitution > LastIndexOfAny(before, ResidenceWords)) return true;

        var after = norm[end..];
        if (after.Length > 0 && after[0] == ' ') after = after[1..];
        foreach (var w in OfficeSuffixes)
        {
            if (after.StartsWith(w, StringComparison.Ordinal)) return true;
        }
        if (after.Length > 0 && after[0] == '(')
        {
            int close = after.IndexOf(')');
            var inside = after[1..(close < 0 ? Math.Min(after.Length, 21) : Math.Min(close, 21))];
            if (LastIndexOfAny(inside, InstitutionWords) >= 0) return true;
        }
        return false;
    }

    private static int LastIndexOfAny(ReadOnlySpan<char> text, string[] words)
    {
        int last = -1;
        foreach (var w in words) last = Math.Max(last, text.LastIndexOf(w, StringComparison.Ordinal));
        return last;
    }

    /// <summary>One "number + unit" part at <paramref name="at"/>; <paramref name="previous"/> is the kind of the part before (null: first part).</summary>
    private static bool TryToken(ReadOnlySpan<char> norm, int at, Kind? previous, out Token token)
    {
        token = default;
        int n = norm.Length;
        if (at >= n) return false;
        if (at > 0 && (char.IsAsciiLetterOrDigit(norm[at - 1]) || IsChineseNumeral(norm[at - 1]))) return false;
        char c = norm[at];
        int e = at;
        if (char.IsAsciiDigit(c))
        {
            while (e < n && char.IsAsciiDigit(norm[e])) e++;
            int len = e - at;
            if (e < n && norm[e] == '-' && TryDashed(norm, at, e, out token)) return true;
            var (kind, unitLength) = Unit(norm, e);
            if (unitLength == 0)
            {
                // "2单元501", "5楼502": the room number without 室.
                if (previous is Kind.Unit or Kind.Floor && len is >= 2 and <= 4 && (e >= n || !char.IsAsciiLetter(norm[e])))
                {
                    token = new Token(at, e, Kind.Room);
                    return true;
                }
                return false;
            }
            int max = kind switch { Kind.House => 5, Kind.Room => 5, Kind.Unit => 2, _ => 3 };
            if (len > max) return false;
            token = new Token(at, e + unitLength, kind);
            return true;
        }
        if (IsChineseNumeral(c))
        {
            while (e < n && e - at < 3 && IsChineseNumeral(norm[e])) e++;
            var (kind, unitLength) = Unit(norm, e);
            if (unitLength == 0 || kind is Kind.House or Kind.Room) return false; // 三号 is a date, not an address
            token = new Token(at, e + unitLength, kind);
            return true;
        }
        if (char.IsAsciiLetter(c) && at + 1 < n && norm[at + 1] is '座' or '栋' or '幢')
        {
            token = new Token(at, at + 2, Kind.Building);
            return true;
        }
        return false;
    }

    /// <summary>"3-2-501" (1–3, 1–2, 2–4 digits), optionally followed by 室.</summary>
    private static bool TryDashed(ReadOnlySpan<char> norm, int at, int firstEnd, out Token token)
    {
        token = default;
        int n = norm.Length;
        if (firstEnd - at > 3) return false;
        int p = firstEnd + 1, s2 = p;
        while (p < n && char.IsAsciiDigit(norm[p])) p++;
        if (p - s2 is < 1 or > 2 || p >= n || norm[p] != '-') return false;
        int s3 = ++p;
        while (p < n && char.IsAsciiDigit(norm[p])) p++;
        if (p - s3 is < 2 or > 4) return false;
        if (p < n && (norm[p] == '-' || char.IsAsciiLetter(norm[p]))) return false;
        if (p < n && norm[p] == '室') p++;
        token = new Token(at, p, Kind.Dashed);
        return true;
    }

    private static (Kind Kind, int Length) Unit(ReadOnlySpan<char> norm, int e)
    {
        if (e >= norm.Length) return default;
        var rest = norm[e..];
        if (rest.StartsWith("号楼", StringComparison.Ordinal)) return (Kind.Building, 2);
        if (rest.StartsWith("号院", StringComparison.Ordinal)) return (Kind.House, 2);
        if (rest.StartsWith("单元", StringComparison.Ordinal)) return (Kind.Unit, 2);
        switch (rest[0])
        {
            case '号':
                // 号码, 号线 (metro line), 号文 / 号令 (documents), 号召, 号称, 号位
                return rest.Length > 1 && "码线文令召称位".Contains(rest[1]) ? default : (Kind.House, 1);
            case '栋': case '幢': case '座': return (Kind.Building, 1);
            case '楼': case '层': return (Kind.Floor, 1);
            case '室': return (Kind.Room, 1);
            case '组': case '社': case '队': return (Kind.Group, 1);
            default: return default;
        }
    }
}
