using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Definitions.Rectification;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Governance.Workflows.Settings;
using Governance.Workflows.Text;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Definitions.Accountability;

/// <summary>The kinds of measure (第22条) and which need the unit to answer.</summary>
public static class MeasureKinds
{
    public const string OrderRectification = "责令整改";
    public const string Interview = "约谈";
    public const string WrittenSelfExamination = "书面检查";
    public const string Criticism = "通报批评";
    public const string Referral = "移交严肃处理";

    public static readonly IReadOnlyList<string> All = [OrderRectification, Interview, WrittenSelfExamination, Criticism, Referral];

    public static bool NeedsReply(string kind) => kind is OrderRectification or WrittenSelfExamination;
}

/// <summary>A measure to record: against which unit, what, when, why, which findings and messages it concerns.</summary>
public sealed record NewMeasure(int UnitId, string Kind, DateOnly Date, string Reason, IReadOnlyList<long> Links, int? ReplyWorkingDays = null);

public sealed record MeasureResult(bool Succeeded, long? InstanceId, string? Error, IReadOnlyDictionary<string, string>? FieldErrors = null);

public sealed record LinkedItem(long Id, string Number, string Title, string Kind, string StateName, string Route);

public sealed record MeasureFields(AccountabilityMeasure Measure, string UnitName, IReadOnlyList<LinkedItem> Links);

public sealed record MeasureRow(long Id, string Number, string Kind, string UnitName, int UnitId, DateOnly Date, string Reason, string State,
    string StateName, StateTone Tone, DateTime? DueAtUtc, bool? RepliedOnTime);

