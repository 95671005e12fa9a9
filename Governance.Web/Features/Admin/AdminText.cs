using Governance.Data.Entities;
using Governance.Workflows.Admin;

namespace Governance.Web.Features.Admin;

/// <summary>Chinese display texts of the admin screens.</summary>
public static class AdminText
{
    public static readonly IReadOnlyList<UnitKind> UnitKinds = Enum.GetValues<UnitKind>();

    public static string UnitKindName(UnitKind kind) => kind switch
    {
        UnitKind.CountyOffice => "县政府直属/主管单位",
        UnitKind.Department => "县政府部门",
        UnitKind.Town => "镇（街道）",
        UnitKind.Collaborator => "协同监管单位",
        _ => kind.ToString(),
    };

    /// <summary>停用 / 锁定 / 须改密 / 启用 — the most important first.</summary>
    public static IEnumerable<(string Text, MudBlazor.Color Color)> UserStatus(UserRow u)
    {
        if (u.IsDisabled) yield return ("停用", MudBlazor.Color.Default);
        else yield return ("启用", MudBlazor.Color.Success);
        if (u.IsLockedOut) yield return ("锁定", MudBlazor.Color.Error);
        if (u.MustChangePassword) yield return ("须改密", MudBlazor.Color.Warning);
    }

    /// <summary>China time for a UTC timestamp, as the rest of the portal shows it.</summary>
    public static string China(DateTime? utc) => Governance.Workflows.Calendar.ChinaTime.Format(utc);
}
