using Ganss.Xss;
using Governance.Data.Entities;
using Governance.Workflows.Text;

namespace Governance.Workflows.Definitions.ContentReview;

/// <summary>The W2 item form as the editing screen and the API submit it.</summary>
public sealed class ContentForm
{
    public int? ColumnId { get; set; }
    public string Title { get; set; } = "";
    public string BodyHtml { get; set; } = "";
    public string Category { get; set; } = "动态要闻";
    public string Origin { get; set; } = "原创";
    public string? SourceOrg { get; set; }
    public bool HasMap { get; set; }
    public string? MapApprovalNo { get; set; }
    public string? InterpretationRef { get; set; }
    public IReadOnlyCollection<int> ConcernedUnitIds { get; set; } = [];

    public static ContentForm From(ContentItem c, IEnumerable<int> concerned) => new()
    {
        ColumnId = c.ColumnId, Title = c.Title, BodyHtml = c.BodyHtml, Category = c.Category, Origin = c.Origin, SourceOrg = c.SourceOrg,
        HasMap = c.HasMap, MapApprovalNo = c.MapApprovalNo, InterpretationRef = c.InterpretationRef, ConcernedUnitIds = concerned.ToList(),
    };

    /// <summary>Copies the form into the row; the body is sanitized on the way in (stored HTML is always clean).</summary>
    public void ApplyTo(ContentItem c)
    {
        c.ColumnId = ColumnId!.Value;
        c.Title = PlainText.CleanLine(Title);
        c.BodyHtml = ContentHtml.Sanitize(BodyHtml);
        c.Category = Category;
        c.Origin = Origin;
        c.SourceOrg = Origin == "转载" ? PlainText.CleanOrNull(SourceOrg) : null;
        c.HasMap = HasMap;
        c.MapApprovalNo = HasMap ? PlainText.CleanOrNull(MapApprovalNo) : null;
        c.InterpretationRef = PlainText.CleanOrNull(InterpretationRef);
    }
}

public static class ContentValidator
{
    public static readonly string[] Categories = ["动态要闻", "通知公告", "政策文件", "解读回应", "人事信息", "规划计划", "其他"];
    public static readonly string[] Origins = ["原创", "转载"];
    public const int MaxBodyChars = 200_000;

    public static Dictionary<string, string> Validate(ContentForm f)
    {
        var e = new Dictionary<string, string>();
        if (f.ColumnId is null) e[nameof(f.ColumnId)] = "请选择发布栏目";
        var title = PlainText.CleanLine(f.Title);
        if (title.Length == 0) e[nameof(f.Title)] = "请填写标题";
        else if (title.Length > 200) e[nameof(f.Title)] = "标题不能超过 200 字";
        if (f.BodyHtml is { Length: > MaxBodyChars }) e[nameof(f.BodyHtml)] = "正文过长（上限 20 万字符）";
        else if (ContentHtml.PlainLength(f.BodyHtml) == 0) e[nameof(f.BodyHtml)] = "请填写正文";
        if (!Categories.Contains(f.Category)) e[nameof(f.Category)] = "请选择信息类别";
        if (!Origins.Contains(f.Origin)) e[nameof(f.Origin)] = "请选择来源（原创或转载）";
        if (f.Origin == "转载" && PlainText.CleanOrNull(f.SourceOrg) is null) e[nameof(f.SourceOrg)] = "转载须注明稿源单位";
        if (f.SourceOrg is { Length: > 100 }) e[nameof(f.SourceOrg)] = "稿源单位不能超过 100 字";
        if (f.MapApprovalNo is { Length: > 60 }) e[nameof(f.MapApprovalNo)] = "审图号不能超过 60 字";
        if (f.InterpretationRef is { Length: > 500 }) e[nameof(f.InterpretationRef)] = "解读材料不能超过 500 字";
        return e;
    }
}

/// <summary>
/// User HTML is sanitized before storage and display (SPEC Security). Explicit allow-lists: only what a government article
/// needs (paragraphs, headings, lists, tables, links, images, emphasis, alignment, colour, size). Forms, inputs, buttons,
/// frames, embedded objects, scripts, style sheets, ids/names (DOM clobbering), positioning, z-index, transforms, margins
/// and anything else not listed are removed, so published content cannot take over the portal's page (第9条, 第17条
/// 不得发布危害网站安全的信息).
/// </summary>
public static class ContentHtml
{
    public static readonly IReadOnlySet<string> AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "p", "br", "div", "span", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "hr",
        "strong", "b", "em", "i", "u", "s", "strike", "sub", "sup", "small", "mark",
        "ul", "ol", "li", "dl", "dt", "dd",
        "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
        "a", "img", "figure", "figcaption",
    };

    public static readonly IReadOnlySet<string> AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "href", "target", "title", "src", "alt", "width", "height", "colspan", "rowspan", "scope", "span", "start", "type",
        "class", "style", "align", "valign", "lang",
    };

    /// <summary>Alignment, colour, size, emphasis, indentation — no layout that can move content over the page.</summary>
    public static readonly IReadOnlySet<string> AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "text-align", "text-indent", "line-height", "vertical-align", "color", "background-color",
        "font-size", "font-weight", "font-style", "font-family", "text-decoration", "text-decoration-line", "letter-spacing",
    };

    /// <summary>The classes the bundled Quill editor writes for alignment, indentation, size and font.</summary>
    public static readonly IReadOnlySet<string> AllowedClasses = new HashSet<string>(
        new[] { "ql-align-center", "ql-align-right", "ql-align-justify", "ql-size-small", "ql-size-large", "ql-size-huge",
                "ql-font-serif", "ql-font-monospace" }
            .Concat(Enumerable.Range(1, 8).Select(i => $"ql-indent-{i}")), StringComparer.Ordinal);

    private static readonly HtmlSanitizer Sanitizer = Create();

    private static HtmlSanitizer Create()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(AllowedTags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(AllowedAttributes, StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(AllowedCssProperties, StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src"], StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedClasses = new HashSet<string>(AllowedClasses, StringComparer.Ordinal), // never empty: empty means "any class"
            AllowCssCustomProperties = false,
            AllowDataAttributes = false,
        };
        var sanitizer = new HtmlSanitizer(options);
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not AngleSharp.Dom.IElement el) return;
            if (el.HasAttribute("target"))
            {
                // A new window must not get a handle on the portal (reverse tabnabbing).
                if (!string.Equals(el.LocalName, "a", StringComparison.Ordinal)) el.RemoveAttribute("target");
                else
                {
                    el.SetAttribute("target", "_blank");
                    el.SetAttribute("rel", "noopener noreferrer");
                }
            }
            if (el.GetAttribute("class") is { } cls && string.IsNullOrWhiteSpace(cls)) el.RemoveAttribute("class");
            if (el.GetAttribute("style") is { } style && string.IsNullOrWhiteSpace(style)) el.RemoveAttribute("style");
        };
        return sanitizer;
    }

    public static string Sanitize(string? html) => string.IsNullOrEmpty(html) ? "" : Sanitizer.Sanitize(html);

    public static int PlainLength(string? html) =>
        string.IsNullOrEmpty(html) ? 0 : PreCheck.HtmlText.Convert(html).Text.Trim().Length;
}
