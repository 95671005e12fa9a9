using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.PreCheck;

/// <summary>
/// The rules snapshot (<see cref="PreCheckRuleSet"/>) built from the Admin tables: enabled dictionary entries, allowed hosts
/// and approved sources. Built once and shared; <see cref="Invalidate"/> after every edit makes the next
/// <see cref="GetAsync"/> rebuild it, so Admin changes take effect without a restart — on every node
/// (<see cref="IClusterEvents"/>: over LISTEN/NOTIFY on PostgreSQL). Singleton, thread-safe.
/// </summary>
public sealed class PreCheckRulesProvider
{
    public const string Topic = "precheck-rules";

    private readonly IDbContextFactory<GovernanceDbContext> dbFactory;
    private readonly IClusterEvents events;
    private volatile PreCheckRuleSet? _snapshot;
    private long _generation;

    public PreCheckRulesProvider(IDbContextFactory<GovernanceDbContext> dbFactory, IClusterEvents events)
    {
        this.dbFactory = dbFactory;
        this.events = events;
        events.Subscribe(Topic, _ => Drop());
    }

    public async Task<PreCheckRuleSet> GetAsync(CancellationToken ct = default)
    {
        if (_snapshot is { } s) return s;
        var generation = Interlocked.Read(ref _generation);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rules = await LoadAsync(db, ct);
        // An edit that happened while loading must not be hidden by this (possibly older) snapshot.
        if (Interlocked.Read(ref _generation) == generation) _snapshot = rules;
        return rules;
    }

    /// <summary>Drops the cached snapshot on every node; the next <see cref="GetAsync"/> reads the tables again. Call after the commit.</summary>
    public void Invalidate() => events.Publish(Topic, "edit");

    private void Drop()
    {
        Interlocked.Increment(ref _generation);
        _snapshot = null;
    }

    internal static async Task<PreCheckRuleSet> LoadAsync(GovernanceDbContext db, CancellationToken ct)
    {
        var entries = await db.DictionaryEntries.AsNoTracking().Where(e => e.IsEnabled).OrderBy(e => e.Id)
            .Select(e => new { e.Term, e.Kind, e.Correction, e.Note, e.ExceptionContexts }).ToListAsync(ct);
        var hosts = await db.AllowedHosts.AsNoTracking().OrderBy(h => h.Id).Select(h => h.Host).ToListAsync(ct);
        var sources = await db.ApprovedSources.AsNoTracking().OrderBy(s => s.Id).Select(s => s.Name).ToListAsync(ct);
        return PreCheckRuleSet.Create(
            entries.Select(e => new DictionaryTerm(e.Term, ToTermKind(e.Kind), e.Correction, e.Note, e.ExceptionContexts)), hosts, sources);
    }

    internal static TermKind ToTermKind(DictionaryTermKind kind) => kind == DictionaryTermKind.Incorrect ? TermKind.Incorrect : TermKind.Sensitive;

    internal static DictionaryTermKind ToEntityKind(TermKind kind) => kind == TermKind.Incorrect ? DictionaryTermKind.Incorrect : DictionaryTermKind.Sensitive;

    /// <summary>
    /// Seeds the dictionary, the allowed hosts and the approved sources from <see cref="PreCheckDefaults"/>, each only when its
    /// table is empty; a table with any row is never touched. Idempotent. (A list the Admin empties completely is seeded
    /// again at the next start.)
    /// </summary>
    public static async Task SeedDefaultsAsync(GovernanceDbContext db, DateTime now, CancellationToken ct)
    {
        if (!await db.DictionaryEntries.AnyAsync(ct))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var t in PreCheckDefaults.Terms)
            {
                if (!seen.Add(t.Term)) continue;
                db.DictionaryEntries.Add(new DictionaryEntry
                {
                    Term = t.Term, Kind = ToEntityKind(t.Kind), Correction = t.Correction, Note = t.Note, ExceptionContexts = t.ExceptionContexts,
                    IsEnabled = true, UpdatedAtUtc = now,
                });
            }
        }
        if (!await db.AllowedHosts.AnyAsync(ct))
        {
            foreach (var h in PreCheckDefaults.AllowedHosts.Distinct()) db.AllowedHosts.Add(new AllowedHost { Host = h, Note = "默认：中央及省级官方媒体" });
        }
        if (!await db.ApprovedSources.AnyAsync(ct))
        {
            foreach (var s in PreCheckDefaults.ApprovedSources.Distinct()) db.ApprovedSources.Add(new ApprovedSource { Name = s });
        }
        await db.SaveChangesAsync(ct);
    }
}
