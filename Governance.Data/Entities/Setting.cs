namespace Governance.Data.Entities;

/// <summary>An Admin-editable setting (deadline lengths, sweep interval …). Defaults live in code.</summary>
public sealed class Setting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public string? UpdatedBy { get; set; }
}
