using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Governance.Workflows.Engine;

/// <summary>One field an edit changed: the row (type and key), the field, and its value before and after as invariant text.</summary>
public sealed record FieldChange(string Entity, string Key, string Field, string? Before, string? After);

/// <summary>
/// What an edit changed, read from EF Core's change tracker: updated fields, added rows and removed rows, each field
/// with its value before and after. The runtime puts them into the journal entry and into the hashed audit entry
/// (第15条 防篡改: a field edit is as tamper-evident as a transition).
/// </summary>
public static class FieldChanges
{
    /// <summary>
    /// Readable in the database and on the audit page: Chinese and HTML characters as they are (the page encodes them),
    /// a quote as \" and control characters escaped, so a value cannot pass for the end of another.
    /// </summary>
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static List<FieldChange> Collect(ChangeTracker tracker)
    {
        tracker.DetectChanges();
        var changes = new List<FieldChange>();
        foreach (var entry in tracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            var entity = entry.Metadata.ClrType.Name;
            var keyProps = entry.Metadata.FindPrimaryKey()?.Properties ?? [];
            var key = entry.State == EntityState.Added && keyProps.Any(p => entry.Property(p.Name).IsTemporary)
                ? "新增"
                : string.Join(",", keyProps.Select(p => Text(entry.Property(p.Name).CurrentValue)));
            foreach (var p in entry.Properties.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal))
            {
                if (p.Metadata.IsPrimaryKey()) continue;
                var (before, after) = entry.State switch
                {
                    EntityState.Added => (null, Text(p.CurrentValue)),
                    EntityState.Deleted => (Text(p.OriginalValue), null),
                    _ => p.IsModified ? (Text(p.OriginalValue), Text(p.CurrentValue)) : (null, null),
                };
                if (entry.State == EntityState.Modified && (!p.IsModified || before == after)) continue;
                if (entry.State != EntityState.Modified && before is null && after is null) continue;
                changes.Add(new FieldChange(entity, key, p.Metadata.Name, before, after));
            }
        }
        return changes;
    }

    /// <summary>The journal entry's data: {"changes":[{"entity","key","field","before","after"}…]}.</summary>
    public static string JournalData(IReadOnlyList<FieldChange> changes) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["changes"] = changes.Select(c => new Dictionary<string, string?>
        {
            ["entity"] = c.Entity, ["key"] = c.Key, ["field"] = c.Field, ["before"] = c.Before, ["after"] = c.After,
        }).ToList(),
    }, Json);

    /// <summary>For the audit entry: Thing[12].Name："旧名" → "新名"；… (values JSON-quoted, so nothing is ambiguous).</summary>
    public static string Describe(IReadOnlyList<FieldChange> changes)
    {
        if (changes.Count == 0) return "无字段变化";
        var text = new StringBuilder();
        foreach (var c in changes)
        {
            if (text.Length > 0) text.Append('；');
            text.Append(CultureInfo.InvariantCulture, $"{c.Entity}[{c.Key}].{c.Field}：{Quote(c.Before)} → {Quote(c.After)}");
        }
        return text.ToString();
    }

    private static string Quote(string? value) => value is null ? "null" : JsonSerializer.Serialize(value, Json);

    private static string? Text(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
