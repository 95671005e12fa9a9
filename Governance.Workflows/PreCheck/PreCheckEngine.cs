using System.Buffers;
using System.Text.RegularExpressions;

namespace Governance.Workflows.PreCheck;

/// <summary>
/// 机器预审: pure, database-free checks of an article against a <see cref="PreCheckRuleSet"/> snapshot.
/// Thread-safe; one instance can be shared (register as a singleton).
/// </summary>
public sealed partial class PreCheckEngine
{
    private readonly TimeProvider _time;

    public PreCheckEngine(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Shared instance using the system clock.</summary>
    public static PreCheckEngine Default { get; } = new();

    internal const string MsgIdCard = "疑似公民身份证号码（第9条：不得公开个人隐私）";
    internal const string MsgIdCardSuspect = "疑似公民身份证号码（校验位不符，请核实），不得公开个人隐私（第9条）";
    internal const string MsgMobile = "手机号码属于个人隐私（第9条）";
    internal const string MsgBankCard = "疑似银行卡号，属于个人隐私（第9条）";
    internal const string MsgAddress = "疑似详细居住地址（门牌、楼栋、单元、室号或村组），属于个人隐私（第9条）";
    internal const string MsgLandline = "疑似固定电话号码：个人联系方式不得公开（第9条）；机关单位对外公布的办公、咨询电话可保留";
    internal const string MsgEmail = "个人电子邮箱属于个人联系方式，不得公开（第9条）";
    internal const string MsgSecret = "涉密标识：涉密信息不上网（第17条）";
    internal const string MsgLink = "外部链接不在政府网站白名单内，不得链接商业网站（第9条、第17条）";
    internal const string MsgInterpretation = "政策文件须同时发布解读材料（第11条）";
    internal const string MsgReprint = "转载稿源不在核准稿源单位名单内（第19条(二)）";
    internal const string MsgMap = "使用地图须注明审图号（第10条）";
    internal const string MsgInvisible = "含不可见字符（零宽字符、软连字符等），可能用于隐藏个人信息或敏感词，请删除（第9条、第17条）";
    internal const string MsgMapFormat = "审图号格式疑似有误，应如“GS(2024)1234号”或“陕S(2023)012号”（第10条）";

    /// <summary>Runs every rule. Never throws for any input content; null strings are treated as empty.</summary>
    public PreCheckResult Check(PreCheckInput input, PreCheckRuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rules);
        int year = _time.GetLocalNow().Year;
        var hits = new List<PreCheckHit>();

        string title = input.Title ?? string.Empty;
        ScanText(title, PreCheckFields.Title, rules, year, hits, anchors: null);

        var html = HtmlText.Convert(input.Body);
        string text = html.Text;
        var flaggedAnchors = new List<(int Start, int Length, string Host)>();

        // 第9条、第17条：链接 in attributes (href/src/...).
        foreach (var link in html.Links)
        {
            var host = LinkChecker.Disallowed(link.Url, rules);
            if (host is null) continue;
            hits.Add(new PreCheckHit(PreCheckRules.LinkNotAllowed, PreCheckSeverity.Block, PreCheckFields.Link,
                link.TextStart, link.TextLength, link.Url, MsgLink));
            if (link.TextLength > 0) flaggedAnchors.Add((link.TextStart, link.TextLength, host));
        }

        ScanText(text, PreCheckFields.Body, rules, year, hits, flaggedAnchors);
        CheckForm(input, rules, hits);

        hits.Sort(static (a, b) =>
        {
            int c = PreCheckFields.Order(a.Field).CompareTo(PreCheckFields.Order(b.Field));
            if (c != 0) return c;
            c = a.Start.CompareTo(b.Start);
            return c != 0 ? c : b.Length.CompareTo(a.Length);
        });
        return new PreCheckResult(title, text, hits);
    }

