using Governance.Data;
using Governance.Data.Entities;

namespace Governance.Workflows.Mail;

/// <summary>
/// Puts e-mails into the outbox beside the notifications they carry, in the caller's context and so in its transaction:
/// the notification and its e-mail are committed together or not at all, and nothing is sent inside that transaction.
/// </summary>
public static class MailOutbox
{
    /// <summary>
    /// The addresses to mail, by user id: none while mail is off (nothing is queued then — switching it on later sends no
    /// backlog); otherwise each enabled user with an address. Read in the caller's transaction.
    /// </summary>
    public static Dictionary<string, string> Recipients(GovernanceDbContext db, IReadOnlyCollection<string> userIds)
    {
        if (userIds.Count == 0) return [];
        var enabled = db.Settings.Where(s => s.Key == MailSettings.EnabledKey).Select(s => s.Value).FirstOrDefault() == "true";
        if (!enabled) return [];
        return db.Users.Where(u => userIds.Contains(u.Id) && !u.IsDisabled && u.Email != null && u.Email != "")
            .Select(u => new { u.Id, u.Email }).ToList()
            .ToDictionary(u => u.Id, u => u.Email!);
    }

    /// <summary>Queues the e-mail of a notification added to the same context (its id is filled in on save).</summary>
    public static void Queue(GovernanceDbContext db, Notification notification, string address, DateTime nowUtc) =>
        db.MailOutbox.Add(new OutboxMail
        {
            Notification = notification, ToAddress = address, Status = OutboxMailStatus.Pending, CreatedAtUtc = nowUtc,
            NextAttemptAtUtc = nowUtc,
        });
}
