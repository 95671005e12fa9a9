using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.Definitions.ContentReview;
using Governance.Workflows.Definitions.Rectification;
using Governance.Workflows.Engine;
using Governance.Workflows.Identity;
using Governance.Workflows.Registers;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Volume;

/// <summary>
/// How much a county produces: per three years about 100,000 citizen messages, 20,000 findings, 50,000 content items and
/// 5,000 column requests (issue 11). <see cref="ForYears"/> scales them to any span at the same daily rate.
/// </summary>
public sealed record VolumePlan(int Messages, int Findings, int ContentItems, int ColumnRequests)
{
    public const int MessagesPerThreeYears = 100_000;
    public const int FindingsPerThreeYears = 20_000;
    public const int ContentPerThreeYears = 50_000;
    public const int RequestsPerThreeYears = 5_000;

    /// <summary>The volume of <paramref name="years"/> (fractions allowed: 0.03 years is 1,000 messages).</summary>
    public static VolumePlan ForYears(double years)
    {
        if (years <= 0 || double.IsNaN(years) || years > 30) throw new ArgumentOutOfRangeException(nameof(years), "years: more than 0, at most 30");
        int Of(int perThreeYears) => (int)Math.Round(perThreeYears * years / 3, MidpointRounding.AwayFromZero);
        return new VolumePlan(Of(MessagesPerThreeYears), Of(FindingsPerThreeYears), Of(ContentPerThreeYears), Of(RequestsPerThreeYears));
    }

    public int Total => Messages + Findings + ContentItems + ColumnRequests;

    /// <summary>For the command line: 留言 100000、整改问题 20000、信息 50000、专栏申请 5000.</summary>
    public string Summary => $"留言 {Messages}、整改问题 {Findings}、信息 {ContentItems}、专栏申请 {ColumnRequests}";
}

/// <summary>How far one table has come: items written of those asked for.</summary>
public sealed record VolumeProgress(string Table, int Done, int Total);

/// <summary>What a run wrote (items added per kind; 0 everywhere when the volume was already there).</summary>
public sealed record VolumeResult(int Messages, int Findings, int ContentItems, int ColumnRequests)
{
    public int Total => Messages + Findings + ContentItems + ColumnRequests;

    public string Summary => new VolumePlan(Messages, Findings, ContentItems, ColumnRequests).Summary;
}

