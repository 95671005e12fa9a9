using System.Globalization;
using Bunit;
using Governance.Tests.Support;
using Governance.Web.Features.CitizenMessages;
using Governance.Workflows.Definitions.CitizenMessages;
using MiniExcelLibs;
using T = Governance.Workflows.Definitions.CitizenMessages.CitizenMessageWorkflow.T;

namespace Governance.Tests.Web.CitizenMessages;

/// <summary>
/// 留言统计 (第19条(五)) against figures worked out by hand. Three messages reach 县教育局 on Monday 2026-03-02 (reply
/// deadline: 4 working days, Friday 03-06 23:59:59):
/// <list type="bullet">
/// <item>A: extension of 2 working days approved (due Tuesday 03-10); replied Tuesday 03-03 → on time, 1 working day.</item>
/// <item>B: replied Monday 03-09 → late, 5 working days (Tue, Wed, Thu, Fri, Mon).</item>
/// <item>C: returned by 县教育局 once, reassigned to it the same day, never answered → overdue on 03-09.</item>
/// </list>
/// So for 县教育局 in March: 收到 3, 已分办 3, 已答复 2, 按时答复 1, 超期(未答复) 1, 超期答复 1, 退回 1, 延期 1, 无效 0,
/// 平均答复工作日 (1 + 5) / 2 = 3, 按时率 1 / 2 = 50%; the 合计 row is the same. The Excel files carry the same figures.
/// </summary>
public sealed class MessageStatsPageTests(MessageStatsPageTests.Seeded seeded) : BunitTestContext, IClassFixture<MessageStatsPageTests.Seeded>
{
    public sealed class Seeded : IAsyncLifetime
    {
        public WorkflowTestHost Host { get; private set; } = default!;
        public string[] Titles { get; } = ["学校午餐价格咨询", "校车接送时间建议", "教师招聘信息求助"];

        public async Task InitializeAsync()
        {
            var h = Host = await WorkflowTestHost.CreateAsync();
            var a = await MessageScreens.IntakeAsync(h, "stats-a", Titles[0], citizenName: "钱一");
            var b = await MessageScreens.IntakeAsync(h, "stats-b", Titles[1], citizenName: "孙二");
            var c = await MessageScreens.IntakeAsync(h, "stats-c", Titles[2], citizenName: "李三");
            var days = new Dictionary<string, string?> { ["days"] = "2" };

            // Monday 03-02 09:00
            var va = await MessageScreens.DraftingAsync(h, a);
            va = await h.MustFireAsync(a, va, T.RequestExtension, "editor", "需要会同学校核实", days);
            await h.MustFireAsync(a, va, T.ApproveExtension, "monitor", null, days);
            await MessageScreens.SubmitReplyAsync(h, a);
            await MessageScreens.DraftingAsync(h, b);
            var vb = await MessageScreens.SubmitReplyAsync(h, b);
            var vc = await MessageScreens.AssignAsync(h, c);
            await h.MustFireAsync(c, vc, T.Return, "editor", "不属于本单位职责");
            await MessageScreens.AssignAsync(h, c);

            // Tuesday 03-03: A approved (on time).
            h.Clock.Advance(TimeSpan.FromDays(1));
            await h.MustFireAsync(a, await MessageScreens.VersionAsync(h, a), T.ApproveReply, "reviewer");
            // Monday 03-09: B approved (late); C still unanswered.
            h.Clock.Advance(TimeSpan.FromDays(6));
            await h.MustFireAsync(b, vb, T.ApproveReply, "reviewer");
        }

        public Task DisposeAsync() => Host.DisposeAsync();
    }

    /// <summary>The figures worked out by hand, in the table's column order.</summary>
    private static readonly string[] Expected = ["3", "3", "2", "1", "1", "1", "1", "1", "0", "3", "50%"];

    private async Task<IRenderedComponent<MessageStatsPage>> RenderAsync()
    {
        await MessageScreens.SignInAsync(this, seeded.Host, "monitor");
        var cut = Render<MessageStatsPage>();
        cut.WaitForElement("#stats-table");
        return cut;
    }

    private static List<string> RowCells(IRenderedComponent<MessageStatsPage> cut, string unit) =>
        cut.FindAll($"#stats-table tr[data-unit='{unit}'] td").Select(td => td.TextContent.Trim()).ToList();