    private static void ScanText(string text, string field, PreCheckRuleSet rules, int year, List<PreCheckHit> hits,
        List<(int Start, int Length, string Host)>? anchors)
    {
        if (text.Length == 0) return;
        // The folded copy (normalized, invisible characters dropped) lives in a pooled buffer: no large-object-heap
        // allocation per check. Offsets found in it are mapped back to the original text through `map`.
        char[] buffer = ArrayPool<char>.Shared.Rent(text.Length);
        int[]? map = null;
        try
        {
            int n = TextNormalizer.Fold(text, buffer, out map);
            var folded = new FoldedText(text, buffer.AsSpan(0, n), map);
            if (map is not null) ReportInvisible(text, map, n, field, hits);
            ScanFolded(folded, field, rules, year, hits, anchors);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
            if (map is not null) ArrayPool<int>.Shared.Return(map);
        }
    }

    /// <summary>The text as scanned (normalized, without invisible characters) and the way back to the original.</summary>
    private readonly ref struct FoldedText(string original, ReadOnlySpan<char> norm, int[]? map)
    {
        public string Original { get; } = original;
        public ReadOnlySpan<char> Norm { get; } = norm;
        private readonly int[]? _map = map;

        /// <summary>[start, start + length) of the folded text → the same span of the original (hidden characters inside included).</summary>
        public (int Start, int Length) ToOriginal(int start, int length)
        {
            if (_map is null) return (start, length);
            int s = _map[start];
            return (s, _map[start + length - 1] + 1 - s);
        }
    }

    /// <summary>
    /// 第9条、第17条: invisible characters serve no purpose in a government article and can hide personal data or
    /// dictionary terms; each run of them is reported where it is (removing it is the suggestion).
    /// </summary>
    private static void ReportInvisible(string text, int[] map, int n, string field, List<PreCheckHit> hits)
    {
        int expected = 0; // next original offset if nothing had been dropped
        for (int k = 0; k <= n; k++)
        {
            int at = k < n ? map[k] : text.Length;
            if (at > expected)
            {
                hits.Add(new PreCheckHit(PreCheckRules.Invisible, PreCheckSeverity.Warn, field, expected, at - expected,
                    text.Substring(expected, at - expected), MsgInvisible, string.Empty));
            }
            expected = at + 1;
        }
    }

    private static void ScanFolded(FoldedText t, string field, PreCheckRuleSet rules, int year, List<PreCheckHit> hits,
        List<(int Start, int Length, string Host)>? anchors)
    {
        var norm = t.Norm;
        string text = t.Original;

        // 第9条：个人隐私（身份证号、手机号、银行卡号、详细居住地址、固定电话、个人邮箱）
        var pii = new List<PiiDetector.PiiSpan>();
        ContactDetector.ScanEmails(norm, pii); // first: "13812345678@qq.com" is one e-mail, not a mobile number
        var found = new List<PiiDetector.PiiSpan>();
        PiiDetector.Scan(norm, year, found);
        ContactDetector.ScanLandlines(norm, found);
        AddressDetector.Scan(norm, found);
        foreach (var f in found)
        {
            if (!pii.Exists(q => f.Start < q.Start + q.Length && q.Start < f.Start + f.Length)) pii.Add(f);
        }
        foreach (var p in pii)
        {
            var (severity, message) = p.Rule switch
            {
                PreCheckRules.IdCard => (PreCheckSeverity.Block, MsgIdCard),
                PreCheckRules.IdCardSuspect => (PreCheckSeverity.Warn, MsgIdCardSuspect),
                PreCheckRules.Mobile => (PreCheckSeverity.Block, MsgMobile),
                PreCheckRules.Address => (PreCheckSeverity.Block, MsgAddress),
                PreCheckRules.Landline => (PreCheckSeverity.Warn, MsgLandline),
                PreCheckRules.Email => (PreCheckSeverity.Block, MsgEmail),
                _ => (PreCheckSeverity.Block, MsgBankCard),
            };
            var (start, length) = t.ToOriginal(p.Start, p.Length);
            hits.Add(new PreCheckHit(p.Rule, severity, field, start, length, text.Substring(start, length), message,
                PiiDetector.Suggest(text, start, start + length, p)));
        }

        // 第17条：涉密信息不上网（密级标志、“内部资料 注意保存”）
        foreach (var m in SecretMarkRegex().EnumerateMatches(norm))
        {
            var (start, length) = t.ToOriginal(m.Index, m.Length);
            hits.Add(new PreCheckHit(PreCheckRules.SecretMark, PreCheckSeverity.Block, field, start, length,
                text.Substring(start, length), MsgSecret));
        }

        // 敏感词 / 错误表述: one pass of the automaton.
        ScanDictionary(t, rules, field, hits);

        // 第9条、第17条：正文中的网址
        var urls = new List<(int Start, int Length)>();
        LinkChecker.FindBareUrls(norm, urls);
        foreach (var (foldedStart, foldedLength) in urls)
        {
            var (start, length) = t.ToOriginal(foldedStart, foldedLength);
            string url = text.Substring(start, length);
            var host = LinkChecker.Disallowed(url, rules);
            if (host is null) continue;
            if (anchors is not null && anchors.Exists(a => start >= a.Start && start + length <= a.Start + a.Length && a.Host == host))
            {
                continue; // same link already reported via its href
            }
            hits.Add(new PreCheckHit(PreCheckRules.LinkNotAllowed, PreCheckSeverity.Block, field, start, length, url, MsgLink));
        }
    }

