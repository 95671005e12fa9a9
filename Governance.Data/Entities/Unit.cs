namespace Governance.Data.Entities;

public enum UnitKind
{
    /// <summary>县政府办公室, 县行政审批服务局, 县数字化信息服务中心.</summary>
    CountyOffice,
    /// <summary>县政府部门 (栏目保障单位, 第4条).</summary>
    Department,
    /// <summary>镇人民政府 / 街道办事处 (栏目保障单位, 第4条).</summary>
    Town,
    /// <summary>协同监管单位 (第5条): 宣传部, 网信办, 编办, 公安局.</summary>
    Collaborator,
}

/// <summary>A 单位: every user belongs to exactly one.</summary>
public sealed class Unit
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public UnitKind Kind { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
}
