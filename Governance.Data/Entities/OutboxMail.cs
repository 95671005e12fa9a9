namespace Governance.Data.Entities;

/// <summary>Where an e-mail of the outbox stands.</summary>
public enum OutboxMailStatus
{
    /// <summary>Waiting for the mail job (again, after a failed attempt, from <see cref="OutboxMail.NextAttemptAtUtc"/>).</summary>
    Pending,
    /// <summary>Claimed by one run of the mail job, which is sending it now.</summary>
    Sending,
    Sent,
    /// <summary>Given up after the capped number of attempts; Admin may send it again.</summary>
    Failed,
    /// <summary>Mail was switched off before it went out.</summary>
    Cancelled,
}

/// <summary>
/// One e-mail to send for one notification (the outbox): written in the transaction that writes the notification, sent
/// later by the mail job, which claims the row with a conditional update before it sends it (so two runs never both
/// send it).
/// </summary>
public sealed class OutboxMail
{
    public long Id { get; set; }
    /// <summary>UNIQUE: one e-mail per notification.</summary>
    public long NotificationId { get; set; }
    public Notification? Notification { get; set; }
    /// <summary>The recipient's address when the notification was written.</summary>
    public required string ToAddress { get; set; }
    public OutboxMailStatus Status { get; set; }
    /// <summary>How many times a run claimed it (capped: then <see cref="OutboxMailStatus.Failed"/>).</summary>
    public int Attempts { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    /// <summary>Not sent before this instant (a failed attempt backs off).</summary>
    public DateTime NextAttemptAtUtc { get; set; }
    /// <summary>When the run now sending it claimed it; a claim left over by a crash is taken back after a while.</summary>
    public DateTime? ClaimedAtUtc { get; set; }
    /// <summary>The claiming run's token: only that run records the outcome.</summary>
    public string? ClaimToken { get; set; }
    public DateTime? SentAtUtc { get; set; }
    /// <summary>The last failure, in Chinese, for Admin.</summary>
    public string? LastError { get; set; }
}