    /// <summary>
    /// Dictionary matches: all occurrences are found in one automaton pass, then resolved: at each start the longest
    /// term wins and a term lying inside an already reported (longer) term is dropped; partial overlaps are both kept.
    /// An Incorrect term is not reported where the text at that place already reads its correction
    /// (e.g. a wrong form that is a substring of its own correct form), and no term where the text reads one of its
    /// 例外语境 (台独 in 平台独立) — both checked only for the occurrences found, before the longest-match resolution.
    /// </summary>
    private static void ScanDictionary(FoldedText t, PreCheckRuleSet rules, string field, List<PreCheckHit> hits)
    {
        var norm = t.Norm;
        string text = t.Original;
        var ac = rules.Automaton;
        if (ac.PatternCount == 0) return;
        var matches = new List<AhoCorasickMatch>();
        ac.FindAll(norm, matches);
        if (matches.Count == 0) return;
        var corrections = rules.NormalizedCorrections;
        var exceptions = rules.Exceptions;
        for (int k = matches.Count - 1; k >= 0; k--)
        {
            var m = matches[k];
            var term = rules.Terms[m.Pattern];
            if (term.Kind == TermKind.Incorrect && corrections[m.Pattern] is { } corr && TextReadsCorrection(norm, m, corr, rules.Patterns[m.Pattern]))
                matches.RemoveAt(k);
            else if (exceptions[m.Pattern] is { } contexts && InExceptionContext(norm, m.Start, contexts))
                matches.RemoveAt(k);
        }
        matches.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        int coveredEnd = -1;
        foreach (var m in matches)
        {
            int end = m.Start + m.Length;
            if (end <= coveredEnd) continue; // inside an already reported term
            coveredEnd = end;
            var term = rules.Terms[m.Pattern];
            var (start, length) = t.ToOriginal(m.Start, m.Length);
            string match = text.Substring(start, length);
            if (term.Kind == TermKind.Sensitive)
            {
                string msg = $"含敏感词「{term.Term}」，不得发布";
                hits.Add(new PreCheckHit(PreCheckRules.WordSensitive, PreCheckSeverity.Block, field, start, length, match, msg,
                    new string('*', m.Length)));
            }
            else
            {
                string msg = term.Correction is null ? $"表述错误：「{term.Term}」" : $"表述错误，应为「{term.Correction}」";
                if (!string.IsNullOrWhiteSpace(term.Note)) msg += $"（{term.Note}）";
                hits.Add(new PreCheckHit(PreCheckRules.WordIncorrect, PreCheckSeverity.Warn, field, start, length, match, msg,
                    term.Correction));
            }
        }
    }

    /// <summary>
    /// 例外语境: the occurrence at <paramref name="start"/> lies inside an occurrence of one of the term's contexts (the
    /// context aligned at each place where it contains the term). Only called for found terms: no extra pass over the text.
    /// </summary>
    private static bool InExceptionContext(ReadOnlySpan<char> norm, int start, PreCheckRuleSet.TermException[] contexts)
    {
        foreach (var e in contexts)
        {
            foreach (int k in e.TermOffsets)
            {
                int s = start - k;
                if (s >= 0 && s + e.Context.Length <= norm.Length && norm.Slice(s, e.Context.Length).SequenceEqual(e.Context)) return true;
            }
        }
        return false;
    }

