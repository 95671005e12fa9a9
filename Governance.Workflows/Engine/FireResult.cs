namespace Governance.Workflows.Engine;

/// <summary>What the user typed in the action dialog.</summary>
public sealed record FireInput(string? Comment = null, IReadOnlyDictionary<string, string?>? Fields = null)
{
    public static readonly FireInput Empty = new();

    public string? Field(string name) => Fields is not null && Fields.TryGetValue(name, out var v) ? v : null;
}

public enum FireStatus { Applied, Conflict, Forbidden, Invalid, NotFound }

public sealed record FireResult(FireStatus Status, string Message, int? NewVersion = null, string? NewState = null,
    IReadOnlyDictionary<string, string>? FieldErrors = null)
{
    /// <summary>The one text for an item that does not exist or that the user may not see (never which of the two).</summary>
    public const string NotFoundMessage = "事项不存在，或您无权查看。";

    /// <summary>The one text for a stale page: what the user sees on the page and in the dialog is the same.</summary>
    public const string ConflictMessage = "该事项已被他人处理或修改，页面已更新为最新状态，原操作未执行。";

    public bool Succeeded => Status == FireStatus.Applied;

    public static FireResult NotFound() => new(FireStatus.NotFound, NotFoundMessage);
    public static FireResult Conflict() => new(FireStatus.Conflict, ConflictMessage);
    public static FireResult Forbidden(string reason) => new(FireStatus.Forbidden, reason);
    public static FireResult Invalid(string message, IReadOnlyDictionary<string, string>? errors = null) =>
        new(FireStatus.Invalid, message, FieldErrors: errors);
}

/// <summary>
/// A trigger the user may take now — a button on the detail page. <see cref="DisabledReason"/> is set when the role and
/// unit fit but the item or separation of duty does not allow it yet: the button is shown disabled with the reason.
/// </summary>
public sealed record AvailableAction(string Trigger, string DisplayName, string ActingRole, bool CommentRequired,
    ActionStyle Style, IReadOnlyList<InputField> Fields, string? DisabledReason = null)
{
    public bool IsEnabled => DisabledReason is null;
}
