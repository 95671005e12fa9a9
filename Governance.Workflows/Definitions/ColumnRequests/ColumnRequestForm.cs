using Governance.Workflows.Text;
using Governance.Data.Entities;

namespace Governance.Workflows.Definitions.ColumnRequests;

/// <summary>The request form as the UI and the API submit it.</summary>
public sealed class ColumnRequestForm
{
    public string ColumnName { get; set; } = "";
    public string Purpose { get; set; } = "";
    public DateTime? StartDate { get; set; }
    public DateTime? EndDate { get; set; }
    public string ResponsiblePerson { get; set; } = "";
    public string StaffA { get; set; } = "";
    public string StaffB { get; set; } = "";
    public string UpdateCadence { get; set; } = "";
    public string ContentSources { get; set; } = "";
    public string? SubColumns { get; set; }
    public string? ContactPhone { get; set; }

    public static ColumnRequestForm From(ColumnRequest r) => new()
    {
        ColumnName = r.ColumnName, Purpose = r.Purpose, StartDate = r.StartDate.ToDateTime(TimeOnly.MinValue),
        EndDate = r.EndDate.ToDateTime(TimeOnly.MinValue), ResponsiblePerson = r.ResponsiblePerson, StaffA = r.StaffA, StaffB = r.StaffB,
        UpdateCadence = r.UpdateCadence, ContentSources = r.ContentSources, SubColumns = r.SubColumns, ContactPhone = r.ContactPhone,
    };

    /// <summary>Copies the form into the row; every text field goes through <see cref="PlainText"/> (no bidi overrides, no invisible characters).</summary>
    public void ApplyTo(ColumnRequest r)
    {
        r.ColumnName = PlainText.CleanLine(ColumnName);
        r.Purpose = PlainText.Clean(Purpose);
        r.StartDate = DateOnly.FromDateTime(StartDate!.Value);
        r.EndDate = DateOnly.FromDateTime(EndDate!.Value);
        r.ResponsiblePerson = PlainText.CleanLine(ResponsiblePerson);
        r.StaffA = PlainText.CleanLine(StaffA);
        r.StaffB = PlainText.CleanLine(StaffB);
        r.UpdateCadence = PlainText.CleanLine(UpdateCadence);
        r.ContentSources = PlainText.Clean(ContentSources);
        r.SubColumns = PlainText.CleanOrNull(SubColumns);
        r.ContactPhone = PlainText.CleanOrNull(ContactPhone);
    }
}

/// <summary>The form's rules, the same on the server (create, edit, submit) and in the UI's validation messages.</summary>
public static class ColumnRequestValidator
{
    public static readonly string[] Cadences = ["每日", "每周", "每两周", "每月", "每季度"];

    public static Dictionary<string, string> Validate(ColumnRequestForm f)
    {
        var e = new Dictionary<string, string>();
        void Required(string key, string? value, string label, int max)
        {
            value = PlainText.Clean(value);
            if (string.IsNullOrWhiteSpace(value)) e[key] = $"请填写{label}";
            else if (value.Length > max) e[key] = $"{label}不能超过 {max} 字";
        }
        Required(nameof(f.ColumnName), f.ColumnName, "专栏名称", 100);
        Required(nameof(f.Purpose), f.Purpose, "开设事由（活动或专项工作）", 2000);
        Required(nameof(f.ResponsiblePerson), f.ResponsiblePerson, "栏目负责人", 50);
        // 第19条(二): AB岗 — two different people.
        Required(nameof(f.StaffA), f.StaffA, "A岗人员", 50);
        Required(nameof(f.StaffB), f.StaffB, "B岗人员", 50);
        Required(nameof(f.UpdateCadence), f.UpdateCadence, "更新频率承诺", 50);
        Required(nameof(f.ContentSources), f.ContentSources, "内容来源", 500);
        if (PlainText.Clean(f.SubColumns) is { Length: > 500 }) e[nameof(f.SubColumns)] = "子栏目设置不能超过 500 字";
        if (!e.ContainsKey(nameof(f.StaffB)) && !e.ContainsKey(nameof(f.StaffA))
            && string.Equals(PlainText.CleanLine(f.StaffA), PlainText.CleanLine(f.StaffB), StringComparison.Ordinal))
            e[nameof(f.StaffB)] = "A岗与B岗不能是同一人（第19条(二) AB岗）";
        if (f.StartDate is null) e[nameof(f.StartDate)] = "请选择开始日期";
        if (f.EndDate is null) e[nameof(f.EndDate)] = "请选择结束日期";
        if (f.StartDate is { } s && f.EndDate is { } end && end.Date <= s.Date) e[nameof(f.EndDate)] = "结束日期须晚于开始日期";
        if (PlainText.CleanOrNull(f.ContactPhone) is { } phone && !System.Text.RegularExpressions.Regex.IsMatch(phone, @"^[0-9\-+ ]{5,20}$"))
            e[nameof(f.ContactPhone)] = "联系电话格式不正确";
        return e;
    }

    public static bool IsHttpUrl(string? url) =>
        url is { Length: <= 500 } && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(u.Host);
}
