using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;

namespace Governance.Workflows.Registers;

/// <summary>
/// What stamps a column's "last updated" (第13条): W2 publishing an item to it, or its unit recording an update made
/// elsewhere. Each is a <see cref="ColumnUpdate"/> row; the column keeps the newest, and returns to 正常.
/// </summary>
public static class ColumnUpdates
{
    public const string Publish = "publish";
    public const string Manual = "manual";

    /// <summary>
    /// Adds the update inside the caller's transaction (not saved, the version not bumped: the caller does both). The
    /// column's last update moves forward only (an older record does not hide a newer one). Its status is what the update
    /// leaves it: 正常 (or 预警) again; a record dated so far back that the column is still past its window keeps the lapse
    /// it is in, so that lapse opens no second finding.
    /// </summary>
    public static ColumnUpdate Record(GovernanceDbContext db, Column column, DateTime updatedAtUtc, string? url, string? title, string source,
        long? instanceId, string recordedByUserId, DateTime nowUtc, StalenessPolicy policy)
    {
        var row = new ColumnUpdate
        {
            ColumnId = column.Id, UpdatedAtUtc = updatedAtUtc, Url = url, Title = title, Source = source, InstanceId = instanceId,
            RecordedByUserId = recordedByUserId, RecordedAtUtc = nowUtc,
        };
        db.ColumnUpdates.Add(row);
        if (column.LastUpdatedAtUtc is not { } last || updatedAtUtc >= last)
        {
            column.LastUpdatedAtUtc = updatedAtUtc;
            column.LastUpdateUrl = url;
        }
        var standing = Staleness.Evaluate(policy, column.Category, column.CommittedCadenceDays, inService: true, column.CreatedAtUtc,
            column.LastUpdatedAtUtc, ChinaTime.Date(nowUtc)).Status;
        var better = standing == ColumnStatus.Normal || (standing == ColumnStatus.Warning && Staleness.IsLapse(column.Status));
        if (better && column.Status != standing)
        {
            column.Status = standing;
            column.StatusChangedAtUtc = nowUtc;
        }
        return row;
    }
}