/// <summary>问责措施: recording (officers only), the unit's reply draft, reads for lists, unit pages and the dashboard.</summary>
public sealed class MeasureService(
    IDbContextFactory<GovernanceDbContext> dbFactory, WorkflowRuntime runtime, SettingsService settings, ChangeFeed feed, TimeProvider time)
{
    /// <summary>县政府办公室 (督查问责) records the measures.</summary>
    public const string OfficeUnitName = "县政府办公室";
    private static WorkflowDefinition Def => MeasureWorkflow.Definition;

    /// <summary>
    /// Records a measure against a unit (第21–22条): only an AccountabilityOfficer may; the linked findings and messages
    /// must be that unit's. The unit's Editors and UnitReviewers are told at once; the measure is journaled and audited.
    /// </summary>
    public async Task<MeasureResult> RecordAsync(NewMeasure m, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.AccountabilityOfficer)) return new MeasureResult(false, null, "只有督查问责人员可以记录问责措施。");
        var errors = new Dictionary<string, string>();
        var kind = PlainText.CleanLine(m.Kind);
        if (!MeasureKinds.All.Contains(kind)) errors["kind"] = "请选择措施类型";
        var reason = PlainText.Clean(m.Reason);
        if (reason.Length == 0) errors["reason"] = "请填写事由";
        else if (reason.Length > 4000) errors["reason"] = "事由不能超过 4000 字";
        var today = ChinaTime.Date(time.GetUtcNow().UtcDateTime);
        if (m.Date > today) errors["date"] = "措施日期不能晚于今天";
        if (m.Date < today.AddYears(-5)) errors["date"] = "措施日期不正确";
        var needsReply = MeasureKinds.NeedsReply(kind);
        if (needsReply && m.ReplyWorkingDays is { } d && d is < 1 or > MeasureWorkflow.MaxReplyDays)
            errors["replyDays"] = $"回复时限须为 1 至 {MeasureWorkflow.MaxReplyDays} 个工作日";
        if (m.Links.Count > 100) errors["links"] = "关联事项不能超过 100 项";
        string unitName = "";
        List<string> unitUsers = [];
        int owner;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == m.UnitId && u.IsActive, ct);
            if (unit is null) errors["unit"] = "请选择单位";
            else unitName = unit.Name;
            var links = m.Links.Distinct().ToList();
            if (links.Count > 0)
            {
                var found = await db.WorkflowInstances.AsNoTracking()
                    .Where(i => links.Contains(i.Id) && (i.DefinitionKey == RectificationWorkflow.Key || i.DefinitionKey == CitizenMessageWorkflow.Key))
                    .Select(i => new { i.Id, i.HandlingUnitId }).ToListAsync(ct);
                if (found.Count != links.Count || found.Any(i => i.HandlingUnitId != m.UnitId))
                    errors["links"] = "关联事项须为该单位的整改问题或网民留言";
            }
            owner = await db.Units.Where(u => u.Name == OfficeUnitName).Select(u => u.Id).FirstOrDefaultAsync(ct);
            if (owner == 0) owner = actor.UnitId;
            unitUsers = await NotificationService.UsersInRole(db, Roles.Editor, m.UnitId)
                .Concat(NotificationService.UsersInRole(db, Roles.UnitReviewer, m.UnitId)).Distinct().ToListAsync(ct);
        }
        if (errors.Count > 0) return new MeasureResult(false, null, "请修改后再记录：" + string.Join("；", errors.Values), errors);

        int? replyDays = needsReply ? m.ReplyWorkingDays ?? await settings.GetIntAsync(MeasureWorkflow.SettingKeys.ReplyDays, 5, ct) : null;
        var now = time.GetUtcNow().UtcDateTime;
        var title = $"{kind}：{unitName}";
        var instance = await runtime.StartAsync(MeasureWorkflow.Key, actor, owner, title, (db, i) =>
        {
            db.AccountabilityMeasures.Add(new AccountabilityMeasure
            {
                InstanceId = i.Id, UnitId = m.UnitId, Kind = kind, MeasureDate = m.Date, Reason = reason, NeedsReply = needsReply,
                ReplyWorkingDays = replyDays, RecordedAtUtc = now,
            });
            foreach (var link in m.Links.Distinct()) db.MeasureLinks.Add(new MeasureLink { MeasureInstanceId = i.Id, LinkedInstanceId = link });
            var body = needsReply ? $"请于 {replyDays} 个工作日内回复。{reason}" : reason;
            NotificationService.Add(db, unitUsers, "measure", $"问责措施：{kind}（{ChinaTime.Format(now)}）", body, Def.Link(i.Id), i.Id,
                $"am:{i.Id}:recorded", now);
        }, ct, handlingUnitId: m.UnitId, startState: needsReply ? MeasureWorkflow.S.AwaitingReply : MeasureWorkflow.S.Recorded);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await Audit.AuditLog.AppendAsync(db, actor.UserId, actor.Name, "measure.record",
                $"{instance.Number} 对{unitName}记录问责措施“{kind}”（{m.Date:yyyy-MM-dd}），关联 {m.Links.Distinct().Count()} 项", now, ct);
            await db.SaveChangesAsync(ct);
        }
        feed.PublishNotifications(unitUsers);
        return new MeasureResult(true, instance.Id, null);
    }

    /// <summary>The unit's Editor saves its reply (书面检查 or 整改情况) while 待回复; journaled, version-checked.</summary>
    public Task<FireResult> SaveReplyAsync(long id, int expectedVersion, Actor actor, string? reply, CancellationToken ct = default) =>
        runtime.EditAsync(id, expectedVersion, actor, async (db, instance) =>
        {
            var text = PlainText.Clean(reply);
            if (text.Length > 10000) return new Refusal("回复不能超过 10000 字。", new Dictionary<string, string> { ["reply"] = "回复过长" });
            var m = await db.AccountabilityMeasures.FirstAsync(x => x.InstanceId == id, ct);
            m.ReplyText = text.Length == 0 ? null : text;
            return null;
        }, ct);

    public async Task<MeasureFields?> FieldsAsync(ItemView view, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var m = await db.AccountabilityMeasures.AsNoTracking().Include(x => x.Unit).FirstOrDefaultAsync(x => x.InstanceId == view.Instance.Id, ct);
        if (m is null) return null;
        var links = await LinksAsync(db, [view.Instance.Id], ct);
        return new MeasureFields(m, m.Unit?.Name ?? "", links.GetValueOrDefault(view.Instance.Id, []));
    }

    private static async Task<Dictionary<long, List<LinkedItem>>> LinksAsync(GovernanceDbContext db, IReadOnlyCollection<long> measureIds,
        CancellationToken ct)
    {
        var rows = await (from l in db.MeasureLinks.AsNoTracking()
                          where measureIds.Contains(l.MeasureInstanceId)
                          join i in db.WorkflowInstances on l.LinkedInstanceId equals i.Id
                          select new { l.MeasureInstanceId, i.Id, i.Number, i.Title, i.DefinitionKey, i.State, i.DefinitionVersion }).ToListAsync(ct);
        return rows.GroupBy(r => r.MeasureInstanceId).ToDictionary(g => g.Key, g => g.Select(r =>
        {
            var def = r.DefinitionKey == RectificationWorkflow.Key ? RectificationWorkflow.Definition : CitizenMessageWorkflow.Definition;
            return new LinkedItem(r.Id, r.Number, r.Title, def.DisplayName, def.StateDisplayName(r.State), def.Link(r.Id));
        }).OrderBy(x => x.Number, StringComparer.Ordinal).ToList());
    }

    /// <summary>The measures the actor may see (a unit its own, county roles all), newest first; optionally one unit's.</summary>
    public async Task<IReadOnlyList<MeasureRow>> ListAsync(Actor actor, int? unitId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = WorkflowLists.Rows(db, actor, MeasureWorkflow.Key, db.AccountabilityMeasures.AsNoTracking(), m => m.InstanceId);
        if (unitId is { } u) q = q.Where(x => x.Item.UnitId == u);
        var rows = await q.OrderByDescending(x => x.Item.MeasureDate).ThenByDescending(x => x.Row.Instance.Id).Take(500)
            .Select(x => new { x.Row.Instance, x.Row.DueAtUtc, x.Item, Unit = x.Item.Unit!.Name }).ToListAsync(ct);
        return rows.Select(x => new MeasureRow(x.Instance.Id, x.Instance.Number, x.Item.Kind, x.Unit, x.Item.UnitId, x.Item.MeasureDate, x.Item.Reason,
            x.Instance.State, Def.StateDisplayName(x.Instance.State), Def.StateTone(x.Instance.State), x.DueAtUtc, x.Item.RepliedOnTime)).ToList();
    }

    /// <summary>A unit's findings and messages a measure may refer to (newest first), for the form.</summary>
    public async Task<IReadOnlyList<LinkedItem>> LinkableAsync(int unitId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.HandlingUnitId == unitId && (i.DefinitionKey == RectificationWorkflow.Key || i.DefinitionKey == CitizenMessageWorkflow.Key))
            .OrderByDescending(i => i.CreatedAtUtc).Take(200)
            .Select(i => new { i.Id, i.Number, i.Title, i.DefinitionKey, i.State }).ToListAsync(ct);
        return rows.Select(r =>
        {
            var def = r.DefinitionKey == RectificationWorkflow.Key ? RectificationWorkflow.Definition : CitizenMessageWorkflow.Definition;
            return new LinkedItem(r.Id, r.Number, r.Title, def.DisplayName, def.StateDisplayName(r.State), def.Link(r.Id));
        }).ToList();
    }
}