    private static bool TextReadsCorrection(ReadOnlySpan<char> norm, AhoCorasickMatch m, string correction, string pattern)
    {
        for (int k = correction.IndexOf(pattern, StringComparison.Ordinal); k >= 0; k = correction.IndexOf(pattern, k + 1, StringComparison.Ordinal))
        {
            int s = m.Start - k;
            if (s >= 0 && s + correction.Length <= norm.Length && norm.Slice(s, correction.Length).SequenceEqual(correction))
            {
                return true;
            }
        }
        return false;
    }

    private static void CheckForm(PreCheckInput input, PreCheckRuleSet rules, List<PreCheckHit> hits)
    {
        // 第11条：政策文件与解读材料同步发布
        if (string.Equals(input.Category?.Trim(), "政策文件", StringComparison.Ordinal) && !input.HasInterpretation)
        {
            hits.Add(FormHit(PreCheckRules.InterpretationMissing, PreCheckSeverity.Block, MsgInterpretation));
        }

        // 第19条(二)：转载须来自核准稿源单位
        if (string.Equals(input.Origin?.Trim(), "转载", StringComparison.Ordinal) && !rules.IsApprovedSource(input.SourceOrg))
        {
            string msg = string.IsNullOrWhiteSpace(input.SourceOrg) ? MsgReprint + "：未填写稿源单位" : MsgReprint;
            hits.Add(FormHit(PreCheckRules.ReprintSourceNotApproved, PreCheckSeverity.Block, msg, input.SourceOrg?.Trim() ?? string.Empty));
        }

        // 第10条：使用地图须送审并标注审图号
        if (input.HasMap)
        {
            if (string.IsNullOrWhiteSpace(input.MapApprovalNo))
            {
                hits.Add(FormHit(PreCheckRules.MapApprovalMissing, PreCheckSeverity.Block, MsgMap));
            }
            else if (!MapApprovalNoRegex().IsMatch(TextNormalizer.Normalize(input.MapApprovalNo.Trim())))
            {
                hits.Add(FormHit(PreCheckRules.MapApprovalFormat, PreCheckSeverity.Warn, MsgMapFormat, input.MapApprovalNo.Trim()));
            }
        }
    }

    private static PreCheckHit FormHit(string rule, string severity, string message, string match = "") =>
        new(rule, severity, PreCheckFields.Form, 0, 0, match, message);

    /// <summary>True when <paramref name="approvalNo"/> looks like a 审图号 ("GS(2024)1234号", "GS京(2022)1061号", "陕S(2023)012号").</summary>
    public static bool IsMapApprovalNoWellFormed(string? approvalNo) =>
        !string.IsNullOrWhiteSpace(approvalNo) && MapApprovalNoRegex().IsMatch(TextNormalizer.Normalize(approvalNo.Trim()));

    // Matched on the normalized copy: full-width '（）＊' are ASCII and letters lower case there.
    [GeneratedRegex(@"(?:绝密|机密|秘密)[ \t]*[★☆][ \t]*(?:\d{1,3}[ \t]*(?:年|个月|月|天|日)|长期)?"
        + @"|(?:绝密|机密|秘密)[ \t]*\*[ \t]*(?:\d{1,3}[ \t]*(?:年|个月|月|天|日)|长期)"
        + @"|[★☆][ \t]*(?:绝密|机密|秘密)(?:[ \t]*[★☆*]?[ \t]*(?:\d{1,3}[ \t]*(?:年|个月|月|天|日)|长期))?"
        + @"|内部(?:资料|文件|刊物)[ \t,、:;.。·\-—_()（）]{0,4}注意(?:保存|保管|保密)",
        RegexOptions.CultureInvariant)]
    private static partial Regex SecretMarkRegex();

    [GeneratedRegex(@"^(?:审图号[:]?[ ]*)?(?:gs[\u4e00-\u9fff]?|[\u4e00-\u9fff]s)[ ]*\([ ]*(?:19|20)\d{2}[ ]*\)[ ]*\d{1,6}[ ]*号?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex MapApprovalNoRegex();
}
