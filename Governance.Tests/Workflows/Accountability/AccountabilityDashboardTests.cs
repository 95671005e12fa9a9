using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Definitions.Rectification;
using Governance.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;
using W4 = Governance.Workflows.Definitions.Rectification.RectificationWorkflow;

namespace Governance.Tests.Workflows.Accountability;

/// <summary>
/// The officers' dashboard and the units' pages (第20条–第22条) on <see cref="DashboardDataSet"/>, every expected figure worked
/// out by hand there. Now is Wed 2026-03-11 10:00 China time.
/// </summary>
public sealed class AccountabilityDashboardTests(DashboardDataSet data) : IClassFixture<DashboardDataSet>
{
    private WorkflowTestHost Host => data.Host;
    private AccountabilityDashboard Dashboard => Host.Get<AccountabilityDashboard>();

    /// <summary>Open, overdue, closed, closed on time, repeats, messages overdue, replied, replied on time, stale, blank, measures.</summary>
    private static (int, int, int, int, int, int, int, int, int, int, int) Figures(UnitFigures f) =>
        (f.OpenFindings, f.OverdueFindings, f.ClosedFindings, f.ClosedOnTime, f.RepeatFindings, f.MessagesOverdue, f.MessagesReplied,
            f.MessagesRepliedOnTime, f.StaleColumns, f.BlankColumns, f.Measures);

    [Fact]
    public async Task Dashboard_PerUnitFigures_MatchTheHandWorkedDataSet_UnitsWithOverdueWorkFirst()
    {
        var view = await Dashboard.ForAsync(await Host.ActorAsync("accountability"));

        Assert.NotNull(view);
        // 县财政局: 2 findings + 1 message + 1 column overdue = 4; 县教育局: 1 + 1 + 1 = 3; 县发展和改革局: nothing overdue,
        // though it comes before both in the register's order of units.
        Assert.Equal([DashboardDataSet.Finance, DashboardDataSet.Education, DashboardDataSet.Development], view.Units.Select(u => u.UnitName));
        var finance = view.Units[0];
        var education = view.Units[1];
        var development = view.Units[2];
        // F2, F4 open; F2 overdue; F0, F1, F6 closed, F0 and F1 on time; F4 a repeat of F1; M3 overdue; M1, M2 replied, M1 on
        // time; 工作动态 超期, 通知公告 空白; the 约谈 (the revoked 书面检查 not counted). F5, cancelled, nowhere.
        Assert.Equal((2, 1, 3, 2, 1, 1, 2, 1, 1, 1, 1), Figures(education));
        Assert.Equal(2.0 / 3, education.RectifiedOnTimeRate);
        Assert.Equal("67%", UnitFigures.Percent(education.RectifiedOnTimeRate));
        Assert.Equal("50%", UnitFigures.Percent(education.ReplyOnTimeRate));
        Assert.Equal(3, education.OverdueWork);
        // F7, F8 open and overdue; M4 overdue, nothing replied; 政策文件 超期 (its closed 通知公告 not counted).
        Assert.Equal((2, 2, 0, 0, 0, 1, 0, 0, 1, 0, 0), Figures(finance));
        Assert.Equal(("—", "—"), (UnitFigures.Percent(finance.RectifiedOnTimeRate), UnitFigures.Percent(finance.ReplyOnTimeRate)));
        Assert.Equal(4, finance.OverdueWork);
        Assert.Equal((1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), Figures(development));
        Assert.Equal((5, 3, 3, 2, 1, 2, 2, 1, 2, 1, 1), Figures(view.Total));
        Assert.Equal(2, view.UnitsWithOverdueWork);
        Assert.True(view.CanRecordMeasures);
    }