/// <summary>
/// `seed-volume`: fills a database with a county's realistic years — W3 messages, W4 findings, W2 content items and W1
/// column requests spread over the 栏目保障单位 (the departments and towns) and over the span ending now, each with its
/// journal, its deadlines and their reminders, in the state its life has reached by now (old items closed, the last
/// days' still open). Written through EF Core only (no provider-specific SQL), in chunks of one transaction each
/// (AddRange, SaveChanges, ChangeTracker.Clear), so it works on every provider and an interrupted run resumes where it
/// stopped. Idempotent: items are numbered <c>{prefix}-{year}-V{n}</c>; a second run finds them and adds nothing.
/// Deterministic: item n is the same on every run (its own seeded random). The audit chain and notifications of the
/// replayed transitions are not written (the journal is).
/// </summary>
public sealed class VolumeSeeder(
    IDbContextFactory<GovernanceDbContext> dbFactory,
    DemoSeeder demo,
    UserManager<AppUser> users,
    CalendarStore calendars,
    Figures.DayFigures figures,
    TimeProvider time)
{
    public const int ChunkSize = 1000;
    /// <summary>The marker in a seeded item's number: LY-2026-V000123.</summary>
    public const string Marker = "-V";
    /// <summary>The backlog's messages: their source reference starts with this.</summary>
    public const string BacklogPrefix = "backlog-";

    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public async Task<VolumeResult> SeedAsync(double years, IProgress<VolumeProgress>? progress = null, CancellationToken ct = default)
    {
        var plan = VolumePlan.ForYears(years);
        var ctx = await PrepareAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var start = now - TimeSpan.FromDays(365.25 * years);
        var span = now - start;
        var messages = await SeedKindAsync("CitizenMessages 网民留言", CitizenMessageWorkflow.Definition, plan.Messages, progress, ct,
            (n, db) => Message(ctx, n, Moment(start, span, n, plan.Messages, 1), now, db));
        var findings = await SeedKindAsync("Findings 整改问题", RectificationWorkflow.Definition, plan.Findings, progress, ct,
            (n, db) => Finding(ctx, n, Moment(start, span, n, plan.Findings, 2), now, db));
        var content = await SeedKindAsync("ContentItems 信息发布", ContentReviewWorkflow.Definition, plan.ContentItems, progress, ct,
            (n, db) => Content(ctx, n, Moment(start, span, n, plan.ContentItems, 3), now, db));
        var requests = await SeedKindAsync("ColumnRequests 专栏申请", ColumnRequestWorkflow.Definition, plan.ColumnRequests, progress, ct,
            (n, db) => Request(ctx, n, Moment(start, span, n, plan.ColumnRequests, 4), now, db));
        // The history was written directly, not through the runtime: its day figures are built here, today included.
        await figures.BuildMissingAsync(ChinaTime.Date(now), ct);
        return new VolumeResult(messages, findings, content, requests);
    }

    /// <summary>
    /// A backlog for the deadline sweep: <paramref name="open"/> messages assigned to the units and waiting for their reply
    /// (reply deadline open, its reminders pending), of which <paramref name="due"/> have a reminder due now. Idempotent
    /// like <see cref="SeedAsync"/> (numbers <c>LY-{year}-VB{n}</c>). Returns how many it added.
    /// </summary>
    public async Task<int> SeedBacklogAsync(int open, int due, IProgress<VolumeProgress>? progress = null, CancellationToken ct = default)
    {
        var ctx = await PrepareAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var def = CitizenMessageWorkflow.Definition;
        return await SeedKindAsync("CitizenMessages 网民留言（待办积压）", def, open, progress, ct, (n, db) =>
        {
            var rng = new Random(n * 7919 + 11);
            var unit = ctx.Units[n % ctx.Units.Count];
            // Received and assigned in the last hour: the 4 working days run into next week.
            var received = now - TimeSpan.FromMinutes(30 + rng.Next(30));
            var track = new VolumeTrack(def, ctx.Calendar, now, Number(def, received, n, "VB"), $"留言（积压）{n}", ctx.Dispatch.Id, null,
                ctx.System, received);
            track.Fire(CitizenMessageWorkflow.T.Assign, TimeSpan.FromMinutes(5), ctx.Monitor, handTo: unit.Id);
            track.Finish();
            if (n <= due)
            {
                // Due now: the Before reminder's moment has come and the sweep has not run yet.
                var reminder = track.Deadlines[^1].Reminders.First(r => r.Level == ReminderLevel.Before);
                reminder.FireAtUtc = now - TimeSpan.FromMinutes(1);
                reminder.Status = ReminderStatus.Pending;
            }
            var message = NewMessage($"{BacklogPrefix}{n:D6}", received, rng);
            message.AssignedAtUtc = message.FirstAssignedAtUtc = track.Journal[^1].AtUtc;
            message.ReplyDueAtUtc = track.DueAtUtc;
            return (track, i => db.CitizenMessages.Add(Bind(message, i)));
        }, marker: "-VB");
    }

    // ---- the four kinds --------------------------------------------------------------------------------------------

    private static (VolumeTrack, Action<long>) Message(SeedContext c, int n, DateTime received, DateTime now, GovernanceDbContext db)
    {
        var rng = new Random(n * 7919 + 1);
        var def = CitizenMessageWorkflow.Definition;
        var unit = c.Units[Pick(rng, n, c.Units.Count)];
        var track = new VolumeTrack(def, c.Calendar, now, Number(def, received, n), $"关于{Topics[rng.Next(Topics.Length)]}的留言", c.Dispatch.Id, null,
            c.System, received);
        var m = NewMessage($"volume-{n:D6}", received, rng);
        // The first message of each unit takes the plain path (every unit has messages, even in a short span).
        var roll = n <= c.Units.Count ? 1 : rng.NextDouble();
        if (roll < 0.03)
        {
            // 无效留言: spam or duplicate, set aside by the Monitor.
            if (track.Fire(CitizenMessageWorkflow.T.MarkInvalid, Hours(rng, 1, 6), c.Monitor, "重复留言")) m.IsInvalid = true;
            return Done(track, m, db);
        }
        if (!track.Fire(CitizenMessageWorkflow.T.Assign, Hours(rng, 1, 20), c.Monitor, handTo: unit.Id)) return Done(track, m, db);
        m.AssignedAtUtc = m.FirstAssignedAtUtc = track.At;
        m.ReplyDueAtUtc = track.DueAtUtc;
        var staff = c.StaffOf[unit.Id];
        if (roll < 0.08)
        {
            // 5%: the wrong unit returns it; the Monitor hands it to another.
            // 退回: back to the Monitor (no handling unit), as CitizenMessageRules.ReturnToMonitor does.
            if (!track.Fire(CitizenMessageWorkflow.T.Return, Hours(rng, 2, 20), staff.Editor, "不属于本单位职责", handOver: true))
                return Done(track, m, db);
            m.ReturnCount = 1;
            m.AssignedAtUtc = null;
            unit = c.Units[(c.Units.IndexOf(unit) + 1 + rng.Next(c.Units.Count - 1)) % c.Units.Count];
            staff = c.StaffOf[unit.Id];
            if (!track.Fire(CitizenMessageWorkflow.T.Assign, Hours(rng, 1, 8), c.Monitor, handTo: unit.Id)) return Done(track, m, db);
            m.AssignedAtUtc = track.At;
            m.ReplyDueAtUtc = track.DueAtUtc;
        }
        // 90% answered within the 4 working days, the rest late.
        var late = rng.NextDouble() < 0.1;
        if (!track.Fire(CitizenMessageWorkflow.T.Accept, Hours(rng, 1, 24), staff.Editor)) return Done(track, m, db);
        if (!track.Fire(CitizenMessageWorkflow.T.SubmitReply, late ? Hours(rng, 120, 200) : Hours(rng, 4, 60), staff.Editor)) return Done(track, m, db);
        var due = track.DueAtUtc;
        if (!track.Fire(CitizenMessageWorkflow.T.ApproveReply, Hours(rng, 1, 8), staff.Reviewer)) return Done(track, m, db);
        m.ReplyText = "您好！您反映的问题已收悉，经核实，我单位已安排专人办理，感谢您的关注与支持。";
        m.RepliedAtUtc = track.At;
        m.RepliedOnTime = due is { } d && track.At <= d;
        m.RepliedByUnitId = unit.Id;
        if (track.Fire(CitizenMessageWorkflow.T.Close, Hours(rng, 4, 48), c.Monitor)) m.ClosedAtUtc = track.At;
        return Done(track, m, db);
    }

    private static CitizenMessage NewMessage(string sourceRef, DateTime received, Random rng) => new()
    {
        SourceRef = sourceRef, Channel = rng.Next(3) == 0 ? "12345平台" : "门户网站", Title = $"关于{Topics[rng.Next(Topics.Length)]}的咨询",
        Content = "您好，我想咨询一下相关政策的办理流程和所需材料，希望尽快答复，谢谢。", Category = Categories[rng.Next(Categories.Length)],
        CitizenName = Surnames[rng.Next(Surnames.Length)] + "先生", CitizenPhone = $"139{rng.Next(10_000_000, 99_999_999)}", ReceivedAtUtc = received,
    };

    private static (VolumeTrack, Action<long>) Done(VolumeTrack track, CitizenMessage m, GovernanceDbContext db)
    {
        track.Finish();
        return (track, id => db.CitizenMessages.Add(Bind(m, id)));
    }

    private static CitizenMessage Bind(CitizenMessage m, long id)
    {
        m.InstanceId = id;
        return m;
    }

    private static (VolumeTrack, Action<long>) Finding(SeedContext c, int n, DateTime found, DateTime now, GovernanceDbContext db)
    {
        var rng = new Random(n * 7919 + 2);
        var def = RectificationWorkflow.Definition;
        var unit = c.Units[Pick(rng, n, c.Units.Count)];
        var staff = c.StaffOf[unit.Id];
        var severity = rng.NextDouble() switch { < 0.8 => FindingSeverity.General, < 0.97 => FindingSeverity.Serious, _ => FindingSeverity.Veto };
        var days = severity switch { FindingSeverity.General => 5, FindingSeverity.Serious => 2, _ => 1 };
        var category = FindingKinds[rng.Next(FindingKinds.Length)];
        var track = new VolumeTrack(def, c.Calendar, now, Number(def, found, n), $"{unit.Name}：{category}", unit.Id, unit.Id, c.Monitor, found,
            s => s.Deadline?.Span == RectificationWorkflow.RectifySpan ? days : null);
        var f = new Finding
        {
            SourceRef = $"volume-{n:D6}", Source = rng.Next(4) == 0 ? FindingSources.Quarterly : FindingSources.DailyMonitoring, Category = category,
            Severity = severity, Description = $"检查发现{category}问题，请按期整改。", Url = $"https://www.fufeng.gov.cn/p/{n}.html", WorkingDays = days,
            FoundAtUtc = found, DueAtUtc = track.DueAtUtc,
        };
        var late = rng.NextDouble() < 0.12;
        if (track.Fire(RectificationWorkflow.T.Acknowledge, Hours(rng, 1, 20), staff.Editor)
            && track.Fire(RectificationWorkflow.T.Start, Hours(rng, 1, 8), staff.Editor))
        {
            var due = track.DueAtUtc;
            if (track.Fire(RectificationWorkflow.T.Submit, late ? Hours(rng, 24 * days + 48, 24 * days + 120) : Hours(rng, 2, 20 * days), staff.Editor,
                    "已按要求整改"))
            {
                f.Report = "已完成整改，页面已更正。";
                f.SubmittedAtUtc = track.At;
                f.DueAtUtc = due;
                if (track.Fire(RectificationWorkflow.T.Verify, Hours(rng, 2, 40), c.Monitor))
                {
                    f.ClosedAtUtc = track.At;
                    f.RectifiedOnTime = due is { } d && f.SubmittedAtUtc <= d;
                }
            }
        }
        track.Finish();
        return (track, id =>
        {
            f.InstanceId = id;
            db.Findings.Add(f);
        });
    }

    private static (VolumeTrack, Action<long>) Content(SeedContext c, int n, DateTime drafted, DateTime now, GovernanceDbContext db)
    {
        var rng = new Random(n * 7919 + 3);
        var def = ContentReviewWorkflow.Definition;
        var column = c.Columns[rng.Next(c.Columns.Count)];
        var staff = c.StaffOf[column.UnitId];
        var title = $"{column.Name}：{Topics[rng.Next(Topics.Length)]}工作动态";
        var track = new VolumeTrack(def, c.Calendar, now, Number(def, drafted, n), title, column.UnitId, null, staff.Editor, drafted);
        var item = new ContentItem
        {
            UnitId = column.UnitId, ColumnId = column.Id, Title = title, BodyHtml = "<p>近日，我单位召开专题会议，安排部署相关工作。</p>",
            Category = column.Category, Origin = "原创",
        };
        var withdrawn = rng.NextDouble() < 0.03;
        if (withdrawn)
        {
            track.Fire(ContentReviewWorkflow.T.Withdraw, Hours(rng, 1, 20), staff.Editor);
        }
        else if (track.Fire(ContentReviewWorkflow.T.Submit, Hours(rng, 1, 10), staff.Editor))
        {
            if (rng.NextDouble() < 0.08 && track.Fire(ContentReviewWorkflow.T.UnitReturn, Hours(rng, 1, 8), staff.Reviewer, "请核实数据"))
                track.Fire(ContentReviewWorkflow.T.Submit, Hours(rng, 1, 8), staff.Editor);
            if (track.State == ContentReviewWorkflow.S.UnitReview
                && track.Fire(ContentReviewWorkflow.T.UnitApprove, Hours(rng, 1, 8), staff.Reviewer)
                && track.Fire(ContentReviewWorkflow.T.SecrecyApprove, Hours(rng, 1, 8), staff.Secrecy)
                && track.Fire(ContentReviewWorkflow.T.Publish, Hours(rng, 1, 8), staff.Publisher))
                item.PublishedAtUtc = track.At;
        }
        track.Finish();
        return (track, id =>
        {
            item.InstanceId = id;
            db.ContentItems.Add(item);
        });
    }

    private static (VolumeTrack, Action<long>) Request(SeedContext c, int n, DateTime drafted, DateTime now, GovernanceDbContext db)
    {
        var rng = new Random(n * 7919 + 4);
        var def = ColumnRequestWorkflow.Definition;
        var unit = c.Units[Pick(rng, n, c.Units.Count)];
        var staff = c.StaffOf[unit.Id];
        var topic = Topics[rng.Next(Topics.Length)];
        var track = new VolumeTrack(def, c.Calendar, now, Number(def, drafted, n), $"{topic}专题专栏", unit.Id, null, staff.Editor, drafted);
        var start = ChinaTime.Date(drafted).AddDays(14);
        var request = new ColumnRequest
        {
            UnitId = unit.Id, ColumnName = $"{topic}专题", Purpose = $"宣传{topic}工作", StartDate = start, EndDate = start.AddMonths(6),
            ResponsiblePerson = staff.Reviewer.Name, StaffA = staff.Editor.Name, StaffB = staff.Reviewer.Name, UpdateCadence = "每周至少更新一次",
            ContentSources = "本单位", ContactPhone = "0917-5211234",
        };
        if (track.Fire(ColumnRequestWorkflow.T.Submit, Hours(rng, 2, 24), staff.Editor)
            && track.Fire(ColumnRequestWorkflow.T.UnitApprove, Hours(rng, 2, 24), staff.Reviewer))
        {
            if (rng.NextDouble() < 0.1) track.Fire(ColumnRequestWorkflow.T.Reject, Hours(rng, 4, 72), c.Supervisor, "不符合开设条件");
            else if (track.Fire(ColumnRequestWorkflow.T.BureauApprove, Hours(rng, 4, 72), c.Supervisor)
                     && track.Fire(ColumnRequestWorkflow.T.CompleteSetup, Hours(rng, 4, 48), c.Monitor))
            {
                request.SetupUrl = $"https://www.fufeng.gov.cn/zt/{n}/";
                if (track.Fire(ColumnRequestWorkflow.T.RequestChange, TimeSpan.FromDays(183), staff.Editor, "专题活动结束，申请关停"))
                    track.Fire(ColumnRequestWorkflow.T.ApproveClose, Hours(rng, 4, 72), c.Supervisor);
            }
        }
        track.Finish();
        return (track, id =>
        {
            request.InstanceId = id;
            db.ColumnRequests.Add(request);
        });
    }

    // ---- the machinery ---------------------------------------------------------------------------------------------

    /// <summary>
    /// Writes items <c>existing+1 … total</c> of one kind, a chunk per transaction: the instances first (their ids come from
    /// the database), then each item's business row, journal, deadlines and reminders.
    /// </summary>
    private async Task<int> SeedKindAsync(string table, WorkflowDefinition def, int total, IProgress<VolumeProgress>? progress, CancellationToken ct,
        Func<int, GovernanceDbContext, (VolumeTrack Track, Action<long> AddBusinessRow)> build, string marker = Marker)
    {
        int existing;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var pattern = $"{def.NumberPrefix}-%{marker}%";
            var markerPattern = marker == Marker ? $"{def.NumberPrefix}-%-VB%" : null;
            existing = await db.WorkflowInstances.CountAsync(i => i.DefinitionKey == def.Key && EF.Functions.Like(i.Number, pattern)
                                                                  && (markerPattern == null || !EF.Functions.Like(i.Number, markerPattern)), ct);
        }
        progress?.Report(new VolumeProgress(table, Math.Min(existing, total), total));
        var added = 0;
        for (var first = existing + 1; first <= total; first += ChunkSize)
        {
            var last = Math.Min(total, first + ChunkSize - 1);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var items = Enumerable.Range(first, last - first + 1).Select(n => build(n, db)).ToList();
            db.WorkflowInstances.AddRange(items.Select(x => x.Track.Instance));
            await db.SaveChangesAsync(ct);
            foreach (var (track, addRow) in items)
            {
                track.SetInstanceId();
                addRow(track.Instance.Id);
                db.JournalEntries.AddRange(track.Journal);
                db.Deadlines.AddRange(track.Deadlines);
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            added += items.Count;
            progress?.Report(new VolumeProgress(table, last, total));
        }
        return added;
    }

    /// <summary>Reference data, demo users, and an editor, two reviewers and a publisher in each unit (accounts without a password).</summary>
    private async Task<SeedContext> PrepareAsync(CancellationToken ct)
    {
        await demo.SeedDemoAsync(null, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.Units.AsNoTracking().Where(u => u.IsActive && (u.Kind == UnitKind.Department || u.Kind == UnitKind.Town))
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Id).ToListAsync(ct);
        var dispatch = await db.Units.AsNoTracking().FirstAsync(u => u.Name == CitizenMessageService.DispatchUnitName, ct);
        var staffOf = new Dictionary<int, UnitStaff>();
        foreach (var unit in units)
        {
            staffOf[unit.Id] = new UnitStaff(
                await EnsureStaffAsync(unit, "editor", "信息员", Roles.Editor),
                await EnsureStaffAsync(unit, "reviewer", "审核人", Roles.UnitReviewer),
                await EnsureStaffAsync(unit, "secrecy", "保密审查员", Roles.UnitReviewer),
                await EnsureStaffAsync(unit, "publisher", "发布员", Roles.Publisher));
        }
        var columns = await db.Columns.AsNoTracking()
            .Where(c => c.IsActive && c.Category != ColumnCategories.Navigation && c.Category != ColumnCategories.Interaction)
            .OrderBy(c => c.Id).ToListAsync(ct);
        columns = columns.Where(c => staffOf.ContainsKey(c.UnitId)).ToList();
        async Task<Staff> Demo(string userName, string role)
        {
            var u = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"demo user {userName} missing");
            var unitName = await db.Units.Where(x => x.Id == u.UnitId).Select(x => x.Name).FirstAsync(ct);
            return new Staff(u.Id, u.DisplayName, role, u.UnitId, unitName);
        }
        return new SeedContext(units, staffOf, columns, dispatch, await Demo("monitor", Roles.Monitor), await Demo("supervisor", Roles.Supervisor),
            new Staff(Actor.SystemIdPrefix + "api:volume", "系统（公众网站留言接口）", Actor.SystemRole, null, null), await calendars.GetAsync(ct));
    }

    private async Task<Staff> EnsureStaffAsync(Unit unit, string key, string title, string role)
    {
        var userName = $"vol{unit.Id}.{key}";
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            user = new AppUser
            {
                UserName = userName, DisplayName = $"{unit.Name.Replace("人民政府", "").Replace("办事处", "")}{title}", UnitId = unit.Id,
                EmailConfirmed = true, CreatedAtUtc = time.GetUtcNow().UtcDateTime, LockoutEnabled = true,
            };
            // No password: these accounts fill journals; they cannot sign in.
            var created = await users.CreateAsync(user);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
        }
        return new Staff(user.Id, user.DisplayName, role, unit.Id, unit.Name);
    }

    /// <summary>Item n of total, spread evenly over the span (with a few hours' jitter), never after now.</summary>
    private static DateTime Moment(DateTime start, TimeSpan span, int n, int total, int kind)
    {
        var jitter = new Random(n * 31 + kind).NextDouble();
        var at = start + TimeSpan.FromTicks((long)(span.Ticks * ((n - 1 + jitter) / total)));
        return DateTime.SpecifyKind(at, DateTimeKind.Utc);
    }

    private static string Number(WorkflowDefinition def, DateTime createdUtc, int n, string marker = "V") =>
        $"{def.NumberPrefix}-{ChinaTime.Year(createdUtc)}-{marker}{n:D6}";

    private static TimeSpan Hours(Random rng, int min, int max) => TimeSpan.FromMinutes(rng.Next(min * 60, max * 60 + 1));

    /// <summary>
    /// Item n's unit: the first items go to each unit in turn (every unit has some); then at random, the first units (the
    /// county's bigger bureaus) more often.
    /// </summary>
    private static int Pick(Random rng, int n, int count) =>
        n <= count ? n - 1 : rng.NextDouble() < 0.3 ? rng.Next(Math.Min(count, 6)) : rng.Next(count);

    private static readonly string[] Topics =
        ["养老保险", "义务教育入学", "农村道路", "医保报销", "城区供暖", "住房公积金", "农业补贴", "小区物业", "水费缴纳", "就业创业", "营商环境", "乡村振兴"];
    private static readonly string[] Categories = ["咨询", "建议", "投诉", "求助", "其他"];
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
    private static readonly string[] FindingKinds =
    [
        FindingCategories.Typo, FindingCategories.Inaccessible, FindingCategories.NotUpdated, FindingCategories.Sensitive,
        FindingCategories.Inaccurate, FindingCategories.Blank,
    ];

    private sealed record UnitStaff(Staff Editor, Staff Reviewer, Staff Secrecy, Staff Publisher);

    private sealed record SeedContext(List<Unit> Units, Dictionary<int, UnitStaff> StaffOf, List<Column> Columns, Unit Dispatch, Staff Monitor,
        Staff Supervisor, Staff System, WorkingDayCalendar Calendar);
}
