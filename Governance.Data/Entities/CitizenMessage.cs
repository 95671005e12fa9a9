namespace Governance.Data.Entities;

/// <summary>
/// W3 网民留言 (第12条): a citizen's message, its reply, and what the statistics count (第19条(五)). Keyed by its
/// workflow instance. The citizen's name, phone and e-mail are personal data (第9条): shown only to Monitors and the
/// handling unit, never published or exported for publication.
/// </summary>
public sealed class CitizenMessage
{
    public long InstanceId { get; set; }
    /// <summary>The sender's own id (the public site's or the 12345 platform's): UNIQUE, so a resend is never a duplicate.</summary>
    public required string SourceRef { get; set; }
    /// <summary>Where it came from: the API key's name, 导入, or 人工录入.</summary>
    public required string Channel { get; set; }
    public required string Title { get; set; }
    public required string Content { get; set; }
    /// <summary>咨询 / 建议 / 投诉 / 求助 / 其他.</summary>
    public required string Category { get; set; }
    public required string CitizenName { get; set; }
    public string? CitizenPhone { get; set; }
    public string? CitizenEmail { get; set; }
    public DateTime ReceivedAtUtc { get; set; }

    /// <summary>When the current handling unit received the assignment (its 4 working days count from that day).</summary>
    public DateTime? AssignedAtUtc { get; set; }
    public DateTime? FirstAssignedAtUtc { get; set; }
    /// <summary>The reply deadline of the current assignment, extensions included.</summary>
    public DateTime? ReplyDueAtUtc { get; set; }
    public int ReturnCount { get; set; }
    public int ExtensionDays { get; set; }
    /// <summary>Working days the unit asked for and that await a Monitor's decision.</summary>
    public int? ExtensionRequestedDays { get; set; }

    public string? ReplyText { get; set; }
    public DateTime? RepliedAtUtc { get; set; }
    /// <summary>Whether the reply was approved by its deadline (fixed when it is).</summary>
    public bool? RepliedOnTime { get; set; }
    /// <summary>The unit that replied (for the statistics, whatever happens later).</summary>
    public int? RepliedByUnitId { get; set; }
    public bool IsInvalid { get; set; }
    public DateTime? ClosedAtUtc { get; set; }
}
