using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Definitions.Rectification;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using W3 = Governance.Workflows.Definitions.CitizenMessages.CitizenMessageWorkflow;
using W4 = Governance.Workflows.Definitions.Rectification.RectificationWorkflow;

namespace Governance.Tests.Workflows.Accountability;

/// <summary>
/// One quarter of measured data, built through the services as the users would (March 2026, China time; working days Mon–Fri,
/// no holiday in March), for the circular and the annual assessment. Read at Mon 16 Mar 10:00.
/// <code>
/// Campaign “2026年第1季度政府网站检查” (季度检查, Q1), its findings raised Mon 2 Mar unless said:
///   县教育局   E1 一般 错别字        → submitted 5 Mar (due 9 Mar), verified 6 Mar   已销号 按时整改
///              E2 一般 内容无法访问  → submitted 10 Mar (due 9 Mar), verified 11 Mar 已销号 逾期整改
///              E3 单项否决 隐私泄露  → submitted 3 Mar (due 3 Mar), verified 4 Mar   已销号 按时整改
///   县财政局   F1 一般 错别字        → submitted 4 Mar, verified 5 Mar               已销号 按时整改
///              F2 一般 错敏词        → submitted 5 Mar, verified 6 Mar               已销号 按时整改
///   县交通运输局 T1 严重 内容不准确 raised Fri 13 Mar (due Tue 17 Mar)             已下发 整改中
///              T2 一般 其他, cancelled 3 Mar                                       (counted nowhere)
///   县水利局   W1 一般 错别字 slj/1 (due 9 Mar), untouched                         已下发 逾期未整改
///              W2 一般 错别字 slj/1 raised 10 Mar (due 17 Mar): a repeat of W1       已下发 整改中
/// Outside the campaign: D1 县教育局 一般 (日常监测), untouched since 2 Mar → 逾期未整改; L1 the sweep's lapse of 县水利局's
/// “水利要闻” (动态要闻), 3 Mar. The register: the demo tree's columns all 正常 (the demo seed gives them every status; here
/// they are set 正常 first so that the columns counted are the data set's own), then 县教育局 “政策文件” 超期, 县财政局 “人事信息”
/// (人事) 超期, 县交通运输局 “交通公告” (通知公告) 空白.
/// Measures: M2 书面检查 县教育局 11 Mar; M1 约谈 县水利局 12 Mar; M3 责令整改 县财政局 12 Mar, revoked; M4 约谈 县教育局 20 Dec 2025.
/// Messages (received March): A 县教育局 replied 5 Mar (on time); B 县教育局 replied 9 Mar (due 6 Mar, late); C 县财政局 replied
/// 4 Mar (on time); D assigned to 县水利局 9 Mar (due 13 Mar), no reply → overdue.
/// </code>
/// </summary>
public sealed class AccountabilityDataSet
{
    /// <summary>A China wall-clock time as the UTC instant the fake clock is given (TESTING.md).</summary>
    public static DateTimeOffset China(int m, int d, int h = 10, int year = 2026) => new DateTimeOffset(year, m, d, h, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    /// <summary>When the tests read the figures: Mon 16 Mar 2026 10:00.</summary>
    public static readonly DateTimeOffset ReadAt = China(3, 16);

    /// <summary>The demo register's 县教育局 政策文件 column, 超期 in the data set.</summary>
    public const string EducationPolicyPath = "政务公开/部门信息/县教育局/政策文件";

    public int CampaignId { get; private set; }
    public Dictionary<string, long> Findings { get; } = [];
    public Dictionary<string, long> Measures { get; } = [];

    private readonly WorkflowTestHost _host;
    private AccountabilityDataSet(WorkflowTestHost host) => _host = host;

    public static async Task<AccountabilityDataSet> BuildAsync(WorkflowTestHost host)
    {
        var set = new AccountabilityDataSet(host);
        await set.BuildAsync();
        return set;
    }

    private void At(int m, int d, int h = 10) => _host.Clock.SetUtcNow(China(m, d, h));

    private async Task<long> RaiseAsync(string key, string unit, FindingSeverity severity, string category, string url, bool campaign = true,
        string source = FindingSources.Quarterly)
    {
        var f = new NewFinding(await _host.UnitIdAsync(unit), source, category, severity, $"{key}：{unit}{category}", $"{unit}网站栏目存在{category}问题（{key}）。",
            $"http://www.fufeng.gov.cn/{url}", CampaignId: campaign ? CampaignId : null);
        var (id, _) = await _host.RaiseFindingAsync(f);
        Findings[key] = id;
        return id;
    }

    private async Task<int> VersionAsync(long id) => (await _host.InstanceAsync(id)).Version;

    private async Task StartAsync(string key, string editor)
    {
        var id = Findings[key];
        var v = await _host.MustFireAsync(id, await VersionAsync(id), W4.T.Acknowledge, editor);
        await _host.MustFireAsync(id, v, W4.T.Start, editor);
    }

    private async Task SubmitAsync(string key, string editor)
    {
        var id = Findings[key];
        var v = await _host.SaveReportAsync(id, await VersionAsync(id), editor: editor);
        await _host.MustFireAsync(id, v, W4.T.Submit, editor);
    }

    private async Task VerifyAsync(string key) =>
        await _host.MustFireAsync(Findings[key], await VersionAsync(Findings[key]), W4.T.Verify, "monitor");

    private async Task<long> MeasureAsync(string key, string unit, string kind, DateOnly date, params string[] links)
    {
        var r = await _host.Get<MeasureService>().RecordAsync(new NewMeasure(await _host.UnitIdAsync(unit), kind, date, $"{unit}：{kind}（{key}）",
            links.Select(l => Findings[l]).ToList()), await _host.ActorAsync("accountability"));
        if (!r.Succeeded) throw new InvalidOperationException("measure: " + r.Error);
        Measures[key] = r.InstanceId!.Value;
        return r.InstanceId.Value;
    }

    private async Task<int> ColumnAsync(string unit, string name, string category, ColumnStatus status)
    {
        await using var db = _host.NewDbContext();
        var c = new Column
        {
            Name = name, Path = name, UnitId = await _host.UnitIdAsync(unit), Category = category, CreatedAtUtc = _host.Clock.GetUtcNow().UtcDateTime,
            Status = status,
        };
        db.Columns.Add(c);
        await db.SaveChangesAsync();
        return c.Id;
    }

    private async Task<int> ReplyAsync(long id, int v, string editor, string reviewer)
    {
        v = await _host.MustFireAsync(id, v, W3.T.Accept, editor);
        v = await _host.SaveReplyAsync(id, v, "您好，已按规定办理。", editor);
        v = await _host.MustFireAsync(id, v, W3.T.SubmitReply, editor);
        return await _host.MustFireAsync(id, v, W3.T.ApproveReply, reviewer);
    }

    private async Task BuildAsync()
    {
        At(3, 2, 9);
        await using (var db = _host.NewDbContext())
            await db.Columns.ExecuteUpdateAsync(x => x.SetProperty(c => c.Status, ColumnStatus.Normal).SetProperty(c => c.LapseCount, 0));
        var (campaign, error) = await _host.Findings().CreateCampaignAsync(await _host.ActorAsync("monitor"), "2026年第1季度政府网站检查",
            FindingSources.Quarterly, 2026, 1);
        CampaignId = campaign ?? throw new InvalidOperationException(error);
        var lapsed = await ColumnAsync("县水利局", "水利要闻", "动态要闻", ColumnStatus.Normal);

        At(3, 2);
        await RaiseAsync("E1", "县教育局", FindingSeverity.General, FindingCategories.Typo, "jyj/1.html");
        await RaiseAsync("E2", "县教育局", FindingSeverity.General, FindingCategories.Inaccessible, "jyj/2.html");
        await RaiseAsync("E3", "县教育局", FindingSeverity.Veto, FindingCategories.PrivacyLeak, "jyj/3.html");
        await RaiseAsync("F1", "县财政局", FindingSeverity.General, FindingCategories.Typo, "czj/1.html");
        await RaiseAsync("F2", "县财政局", FindingSeverity.General, FindingCategories.Sensitive, "czj/2.html");
        await RaiseAsync("W1", "县水利局", FindingSeverity.General, FindingCategories.Typo, "slj/1.html");
        await RaiseAsync("T2", "县交通运输局", FindingSeverity.General, FindingCategories.Other, "jtj/2.html");
        await RaiseAsync("D1", "县教育局", FindingSeverity.General, FindingCategories.Typo, "jyj/9.html", campaign: false, FindingSources.DailyMonitoring);
        foreach (var k in new[] { "E1", "E2", "E3" }) await StartAsync(k, "editor");
        foreach (var k in new[] { "F1", "F2" }) await StartAsync(k, "editor2");
        var a = await _host.ReceiveMessageAsync();
        var b = await _host.ReceiveMessageAsync();
        var c = await _host.ReceiveMessageAsync();
        var d = await _host.ReceiveMessageAsync();
        var va = await _host.AssignAsync(a.Id, a.Version);
        var vb = await _host.AssignAsync(b.Id, b.Version);
        var vc = await _host.AssignAsync(c.Id, c.Version, "县财政局");

        At(3, 3);
        await SubmitAsync("E3", "editor");
        await _host.MustFireAsync(Findings["T2"], await VersionAsync(Findings["T2"]), W4.T.Cancel, "monitor", "重复下发");
        var lapse = await _host.Findings().RaiseAsync(new NewFinding(await _host.UnitIdAsync("县水利局"), FindingSources.Sweep, FindingCategories.NotUpdated,
            FindingSeverity.General, "栏目超期未更新：水利要闻", "栏目“水利要闻”已 15 天未更新。", null, lapsed, SourceRef: $"column:{lapsed}:lapse:1"),
            Actor.System("column-sweep", "栏目巡检"));
        Findings["L1"] = lapse.InstanceId ?? throw new InvalidOperationException(lapse.Error);

        At(3, 4);
        await VerifyAsync("E3");
        await SubmitAsync("F1", "editor2");
        await ReplyAsync(c.Id, vc, "editor2", "reviewer2");

        At(3, 5);
        await SubmitAsync("E1", "editor");
        await VerifyAsync("F1");
        await SubmitAsync("F2", "editor2");
        await ReplyAsync(a.Id, va, "editor", "reviewer");

        At(3, 6);
        await VerifyAsync("E1");
        await VerifyAsync("F2");

        At(3, 9);
        await ReplyAsync(b.Id, vb, "editor", "reviewer");
        await _host.AssignAsync(d.Id, d.Version, "县水利局");

        At(3, 10);
        await SubmitAsync("E2", "editor");
        await RaiseAsync("W2", "县水利局", FindingSeverity.General, FindingCategories.Typo, "slj/1.html");

        At(3, 11);
        await VerifyAsync("E2");
        await MeasureAsync("M2", "县教育局", MeasureKinds.WrittenSelfExamination, new DateOnly(2026, 3, 11), "E2");

        At(3, 12);
        await MeasureAsync("M1", "县水利局", MeasureKinds.Interview, new DateOnly(2026, 3, 12), "W1");
        var m3 = await MeasureAsync("M3", "县财政局", MeasureKinds.OrderRectification, new DateOnly(2026, 3, 12));
        await _host.MustFireAsync(m3, await VersionAsync(m3), MeasureWorkflow.T.Revoke, "accountability", "误记，撤销");
        await MeasureAsync("M4", "县教育局", MeasureKinds.Interview, new DateOnly(2025, 12, 20));

        At(3, 13);
        await RaiseAsync("T1", "县交通运输局", FindingSeverity.Serious, FindingCategories.Inaccurate, "jtj/1.html");

        // The register as the daily sweep leaves it.
        await using (var db = _host.NewDbContext())
        {
            var edu = await _host.UnitIdAsync("县教育局");
            var policy = db.Columns.Single(x => x.UnitId == edu && x.Path == EducationPolicyPath);
            policy.Status = ColumnStatus.Overdue;
            await db.SaveChangesAsync();
        }
        await ColumnAsync("县财政局", "人事信息", "人事", ColumnStatus.Overdue);
        await ColumnAsync("县交通运输局", "交通公告", "通知公告", ColumnStatus.Blank);
        _host.Clock.SetUtcNow(ReadAt);
    }
}