    [Fact]
    public async Task The_table_shows_the_hand_computed_figures_for_the_month()
    {
        var cut = await RenderAsync();

        Assert.Contains("2026-03-01 至 2026-03-31", cut.Find("#period-text").TextContent);
        Assert.Equal(MessageStatsExport.Headers, cut.FindAll("#stats-table thead th").Select(th => th.TextContent.Trim()));
        Assert.Equal(["县教育局", "合计"], cut.FindAll("#stats-table tbody tr").Select(tr => tr.GetAttribute("data-unit")));
        Assert.Equal(["县教育局", .. Expected], RowCells(cut, "县教育局"));
        Assert.Equal(["合计", .. Expected], RowCells(cut, "合计"));
        Assert.NotNull(cut.Find("#stats-chart"));
        Assert.Equal("/messages/stats/export?from=2026-03-01&to=2026-03-31&edition=full", cut.Find("#export-full").GetAttribute("href"));
        Assert.Equal("/messages/stats/export?from=2026-03-01&to=2026-03-31&edition=public", cut.Find("#export-public").GetAttribute("href"));
    }

    [Fact]
    public async Task A_period_without_messages_shows_an_empty_table()
    {
        var cut = await RenderAsync();
        await cut.InvokeAsync(() => cut.FindComponent<MudBlazor.MudSelect<StatsPeriodKind>>().Instance.ValueChanged.InvokeAsync(StatsPeriodKind.Custom));
        var pickers = cut.FindComponents<MudBlazor.MudDatePicker>();
        await cut.InvokeAsync(() => pickers[0].Instance.DateChanged.InvokeAsync(new DateTime(2026, 2, 1)));
        await cut.InvokeAsync(() => pickers[1].Instance.DateChanged.InvokeAsync(new DateTime(2026, 2, 28)));

        cut.WaitForAssertion(() => Assert.Contains("2026-02-01 至 2026-02-28", cut.Find("#period-text").TextContent));
        Assert.Contains("期间内没有收到留言", cut.Find("#stats-table").TextContent);
        Assert.Equal(["合计", "0", "0", "0", "0", "0", "0", "0", "0", "0", "—", "—"], RowCells(cut, "合计"));
    }

    [Fact]
    public async Task The_excel_files_carry_the_tables_figures_and_the_public_one_nothing_personal()
    {
        var cut = await RenderAsync();
        var statistics = seeded.Host.Get<MessageStatistics>();
        var monitor = await seeded.Host.ActorAsync("monitor");
        var (from, to) = (new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));
        var report = (await statistics.ComputeAsync(monitor, from, to))!;
        var now = seeded.Host.Clock.GetUtcNow().UtcDateTime;
        var full = MessageStatsExport.Full(report, (await statistics.DetailsAsync(monitor, from, to))!, now);
        var forPublication = MessageStatsExport.ForPublication(report, now);

        foreach (var (file, sheet) in new[] { (full, MessageStatsExport.StatsSheet), (forPublication, MessageStatsExport.PublicSheet) })
        {
            var rows = Sheet(file, sheet);
            Assert.Equal(MessageStatsExport.Headers, rows[0]);
            Assert.Equal(RowCells(cut, "县教育局"), rows[1]);
            Assert.Equal(RowCells(cut, "合计"), rows[2]);
            Assert.Equal(3, rows.Count);
        }

        // 统计表 lists the messages counted, without the citizens.
        Assert.Equal([MessageStatsExport.StatsSheet, MessageStatsExport.DetailSheet, MessageStatsExport.NotesSheet], SheetNames(full));
        var details = Sheet(full, MessageStatsExport.DetailSheet);
        Assert.Equal(seeded.Titles, details.Skip(1).Select(r => r[1]));
        Assert.Equal(["是", "否", "—"], details.Skip(1).Select(r => r[8])); // C: not replied, an empty cell
        // 公开版: the figures alone — no title, no name, no contact anywhere in the workbook.
        Assert.Equal([MessageStatsExport.PublicSheet, MessageStatsExport.NotesSheet], SheetNames(forPublication));
        var everything = string.Join("|", SheetNames(forPublication).SelectMany(s => Sheet(forPublication, s)).SelectMany(r => r));
        foreach (var secret in seeded.Titles.Concat(["钱一", "孙二", "李三", "13900001111", "zhangsan@example.com", "LY-"]))
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
    }

    private static List<string> SheetNames(byte[] file)
    {
        using var ms = new MemoryStream(file);
        return MiniExcel.GetSheetNames(ms);
    }

    /// <summary>A sheet's cells as text (numbers as the table writes them), header row first.</summary>
    private static List<List<string>> Sheet(byte[] file, string sheet)
    {
        using var ms = new MemoryStream(file);
        return MiniExcel.Query(ms, useHeaderRow: false, sheetName: sheet)
            .Cast<IDictionary<string, object?>>()
            .Select(r => r.Values.Select(v => v switch
            {
                null => "—",
                double d => d.ToString("0.##", CultureInfo.InvariantCulture),
                _ => v.ToString() ?? "",
            }).ToList())
            .ToList();
    }
}
