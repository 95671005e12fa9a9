using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Definitions.Rectification;
using Microsoft.EntityFrameworkCore;
using W3 = Governance.Workflows.Definitions.CitizenMessages.CitizenMessageWorkflow;
using W4 = Governance.Workflows.Definitions.Rectification.RectificationWorkflow;

namespace Governance.Tests.Workflows.Accountability;

/// <summary>
/// The data set the dashboard's figures are worked out on by hand (2026 calendar: 28 Feb, a Saturday, is a make-up working
/// day; March has no holiday). Everything is done through the workflows, as users would; only the column statuses are set
/// directly, as the register's sweep keeps them.
/// <list type="table">
/// <item><term>Fri 27 Feb 10:00</term><description>F0 县教育局 一般, closed the same day (on time).</description></item>
/// <item><term>Sun 1 Mar 00:30</term><description>F9 县发展和改革局 一般, 30 working days: open, not overdue. 16:30 UTC on 28 Feb: it
/// counts in March only if months are China months.</description></item>
/// <item><term>Mon 2 Mar 09:00</term><description>F1 县教育局 一般 against its 工作动态 column, closed the same day (on time).
/// F2 县教育局 严重 (2 working days, due Wed 4 Mar): left 已下发 → overdue. F5 县教育局 cancelled (counted nowhere). F6 县教育局
/// 单项否决 (1 working day, due Tue 3 Mar): acknowledged and started. F7, F8 县财政局 一般 (due Mon 9 Mar): left 已下发 → overdue.
/// Messages M1, M2, M3 assigned to 县教育局 and M4 to 县财政局 (reply due Fri 6 Mar).</description></item>
/// <item><term>Tue 3 Mar 10:00</term><description>M1 replied (on time).</description></item>
/// <item><term>Thu 5 Mar 10:00</term><description>F6 submitted after its deadline and verified: closed late.</description></item>
/// <item><term>Mon 9 Mar 10:00</term><description>M2 replied (late). M3, M4 never answered → overdue.</description></item>
/// <item><term>Tue 10 Mar 10:00</term><description>F4 县教育局 一般, the same column and category as F1 within 90 days: a repeat;
/// due Tue 17 Mar, open.</description></item>
/// <item><term>Wed 11 Mar 10:00 (now)</term><description>约谈 of 县教育局 linked to F2; a 书面检查 of 县教育局 recorded then revoked
/// (counted nowhere). Columns: 县教育局 工作动态 超期, 通知公告 空白; 县财政局 政策文件 超期, its closed 通知公告 超期 (not counted);
/// every other column of the demo register 正常.</description></item>
/// </list>
/// </summary>
public sealed class DashboardDataSet : IAsyncLifetime
{
    public const string Education = "县教育局";
    public const string Finance = "县财政局";
    public const string Development = "县发展和改革局";

    public WorkflowTestHost Host { get; private set; } = default!;
    public int EducationId { get; private set; }
    public int FinanceId { get; private set; }
    public int DevelopmentId { get; private set; }
    public long F0 { get; private set; }
    public long F1 { get; private set; }
    public long F2 { get; private set; }
    public long F4 { get; private set; }
    public long F5 { get; private set; }
    public long F6 { get; private set; }
    public long F7 { get; private set; }
    public long F8 { get; private set; }
    public long F9 { get; private set; }
    public long M1 { get; private set; }
    public long M2 { get; private set; }
    public long M3 { get; private set; }
    public long M4 { get; private set; }
    public long Interview { get; private set; }
    public long Revoked { get; private set; }

