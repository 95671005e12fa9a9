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
    public bool Succeeded => Status == FireStatus.Applied;

    public static FireResult NotFound() => new(FireStatus.NotFound, "事项不存在，或您无权查看。");
    public static FireResult Conflict() => new(FireStatus.Conflict, "该事项已被他人处理或修改，请刷新后查看最新状态再操作。");
    public static FireResult Forbidden(string reason) => new(FireStatus.Forbidden, reason);
    public static FireResult Invalid(string message, IReadOnlyDictionary<string, string>? errors = null) =>
        new(FireStatus.Invalid, message, FieldErrors: errors);
}

/// <summary>A trigger the user may fire now: a button on the detail page.</summary>
public sealed record AvailableAction(string Trigger, string DisplayName, string ActingRole, bool CommentRequired,
    ActionStyle Style, IReadOnlyList<InputField> Fields);
