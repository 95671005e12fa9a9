using Governance.Data.Entities;

namespace Governance.Workflows.Registers;

public enum RegisterStatus { Applied, Conflict, Forbidden, Invalid, NotFound }

/// <summary>What a register command did: applied, or why not (nothing changed then). Messages in Chinese.</summary>
public sealed record RegisterResult(RegisterStatus Status, string Message, int? ColumnId = null, int? NewVersion = null,
    IReadOnlyDictionary<string, string>? Errors = null)
{
    /// <summary>Another unit's column and a column that does not exist read the same (never which of the two).</summary>
    public const string NotFoundMessage = "栏目不存在，或您无权查看。";

    /// <summary>A stale dialog: the one text the dialog and the page show.</summary>
    public const string ConflictMessage = "该栏目已被他人修改（或已由系统巡检更新状态），页面已刷新为最新内容，本次修改未保存，请核对后重新操作。";

    public bool Succeeded => Status == RegisterStatus.Applied;

    public static RegisterResult NotFound() => new(RegisterStatus.NotFound, NotFoundMessage);
    public static RegisterResult Conflict() => new(RegisterStatus.Conflict, ConflictMessage);
    public static RegisterResult Forbidden(string reason) => new(RegisterStatus.Forbidden, reason);
    public static RegisterResult Invalid(IReadOnlyDictionary<string, string> errors) =>
        new(RegisterStatus.Invalid, "请更正以下问题：" + string.Join("；", errors.Values), Errors: errors);
    public static RegisterResult Invalid(string field, string message) =>
        new(RegisterStatus.Invalid, message, Errors: new Dictionary<string, string> { [field] = message });
}

/// <summary>One column as the register lists it, with where it stands against its window today.</summary>
public sealed record ColumnRow
{
    public required int Id { get; init; }
    public required string Name { get; init; }
    /// <summary>"政务公开/政策文件": the names from the top.</summary>
    public required string Path { get; init; }
    public int? ParentId { get; init; }
    public required int UnitId { get; init; }
    public required string UnitName { get; init; }
    public required string Category { get; init; }
    public string? Url { get; init; }
    public string? ResponsiblePerson { get; init; }
    public string? StaffA { get; init; }
    public string? StaffB { get; init; }
    public string? StaffAUserId { get; init; }
    public string? StaffBUserId { get; init; }
    public int? CommittedCadenceDays { get; init; }
    public int SortOrder { get; init; }
    public bool IsSpecial { get; init; }
    public bool IsActive { get; init; }
    public bool IsSuspended { get; init; }
    public DateOnly? StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
    public DateTime CreatedAtUtc { get; init; }
    public DateTime? LastUpdatedAtUtc { get; init; }
    public string? LastUpdateUrl { get; init; }
    public DateTime? ClosedAtUtc { get; init; }
    public long? SourceInstanceId { get; init; }
    /// <summary>The status the daily sweep set (正常 / 预警 / 超期 / 空白).</summary>
    public ColumnStatus Status { get; init; }
    public int LapseCount { get; init; }
    public int Version { get; init; }
    /// <summary>Window, days since the last update and the last date within the window, as of today (China date).</summary>
    public required StalenessResult Staleness { get; init; }

    /// <summary>Depth in the tree (0 for a top-level column).</summary>
    public int Depth => Path.Count(c => c == ColumnValidator.PathSeparator);

    /// <summary>The parent's path ("政务公开"), or null for a top-level column.</summary>
    public string? ParentPath => Path.LastIndexOf(ColumnValidator.PathSeparator) is var i and > 0 ? Path[..i] : null;

    /// <summary>The chip: 已关停 and 已暂停 before the sweep's status.</summary>
    public string StatusText => !IsActive ? "已关停" : IsSuspended ? "已暂停" : Registers.Staleness.StatusName(Status);
}

/// <summary>The register list's filters.</summary>
public sealed class RegisterQuery
{
    public int? UnitId { get; set; }
    /// <summary>Normal, Warning, Overdue, Blank, Suspended or Closed; null for every column in service.</summary>
    public RegisterFilter? Status { get; set; }
    public string? Category { get; set; }
    /// <summary>Part of the name, path, unit, 负责人 or A/B岗.</summary>
    public string? Search { get; set; }
    /// <summary>Closed columns too (a Closed filter shows them anyway).</summary>
    public bool IncludeClosed { get; set; }
    /// <summary>One column only (a notification's link).</summary>
    public int? ColumnId { get; set; }
}

public enum RegisterFilter { Normal, Warning, Overdue, Blank, Suspended, Closed }

/// <summary>
/// The national veto indicators (单项否决, 国办秘函〔2019〕19号): more than <see cref="Line"/> stale 动态要闻 / 通知公告 /
/// 政策文件 columns, or more than <see cref="Line"/> blank columns.
/// </summary>
public sealed record VetoFigures(bool CountyWide, int StaleCount, int BlankCount)
{
    public const int Line = 5;
    public bool StaleVetoed => StaleCount > Line;
    public bool BlankVetoed => BlankCount > Line;
}

/// <summary>An account of the column's unit that may be named A岗 or B岗.</summary>
public sealed record StaffCandidate(string UserId, string DisplayName);

/// <summary>One column with its recorded updates, for the page's detail panel.</summary>
public sealed record ColumnDetail(ColumnRow Row, IReadOnlyList<ColumnUpdate> Updates, bool CanManage, bool CanKeep);
