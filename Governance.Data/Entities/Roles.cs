namespace Governance.Data.Entities;

/// <summary>The eight roles of the product (SPEC.md "Who uses it"); the code names are the Identity role names.</summary>
public static class Roles
{
    public const string Editor = "Editor";
    public const string UnitReviewer = "UnitReviewer";
    public const string Publisher = "Publisher";
    public const string Supervisor = "Supervisor";
    public const string Monitor = "Monitor";
    public const string AccountabilityOfficer = "AccountabilityOfficer";
    public const string Observer = "Observer";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All =
        [Editor, UnitReviewer, Publisher, Supervisor, Monitor, AccountabilityOfficer, Observer, Admin];

    /// <summary>Roles that see every unit's items. Editors and UnitReviewers see only their own unit's.</summary>
    public static readonly IReadOnlyList<string> CountyWide =
        [Supervisor, Monitor, AccountabilityOfficer, Observer, Admin];

    public static string DisplayName(string role) => role switch
    {
        Editor => "信息员",
        UnitReviewer => "单位审核人",
        Publisher => "发布员",
        Supervisor => "审批人",
        Monitor => "监测员",
        AccountabilityOfficer => "督查问责",
        Observer => "协同监管",
        Admin => "系统管理员",
        _ => role,
    };
}