    public static DateTimeOffset China(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    public static string Title(string key) => key switch
    {
        "F0" => "二月工作动态错别字", "F1" => "工作动态栏目错别字", "F2" => "招生公告严重错误", "F4" => "工作动态栏目再次出现错别字",
        "F5" => "误报的问题", "F6" => "首页单项否决问题", "F7" => "财政预算公开链接错误", "F8" => "财政政策解读缺失",
        "F9" => "发改局规划栏目格式问题", _ => key,
    };

    public async Task InitializeAsync()
    {
        var h = Host = await WorkflowTestHost.CreateAsync(start: China(2, 27, 10));
        EducationId = await h.UnitIdAsync(Education);
        FinanceId = await h.UnitIdAsync(Finance);
        DevelopmentId = await h.UnitIdAsync(Development);
        int newsColumn;
        await using (var db = h.NewDbContext())
            newsColumn = await db.Columns.Where(c => c.UnitId == EducationId && c.Name == "工作动态").Select(c => c.Id).SingleAsync();

        // Fri 27 Feb
        F0 = await CloseAsync(await RaiseAsync("F0", EducationId, FindingSeverity.General));
        // Sun 1 Mar 00:30 China time = Sat 28 Feb 16:30 UTC
        h.Clock.SetUtcNow(China(3, 1, 0, 30));
        F9 = await RaiseAsync("F9", DevelopmentId, FindingSeverity.General, days: 30);
        // Mon 2 Mar
        h.Clock.SetUtcNow(China(3, 2, 9));
        F1 = await CloseAsync(await RaiseAsync("F1", EducationId, FindingSeverity.General, columnId: newsColumn));
        F2 = await RaiseAsync("F2", EducationId, FindingSeverity.Serious);
        F5 = await RaiseAsync("F5", EducationId, FindingSeverity.General);
        await h.MustFireAsync(F5, await VersionAsync(F5), W4.T.Cancel, "monitor", "误报");
        F6 = await RaiseAsync("F6", EducationId, FindingSeverity.Veto);
        var v6 = await h.MustFireAsync(F6, await VersionAsync(F6), W4.T.Acknowledge, "editor");
        v6 = await h.MustFireAsync(F6, v6, W4.T.Start, "editor");
        await h.SaveReportAsync(F6, v6);
        F7 = await RaiseAsync("F7", FinanceId, FindingSeverity.General);
        F8 = await RaiseAsync("F8", FinanceId, FindingSeverity.General);
        M1 = await AssignedAsync(Education);
        M2 = await AssignedAsync(Education);
        M3 = await AssignedAsync(Education);
        M4 = await AssignedAsync(Finance);
        // Tue 3 Mar: M1 answered in time.
        h.Clock.SetUtcNow(China(3, 3, 10));
        await ReplyAsync(M1);
        // Thu 5 Mar: F6's report comes after its deadline (Tue 3 Mar); verified.
        h.Clock.SetUtcNow(China(3, 5, 10));
        v6 = await h.MustFireAsync(F6, await VersionAsync(F6), W4.T.Submit, "editor");
        await h.MustFireAsync(F6, v6, W4.T.Verify, "monitor");
        // Mon 9 Mar: M2 answered late (due Fri 6 Mar).
        h.Clock.SetUtcNow(China(3, 9, 10));
        await ReplyAsync(M2);
        // Tue 10 Mar: the same column and category as F1 again.
        h.Clock.SetUtcNow(China(3, 10, 10));
        F4 = await RaiseAsync("F4", EducationId, FindingSeverity.General, columnId: newsColumn);
        // Wed 11 Mar: the measures, and the register's statuses.
        h.Clock.SetUtcNow(China(3, 11, 10));
        var officer = await h.ActorAsync("accountability");
        var measures = h.Get<MeasureService>();
        var interview = await measures.RecordAsync(new NewMeasure(EducationId, MeasureKinds.Interview, new DateOnly(2026, 3, 11),
            "整改问题超期未整改。", [F2]), officer);
        Interview = interview.InstanceId ?? throw new InvalidOperationException(interview.Error);
        var written = await measures.RecordAsync(new NewMeasure(EducationId, MeasureKinds.WrittenSelfExamination, new DateOnly(2026, 3, 11),
            "误记，撤销。", []), officer);
        Revoked = written.InstanceId ?? throw new InvalidOperationException(written.Error);
        await h.MustFireAsync(Revoked, await VersionAsync(Revoked), MeasureWorkflow.T.Revoke, "accountability", "记录有误");
        await using (var db = h.NewDbContext())
        {
            // The demo register shows every status somewhere; here only these four columns have one (the rest 正常).
            var columns = await db.Columns.ToListAsync();
            foreach (var c in columns) c.Status = ColumnStatus.Normal;
            void Set(int unit, string name, ColumnStatus status, bool active = true)
            {
                var c = columns.Single(x => x.UnitId == unit && x.Name == name);
                c.Status = status;
                c.IsActive = active;
            }
            Set(EducationId, "工作动态", ColumnStatus.Overdue);
            Set(EducationId, "通知公告", ColumnStatus.Blank);
            Set(FinanceId, "政策文件", ColumnStatus.Overdue);
            Set(FinanceId, "通知公告", ColumnStatus.Overdue, active: false);
            await db.SaveChangesAsync();
        }
    }

    private async Task<int> VersionAsync(long id) => (await Host.InstanceAsync(id)).Version;

    private async Task<long> RaiseAsync(string key, int unitId, FindingSeverity severity, int? columnId = null, int? days = null)
    {
        var (id, _) = await Host.RaiseFindingAsync(new NewFinding(unitId, FindingSources.DailyMonitoring, FindingCategories.Typo, severity, Title(key),
            Title(key) + "，请核实整改。", null, columnId, null, days));
        return id;
    }

    /// <summary>县教育局's editor signs, starts, reports and submits; the Monitor verifies — all now.</summary>
    private async Task<long> CloseAsync(long id)
    {
        var v = await Host.MustFireAsync(id, await VersionAsync(id), W4.T.Acknowledge, "editor");
        v = await Host.MustFireAsync(id, v, W4.T.Start, "editor");
        v = await Host.SaveReportAsync(id, v);
        v = await Host.MustFireAsync(id, v, W4.T.Submit, "editor");
        await Host.MustFireAsync(id, v, W4.T.Verify, "monitor");
        return id;
    }

    private async Task<long> AssignedAsync(string unit)
    {
        var (id, v) = await Host.ReceiveMessageAsync();
        await Host.AssignAsync(id, v, unit);
        return id;
    }

    /// <summary>县教育局's editor accepts, writes and submits the reply; its reviewer approves it — now.</summary>
    private async Task ReplyAsync(long id)
    {
        var v = await Host.MustFireAsync(id, await VersionAsync(id), W3.T.Accept, "editor");
        v = await Host.SaveReplyAsync(id, v, "您好，已按规定办理。");
        v = await Host.MustFireAsync(id, v, W3.T.SubmitReply, "editor");
        await Host.MustFireAsync(id, v, W3.T.ApproveReply, "reviewer");
    }

    public Task DisposeAsync() => Host.DisposeAsync();
}
