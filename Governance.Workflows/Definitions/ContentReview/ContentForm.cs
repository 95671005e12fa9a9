using Ganss.Xss;
using Governance.Data.Entities;

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
        c.Title = Title.Trim();
        c.BodyHtml = ContentHtml.Sanitize(BodyHtml);
        c.Category = Category;
        c.Origin = Origin;
        c.SourceOrg = Origin == "转载" ? SourceOrg?.Trim() : null;
        c.HasMap = HasMap;
        c.MapApprovalNo = HasMap ? MapApprovalNo?.Trim() : null;
        c.InterpretationRef = string.IsNullOrWhiteSpace(InterpretationRef) ? null : InterpretationRef.Trim();
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
        if (string.IsNullOrWhiteSpace(f.Title)) e[nameof(f.Title)] = "请填写标题";
        else if (f.Title.Trim().Length > 200) e[nameof(f.Title)] = "标题不能超过 200 字";
        if (f.BodyHtml is { Length: > MaxBodyChars }) e[nameof(f.BodyHtml)] = "正文过长（上限 20 万字符）";
        else if (ContentHtml.PlainLength(f.BodyHtml) == 0) e[nameof(f.BodyHtml)] = "请填写正文";
        if (!Categories.Contains(f.Category)) e[nameof(f.Category)] = "请选择信息类别";
        if (!Origins.Contains(f.Origin)) e[nameof(f.Origin)] = "请选择来源（原创或转载）";
        if (f.Origin == "转载" && string.IsNullOrWhiteSpace(f.SourceOrg)) e[nameof(f.SourceOrg)] = "转载须注明稿源单位";
        if (f.SourceOrg is { Length: > 100 }) e[nameof(f.SourceOrg)] = "稿源单位不能超过 100 字";
        if (f.MapApprovalNo is { Length: > 60 }) e[nameof(f.MapApprovalNo)] = "审图号不能超过 60 字";
        if (f.InterpretationRef is { Length: > 500 }) e[nameof(f.InterpretationRef)] = "解读材料不能超过 500 字";
        return e;
    }
}

/// <summary>User HTML is sanitized before storage and display (scripts, event handlers, javascript: URLs removed).</summary>
public static class ContentHtml
{
    private static readonly HtmlSanitizer Sanitizer = new();

    public static string Sanitize(string? html) => string.IsNullOrEmpty(html) ? "" : Sanitizer.Sanitize(html);

    public static int PlainLength(string? html) =>
        string.IsNullOrEmpty(html) ? 0 : PreCheck.HtmlText.Convert(html).Text.Trim().Length;
}
