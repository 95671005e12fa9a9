using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.Text;

namespace Governance.Workflows.Registers;

/// <summary>A column as the register's dialogs and the import submit it (the parent is changed by 移动, not here).</summary>
public sealed class ColumnForm
{
    public string? Name { get; set; }
    /// <summary>The parent on create (ignored on edit: 移动 changes it).</summary>
    public int? ParentId { get; set; }
    public int? UnitId { get; set; }
    public string? Category { get; set; }
    public string? Url { get; set; }
    public string? ResponsiblePerson { get; set; }
    public string? StaffA { get; set; }
    public string? StaffB { get; set; }
    public string? StaffAUserId { get; set; }
    public string? StaffBUserId { get; set; }
    public int? CommittedCadenceDays { get; set; }
    public int SortOrder { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }

    /// <summary>Every text through <see cref="PlainText"/>: no bidi overrides, no invisible characters, trimmed.</summary>
    public ColumnForm Cleaned() => new()
    {
        Name = PlainText.CleanLine(Name), ParentId = ParentId, UnitId = UnitId, Category = PlainText.CleanLine(Category),
        Url = PlainText.CleanOrNull(PlainText.CleanLine(Url)), ResponsiblePerson = PlainText.CleanOrNull(PlainText.CleanLine(ResponsiblePerson)),
        StaffA = PlainText.CleanOrNull(PlainText.CleanLine(StaffA)), StaffB = PlainText.CleanOrNull(PlainText.CleanLine(StaffB)),
        StaffAUserId = PlainText.CleanOrNull(StaffAUserId), StaffBUserId = PlainText.CleanOrNull(StaffBUserId),
        CommittedCadenceDays = CommittedCadenceDays, SortOrder = SortOrder, StartDate = StartDate, EndDate = EndDate,
    };
}

/// <summary>栏目负责人 and A岗/B岗 (第19条(一)(二)): what the unit itself keeps up to date.</summary>
public sealed class ColumnPeopleForm
{
    public string? ResponsiblePerson { get; set; }
    public string? StaffA { get; set; }
    public string? StaffB { get; set; }
    public string? StaffAUserId { get; set; }
    public string? StaffBUserId { get; set; }
}

/// <summary>登记更新: the date of the new item (China date) and its address.</summary>
public sealed class ColumnUpdateForm
{
    public DateOnly? Date { get; set; }
    public string? Url { get; set; }
    public string? Title { get; set; }
}

/// <summary>The register's field rules, the same for the dialogs and the import; messages in Chinese, keyed by field.</summary>
public static class ColumnValidator
{
    public const int MaxPathLength = 400;
    public const char PathSeparator = '/';

    /// <summary>Checks a cleaned form's own fields (the database checks — unit, parent, duplicates — are the service's).</summary>
    public static Dictionary<string, string> Validate(ColumnForm f)
    {
        var e = new Dictionary<string, string>();
        if (string.IsNullOrEmpty(f.Name)) e[nameof(f.Name)] = "请填写栏目名称";
        else if (f.Name.Length > 100) e[nameof(f.Name)] = "栏目名称不能超过 100 字";
        else if (f.Name.Contains(PathSeparator, StringComparison.Ordinal) || f.Name.Contains('›', StringComparison.Ordinal))
            e[nameof(f.Name)] = "栏目名称不能包含“/”或“›”（用于表示栏目路径）";
        if (f.UnitId is null) e[nameof(f.UnitId)] = "请选择保障单位";
        if (string.IsNullOrEmpty(f.Category)) e[nameof(f.Category)] = "请选择栏目类别";
        else if (!ColumnCategories.All.Contains(f.Category))
            e[nameof(f.Category)] = "栏目类别须为：" + string.Join("、", ColumnCategories.All);
        if (f.Url is not null && !ColumnRequestValidator.IsHttpUrl(f.Url)) e[nameof(f.Url)] = "栏目地址须为以 http:// 或 https:// 开头的完整网址";
        if (f.CommittedCadenceDays is { } d && d is < 1 or > 365) e[nameof(f.CommittedCadenceDays)] = "更新频率承诺须在 1 至 365 天之间";
        if (f.SortOrder is < 0 or > 9999) e[nameof(f.SortOrder)] = "排序号须在 0 至 9999 之间";
        if (f.StartDate is { } s && f.EndDate is { } end && end < s) e[nameof(f.EndDate)] = "结束日期不能早于开始日期";
        ValidatePeople(f.Category, f.ResponsiblePerson, f.StaffA, f.StaffB, f.StaffAUserId, f.StaffBUserId, e);
        return e;
    }

    public static Dictionary<string, string> Validate(string category, ColumnPeopleForm p)
    {
        var e = new Dictionary<string, string>();
        ValidatePeople(category, p.ResponsiblePerson, p.StaffA, p.StaffB, p.StaffAUserId, p.StaffBUserId, e);
        return e;
    }

    /// <summary>
    /// 第19条(一): every column that publishes has a named 栏目负责人; 第19条(二): A岗 and B岗, two different people. A heading
    /// (栏目导航) publishes nothing and needs none.
    /// </summary>
    private static void ValidatePeople(string? category, string? responsible, string? staffA, string? staffB, string? staffAUserId,
        string? staffBUserId, Dictionary<string, string> e)
    {
        var needed = category != ColumnCategories.Navigation;
        void Person(string key, string? value, string label)
        {
            if (value is null) { if (needed) e[key] = $"请填写{label}"; }
            else if (value.Length > 50) e[key] = $"{label}不能超过 50 字";
        }
        Person(nameof(ColumnForm.ResponsiblePerson), responsible, "栏目负责人（第19条(一)）");
        Person(nameof(ColumnForm.StaffA), staffA, "A岗人员（第19条(二)）");
        Person(nameof(ColumnForm.StaffB), staffB, "B岗人员（第19条(二)）");
        if (!e.ContainsKey(nameof(ColumnForm.StaffB)) && staffA is not null && string.Equals(staffA, staffB, StringComparison.Ordinal))
            e[nameof(ColumnForm.StaffB)] = "A岗与B岗不能是同一人（第19条(二) AB岗）";
        if (staffAUserId is not null && string.Equals(staffAUserId, staffBUserId, StringComparison.Ordinal))
            e[nameof(ColumnForm.StaffBUserId)] = "A岗与B岗不能是同一账号（第19条(二) AB岗）";
    }

    /// <summary>The URL of a recorded update: http(s), at most 500 characters.</summary>
    public static Dictionary<string, string> Validate(ColumnUpdateForm f, DateOnly today)
    {
        var e = new Dictionary<string, string>();
        if (f.Date is null) e[nameof(f.Date)] = "请选择更新日期";
        else if (f.Date > today) e[nameof(f.Date)] = "更新日期不能晚于今天";
        var url = PlainText.CleanOrNull(PlainText.CleanLine(f.Url));
        if (url is null) e[nameof(f.Url)] = "请填写新发布信息的网址";
        else if (!ColumnRequestValidator.IsHttpUrl(url)) e[nameof(f.Url)] = "网址须为以 http:// 或 https:// 开头的完整网址";
        if (PlainText.CleanLine(f.Title) is { Length: > 200 }) e[nameof(f.Title)] = "标题不能超过 200 字";
        return e;
    }
}
