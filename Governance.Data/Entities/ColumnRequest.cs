namespace Governance.Data.Entities;

/// <summary>W1 专题专栏开设申请: the request form's fields (第7条, 第10条, 第19条(二)). Keyed by the instance id.</summary>
public sealed class ColumnRequest
{
    public long InstanceId { get; set; }
    public WorkflowInstance? Instance { get; set; }
    public int UnitId { get; set; }
    public required string ColumnName { get; set; }
    public required string Purpose { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public required string ResponsiblePerson { get; set; }
    public required string StaffA { get; set; }
    public required string StaffB { get; set; }
    public required string UpdateCadence { get; set; }
    public required string ContentSources { get; set; }
    public string? SubColumns { get; set; }
    public string? ContactPhone { get; set; }
    /// <summary>Recorded by the Monitor at setup (开通).</summary>
    public string? SetupUrl { get; set; }
    public int? ColumnId { get; set; }
    /// <summary>For 调整/关停申请: what the unit asks to change or why it closes.</summary>
    public string? ChangeRequest { get; set; }
}
