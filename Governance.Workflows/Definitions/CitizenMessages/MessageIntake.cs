using System.Globalization;
using System.Net.Mail;
using Governance.Workflows.Text;

namespace Governance.Workflows.Definitions.CitizenMessages;

/// <summary>One message as the public site, the 12345 platform, an import row or a Monitor's form gives it.</summary>
public sealed class MessageIntake
{
    public string? SourceRef { get; set; }
    public string? Title { get; set; }
    public string? Content { get; set; }
    public string? Category { get; set; }
    public string? CitizenName { get; set; }
    public string? CitizenPhone { get; set; }
    public string? CitizenEmail { get; set; }
    /// <summary>ISO 8601 with an offset (API, import); null means now.</summary>
    public string? ReceivedAt { get; set; }
}

/// <summary>The intake rules, the same for the API, the import and manual entry: a Chinese message per field.</summary>
public static class MessageValidator
{
    public static readonly string[] Categories = ["咨询", "建议", "投诉", "求助", "其他"];

    public sealed record Valid(string SourceRef, string Title, string Content, string Category, string CitizenName, string? CitizenPhone,
        string? CitizenEmail, DateTime? ReceivedAtUtc);

    /// <summary>Checks and cleans; returns the clean message or the errors by field (camelCase names, as the API has them).</summary>
    public static (Valid? Message, Dictionary<string, string> Errors) Validate(MessageIntake m, DateTime nowUtc)
    {
        var e = new Dictionary<string, string>();
        string Required(string key, string? value, string label, int max)
        {
            var v = PlainText.Clean(value);
            if (v.Length == 0) e[key] = $"请填写{label}";
            else if (v.Length > max) e[key] = $"{label}不能超过 {max} 字";
            return v;
        }
        var sourceRef = PlainText.CleanLine(m.SourceRef);
        if (sourceRef.Length == 0) e["sourceRef"] = "请填写来源编号 sourceRef";
        else if (sourceRef.Length > 100) e["sourceRef"] = "来源编号 sourceRef 不能超过 100 字";
        var title = Required("title", m.Title is null ? null : PlainText.CleanLine(m.Title), "留言标题", 200);
        var content = Required("content", m.Content, "留言内容", 10000);
        var name = Required("citizenName", m.CitizenName is null ? null : PlainText.CleanLine(m.CitizenName), "留言人姓名", 50);
        var category = PlainText.CleanLine(m.Category);
        if (category.Length == 0) category = "其他";
        else if (!Categories.Contains(category)) e["category"] = "留言类别须为：" + string.Join(" / ", Categories);
        var phone = PlainText.CleanLine(m.CitizenPhone);
        if (phone.Length > 0 && !System.Text.RegularExpressions.Regex.IsMatch(phone, @"^[0-9+\- ]{5,20}$")) e["citizenPhone"] = "联系电话格式不正确";
        var email = PlainText.CleanLine(m.CitizenEmail);
        if (email.Length > 0 && (email.Length > 100 || !MailAddress.TryCreate(email, out _))) e["citizenEmail"] = "电子邮箱格式不正确";
        DateTime? received = null;
        if (!string.IsNullOrWhiteSpace(m.ReceivedAt))
        {
            if (!DateTimeOffset.TryParseExact(m.ReceivedAt.Trim(), ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mmzzz"],
                    CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
                e["receivedAt"] = "收到时间须为带时区的 ISO 8601 时间，例如 2026-03-02T09:30:00+08:00";
            else if (at.UtcDateTime > nowUtc.AddMinutes(5)) e["receivedAt"] = "收到时间不能晚于当前时间";
            else if (at.Year < 2000) e["receivedAt"] = "收到时间须在 2000 年以后";
            else received = at.UtcDateTime;
        }
        return e.Count > 0 ? (null, e)
            : (new Valid(sourceRef, title, content, category, name, phone.Length > 0 ? phone : null, email.Length > 0 ? email : null, received), e);
    }
}
