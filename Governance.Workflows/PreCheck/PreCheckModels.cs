namespace Governance.Workflows.PreCheck;

/// <summary>
/// What the pre-check (机器预审) looks at: the article as submitted in the editor form.
/// </summary>
/// <param name="Title">Article title, treated as plain text (not HTML-decoded).</param>
/// <param name="Body">Article body, HTML or plain text.</param>
/// <param name="Category">Column/category, e.g. "政策文件".</param>
/// <param name="Origin">"原创" or "转载".</param>
/// <param name="SourceOrg">稿源单位 for reprints.</param>
/// <param name="HasMap">The article contains a map (第10条).</param>
/// <param name="MapApprovalNo">审图号, e.g. "GS(2024)1234号".</param>
/// <param name="HasInterpretation">A 解读 is attached/linked (第11条).</param>
public sealed record PreCheckInput(
    string? Title,
    string? Body,
    string? Category = null,
    string? Origin = null,
    string? SourceOrg = null,
    bool HasMap = false,
    string? MapApprovalNo = null,
    bool HasInterpretation = false);

/// <summary>Kind of a dictionary entry.</summary>
public enum TermKind
{
    /// <summary>敏感词: blocks publication.</summary>
    Sensitive = 0,
    /// <summary>错误表述: warns and suggests <see cref="DictionaryTerm.Correction"/>.</summary>
    Incorrect = 1,
}

/// <summary>One entry of the Admin-managed dictionary (敏感词 / 错误表述).</summary>
/// <param name="ExceptionContexts">
/// 例外语境: contexts in which the term is not a hit, one per line (see <see cref="DictionaryExceptionContexts"/>), each
/// containing the term — e.g. 台独 with 平台独立. Null when there are none.
/// </param>
public sealed record DictionaryTerm(string Term, TermKind Kind, string? Correction = null, string? Note = null,
    string? ExceptionContexts = null);

/// <summary>Rule ids reported in <see cref="PreCheckHit.Rule"/>.</summary>
public static class PreCheckRules
{
    public const string IdCard = "pii.id_card";
    public const string IdCardSuspect = "pii.id_card_suspect";
    public const string Mobile = "pii.mobile";
    public const string BankCard = "pii.bank_card";
    /// <summary>详细居住地址 (第9条): the house/building/unit/room or village-group part of an address; block (overridable).</summary>
    public const string Address = "pii.address";
    /// <summary>固定电话 (第9条 联系方式): warn — government offices publish their own phone numbers.</summary>
    public const string Landline = "pii.landline";
    /// <summary>个人电子邮箱 (第9条 联系方式) at a public mail provider (qq.com, 163.com, gmail.com …); block (overridable).</summary>
    public const string Email = "pii.email";
    public const string SecretMark = "secret.mark";
    public const string WordSensitive = "word.sensitive";
    public const string WordIncorrect = "word.incorrect";
    public const string LinkNotAllowed = "link.not_allowed";
    public const string InterpretationMissing = "policy.interpretation_missing";
    public const string ReprintSourceNotApproved = "reprint.source_not_approved";
    public const string MapApprovalMissing = "map.approval_missing";
    public const string MapApprovalFormat = "map.approval_format";
    /// <summary>Invisible (format) characters in the text: warn, the suggestion removes them.</summary>
    public const string Invisible = "text.invisible";
}

/// <summary>Values of <see cref="PreCheckHit.Severity"/>.</summary>
public static class PreCheckSeverity
{
    /// <summary>Blocks submission until fixed.</summary>
    public const string Block = "block";
    /// <summary>Shown to the editor, does not block.</summary>
    public const string Warn = "warn";
}

/// <summary>Values of <see cref="PreCheckHit.Field"/>; hits are sorted in this order.</summary>
public static class PreCheckFields
{
    /// <summary>Offsets are into <see cref="PreCheckInput.Title"/> (== <see cref="PreCheckResult.Title"/>).</summary>
    public const string Title = "title";
    /// <summary>Offsets are into <see cref="PreCheckResult.Text"/>.</summary>
    public const string Body = "body";
    /// <summary>
    /// A URL in an HTML attribute (href/src/...). <see cref="PreCheckHit.Match"/> is the URL (not a substring of Text);
    /// Start/Length point at the anchor text of the &lt;a&gt; in <see cref="PreCheckResult.Text"/>, or, for elements without
    /// text (img, iframe, empty &lt;a&gt;), at the position in Text where the element was, with Length 0.
    /// </summary>
    public const string Link = "link";
    /// <summary>Form-level rule (category, origin, map). Start = 0, Length = 0, Match = "".</summary>
    public const string Form = "form";

    internal static int Order(string field) => field switch
    {
        Title => 0,
        Body => 1,
        Link => 2,
        _ => 3,
    };
}

/// <summary>One finding of the pre-check.</summary>
/// <param name="Rule">Rule id, see <see cref="PreCheckRules"/>.</param>
/// <param name="Severity">"block" or "warn".</param>
/// <param name="Field">"title", "body", "link" or "form", see <see cref="PreCheckFields"/>.</param>
/// <param name="Start">UTF-16 offset (into Title for "title", into Text for "body"/"link").</param>
/// <param name="Length">UTF-16 length.</param>
/// <param name="Match">The matched text (for "link": the URL).</param>
/// <param name="Message">Chinese message with the article of the regulation.</param>
/// <param name="Suggestion">Masked form / correct expression that can replace <paramref name="Match"/>, or null.</param>
public sealed record PreCheckHit(
    string Rule,
    string Severity,
    string Field,
    int Start,
    int Length,
    string Match,
    string Message,
    string? Suggestion = null)
{
    public bool IsBlocking => Severity == PreCheckSeverity.Block;
}

/// <summary>Outcome of <see cref="PreCheckEngine.Check"/>.</summary>
public sealed class PreCheckResult
{
    public PreCheckResult(string title, string text, IReadOnlyList<PreCheckHit> hits)
    {
        Title = title;
        Text = text;
        Hits = hits;
        foreach (var h in hits)
        {
            if (h.IsBlocking) { Blocking = true; break; }
        }
    }

    /// <summary>True when any hit has severity "block".</summary>
    public bool Blocking { get; }

    /// <summary>The title as scanned (input title, null → "").</summary>
    public string Title { get; }

    /// <summary>Plain text of the body: tags removed, entities decoded, block tags → "\n". Body hit offsets refer to it.</summary>
    public string Text { get; }

    /// <summary>Hits sorted by field (title, body, link, form) then start.</summary>
    public IReadOnlyList<PreCheckHit> Hits { get; }
}