    [Fact]
    public async Task Dashboard_Trend_TwelveChinaMonths_FindingsRaisedAndClosed_RepliesOnTimeAndLate()
    {
        var view = await Dashboard.ForAsync(await Host.ActorAsync("observer"));

        Assert.Equal(12, view!.Trend.Count);
        Assert.Equal("2025年4月", view.Trend[0].Label);
        Assert.Equal("2026年3月", view.Trend[^1].Label);
        Assert.Equal(["4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "2026年1月", "2月", "3月"], view.Trend.Select(t => t.ShortLabel));
        // February: F0 raised and closed. March: F9 (00:30 on 1 Mar China time, still February in UTC), F1, F2, F6, F7, F8, F4
        // raised (F5 cancelled); F1 and F6 closed; M1 on time, M2 late.
        Assert.Equal((1, 1, 0, 0), Month(view.Trend[^2]));
        Assert.Equal((7, 2, 1, 1), Month(view.Trend[^1]));
        Assert.All(view.Trend.SkipLast(2), t => Assert.Equal((0, 0, 0, 0), Month(t)));
    }

    /// <summary>A column's own name, the last part of its path in the register's tree.</summary>
    private static string LastName(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static (int, int, int, int) Month(TrendMonth t) => (t.FindingsRaised, t.FindingsClosed, t.RepliedOnTime, t.RepliedLate);

    [Fact]
    public async Task Dashboard_OverdueItems_LongestOverdueFirst_EachWithItsOneClickMeasureLink()
    {
        var view = await Dashboard.ForAsync(await Host.ActorAsync("accountability"));

        // F2 due Wed 4 Mar; M3, M4 due Fri 6 Mar; F7, F8 due Mon 9 Mar.
        Assert.Equal([data.F2, data.M3, data.M4, data.F7, data.F8], view!.Overdue.Select(o => o.Id));
        Assert.Equal(5, view.OverdueTotal);
        Assert.Equal(["整改问题", "网民留言", "网民留言", "整改问题", "整改问题"], view.Overdue.Select(o => o.Kind));
        var f2 = view.Overdue[0];
        Assert.Equal((DashboardDataSet.Education, DashboardDataSet.Title("F2"), $"/findings/{data.F2}"), (f2.UnitName, f2.Title, f2.Route));
        Assert.Equal(DashboardDataSet.China(3, 4, 23, 59).AddSeconds(59).UtcDateTime, f2.DueAtUtc);
        Assert.Equal($"/measures/new?unit={data.EducationId}&link={data.F2}&kind=%E7%BA%A6%E8%B0%88", f2.MeasureLink);
        Assert.Equal(data.FinanceId, view.Overdue[2].UnitId);
    }

    /// <summary>Each figure drills down to a list that shows exactly what it counts.</summary>
    [Fact]
    public async Task Dashboard_EachFigure_EqualsTheCountOfItsDrillDownList()
    {
        var officer = await Host.ActorAsync("accountability");
        var view = await Dashboard.ForAsync(officer);
        var findings = Host.Get<FindingService>();
        var messages = Host.Get<CitizenMessageService>();

        foreach (var u in view!.Units)
        {
            async Task<int> Count(Action<FindingQuery> filter)
            {
                var q = new FindingQuery { UnitId = u.UnitId };
                filter(q);
                return (await findings.ListAsync(officer, q)).Total;
            }
            Assert.Equal(u.OpenFindings, await Count(q => q.OpenOnly = true));
            Assert.Equal(u.OverdueFindings, await Count(q => q.OverdueOnly = true));
            Assert.Equal(u.ClosedFindings, await Count(q => q.State = W4.S.Closed));
            Assert.Equal(u.RepeatFindings, await Count(q => q.RepeatOnly = true));
            Assert.Equal(u.MessagesOverdue, (await messages.ListAsync(officer, new MessageQuery { UnitId = u.UnitId, OverdueOnly = true })).Total);
        }
        Assert.Equal([data.F4], (await findings.ListAsync(officer, new FindingQuery { RepeatOnly = true })).Rows.Select(r => r.Id));
        Assert.Equal([data.M3, data.M4],
            (await messages.ListAsync(officer, new MessageQuery { OverdueOnly = true, SortBy = "number" })).Rows.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task Dashboard_ForCountyRolesOnly_ObserversReadWithoutRecordingMeasures()
    {
        Assert.Null(await Dashboard.ForAsync(await Host.ActorAsync("editor")));
        Assert.Null(await Dashboard.ForAsync(await Host.ActorAsync("reviewer2")));
        var observer = await Dashboard.ForAsync(await Host.ActorAsync("observer"));
        Assert.NotNull(observer);
        Assert.False(observer.CanRecordMeasures);
        Assert.Equal(3, observer.Units.Count);
        Assert.False((await Dashboard.ForAsync(await Host.ActorAsync("monitor")))!.CanRecordMeasures);
        // Recording stays the officers' on the server, whatever a page shows (MeasureService).
        var refused = await Host.Get<MeasureService>().RecordAsync(new NewMeasure(data.EducationId, MeasureKinds.Interview, new DateOnly(2026, 3, 11),
            "协同监管单位试图记录。", [data.F2]), await Host.ActorAsync("observer"));
        Assert.Equal("只有督查问责人员可以记录问责措施。", refused.Error);
    }

    [Fact]
    public async Task UnitPage_TheUnitsOwnUsersSeeTheirOwnOnly_AnotherUnitIsNotFound()
    {
        var editor = await Host.ActorAsync("editor");

        var own = await Dashboard.UnitAsync(editor, data.EducationId);

        Assert.NotNull(own);
        Assert.Equal((2, 1, 3, 2, 1, 1, 2, 1, 1, 1, 1), Figures(own.Figures));
        Assert.False(own.CanRecordMeasures);
        Assert.False(own.IsCountyView);
        // Its findings newest first (F5 cancelled is listed as such), its three messages, both measures with their states.
        Assert.Equal([data.F4, data.F6, data.F5, data.F2, data.F1, data.F0], own.Findings.Select(f => f.Id));
        Assert.Equal(6, own.FindingsTotal);
        Assert.Equal([data.M1, data.M2, data.M3], own.Messages.Select(m => m.Id).Order());
        Assert.Equal([data.Revoked, data.Interview], own.Measures.Select(m => m.Id));
        Assert.Equal(["已撤销", "已记录"], own.Measures.Select(m => m.StateName));
        Assert.Equal(["工作动态", "通知公告"], own.Columns.Select(c => LastName(c.Path)));
        Assert.Equal(["超期", "空白"], own.Columns.Select(c => c.StatusName));
        Assert.Equal((1, 1, 0, 0), Month(own.Trend[^2]));
        Assert.Equal((4, 2, 1, 1), Month(own.Trend[^1]));

        // Another unit's page, and a unit that does not exist, are the same nothing.
        Assert.Null(await Dashboard.UnitAsync(editor, data.FinanceId));
        Assert.Null(await Dashboard.UnitAsync(await Host.ActorAsync("editor2"), data.EducationId));
        Assert.Null(await Dashboard.UnitAsync(editor, 999_999));
        Assert.Null(await Dashboard.UnitAsync(await Host.ActorAsync("observer"), 999_999));
        // Nor do the unit's figures come out of the statistics for another unit's user.
        Assert.Null(await Host.Get<MessageStatistics>().ComputeForUnitAsync(await Host.ActorAsync("editor2"), data.EducationId,
            AccountabilityDashboard.MessagesSince, new DateOnly(2026, 3, 11)));
        Assert.Null(await Host.Get<MessageStatistics>().MonthlyRepliesAsync(editor, new DateOnly(2026, 3, 1), 1, data.FinanceId));
        Assert.Null(await Host.Get<MessageStatistics>().MonthlyRepliesAsync(editor, new DateOnly(2026, 3, 1), 1));
    }

    [Fact]
    public async Task UnitPage_CountyRoles_SeeAnyUnit_OnlyOfficersMayRecordMeasures()
    {
        var byObserver = await Dashboard.UnitAsync(await Host.ActorAsync("observer"), data.FinanceId);
        var byOfficer = await Dashboard.UnitAsync(await Host.ActorAsync("accountability"), data.DevelopmentId);

        Assert.NotNull(byObserver);
        Assert.Equal((2, 2, 0, 0, 0, 1, 0, 0, 1, 0, 0), Figures(byObserver.Figures));
        Assert.Equal([data.F8, data.F7], byObserver.Findings.Select(f => f.Id));
        Assert.Equal([data.M4], byObserver.Messages.Select(m => m.Id));
        Assert.Equal(["政策文件"], byObserver.Columns.Select(c => LastName(c.Path)));
        Assert.False(byObserver.CanRecordMeasures);
        Assert.True(byObserver.IsCountyView);
        Assert.NotNull(byOfficer);
        Assert.True(byOfficer.CanRecordMeasures);
        Assert.Equal(DashboardDataSet.Development, byOfficer.UnitName);
        // F9, raised at 00:30 on 1 March China time, is March's.
        Assert.Equal((1, 0, 0, 0), Month(byOfficer.Trend[^1]));
        Assert.Equal((0, 0, 0, 0), Month(byOfficer.Trend[^2]));
        Assert.Empty(byOfficer.Messages);
        Assert.Empty(byOfficer.Measures);
    }

    [Fact]
    public async Task InboxCard_CountyRolesSeeTheOverdueCountAndTheWayToTheDashboard_UnitsGetNone()
    {
        var card = await Dashboard.CardForAsync(await Host.ActorAsync("accountability"));

        Assert.NotNull(card);
        Assert.Equal(("督查看板", "超期未整改问题 3 项，超期未答复留言 2 项", "/dashboard", 5, true),
            (card.Title, card.Text, card.Link, card.Count, card.Alert));
        Assert.NotNull(await Dashboard.CardForAsync(await Host.ActorAsync("observer")));
        Assert.Null(await Dashboard.CardForAsync(await Host.ActorAsync("editor")));
        Assert.Null(await Dashboard.CardForAsync(Actor.System("test", "测试")));
        Assert.Contains(Host.Services.GetServices<IInboxCardSource>(), s => s is AccountabilityDashboard);
    }
}
