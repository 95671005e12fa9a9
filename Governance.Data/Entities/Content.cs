namespace Governance.Data.Entities;

/// <summary>W2 信息发布审核: an item to publish (第9–11条, 第17条, 第19条(二)(三)). Keyed by the instance id.</summary>
public sealed class ContentItem
{
    public long InstanceId { get; set; }
    public WorkflowInstance? Instance { get; set; }
    public int UnitId { get; set; }
    /// <summary>The target column (栏目台账).</summary>
    public int ColumnId { get; set; }
    public Column? Column { get; set; }
    public required string Title { get; set; }
    /// <summary>Rich text, sanitized before storage.</summary>
    public required string BodyHtml { get; set; }
    /// <summary>政策文件, 通知公告, 动态要闻, 解读回应 …</summary>
    public required string Category { get; set; }
    /// <summary>原创 or 转载.</summary>
    public required string Origin { get; set; }
    public string? SourceOrg { get; set; }
    public bool HasMap { get; set; }
    public string? MapApprovalNo { get; set; }
    /// <summary>The linked 解读 material (第11条): its title or address.</summary>
    public string? InterpretationRef { get; set; }
    /// <summary>1 for the first version; a correction (更正) starts the next one.</summary>
    public int RevisionNo { get; set; } = 1;
    public DateTime? PublishedAtUtc { get; set; }
    /// <summary>Hash of the content a UnitReviewer let through despite personal-data hits (reason in the journal).</summary>
    public string? PiiOverrideHash { get; set; }
}

/// <summary>Every submitted revision of a W2 item, kept for history.</summary>
public sealed class ContentRevision
{
    public long Id { get; set; }
    public long InstanceId { get; set; }
    public int RevisionNo { get; set; }
    public required string Title { get; set; }
    public required string BodyHtml { get; set; }
    public DateTime SubmittedAtUtc { get; set; }
    public required string SubmittedByUserId { get; set; }
    /// <summary>The pre-check result at submission (JSON of the hits).</summary>
    public string? PreCheckJson { get; set; }
}

public enum DictionaryTermKind { Sensitive, Incorrect }

/// <summary>错敏词 dictionary entry, managed by Admin.</summary>
public sealed class DictionaryEntry
{
    public int Id { get; set; }
    public required string Term { get; set; }
    public DictionaryTermKind Kind { get; set; }
    public string? Correction { get; set; }
    public string? Note { get; set; }
    /// <summary>
    /// 例外语境: contexts in which the term is not a hit (e.g. 台独 in 平台独立), one per line; each contains the term.
    /// Null when there are none.
    /// </summary>
    public string? ExceptionContexts { get; set; }
    public bool IsEnabled { get; set; } = true;
    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>A host Admin allows links to besides *.gov.cn and *.政务.</summary>
public sealed class AllowedHost
{
    public int Id { get; set; }
    public required string Host { get; set; }
    public string? Note { get; set; }
}

/// <summary>核准稿源单位 (第19条(二)): reprints only from these.</summary>
public sealed class ApprovedSource
{
    public int Id { get; set; }
    public required string Name { get; set; }
}
