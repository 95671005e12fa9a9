using System.Text;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Definitions.Rectification;
using Microsoft.EntityFrameworkCore;

namespace Governance.Tests.Workflows.Rectification;

/// <summary>检查报告导入 (第20条(一)): the preview names each row's problems; valid rows are raised once per campaign, however often imported.</summary>
public sealed class FindingImportTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;

    public async Task InitializeAsync() => _host = await WorkflowTestHost.CreateAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private const string Csv = """
        整改单位,问题类别,严重程度,问题描述,网址,栏目,整改时限（工作日）
        县教育局,错别字,一般,“工作动态”3月1日信息有错别字,http://www.fufeng.gov.cn/jyj/1.html,工作动态,
        县财政局,内容无法访问,严重,“政策文件”栏目链接打不开,http://www.fufeng.gov.cn/czj/2.html,,3
        县不存在局,错别字,一般,单位写错了,,,
        县教育局,随便写,一般,类别不对,,,
        县教育局,错别字,很严重,严重程度不对,,,
        县教育局,错别字,一般,时限不对,,,0
        县教育局,错别字,一般,“工作动态”3月1日信息有错别字,http://www.fufeng.gov.cn/jyj/1.html,工作动态,
        """;

    private async Task<FindingImportPreview> PreviewAsync(int campaign, string csv) =>
        await _host.Get<FindingImport>().PreviewAsync(campaign, new MemoryStream(Encoding.UTF8.GetBytes(csv)), "2026年第一季度检查.csv");

    [Fact]
    public async Task Preview_NamesEachRowsProblems_ImportRaisesTheValidRows_ImportingAgainRaisesNothing()
    {
        var monitor = await _host.ActorAsync("monitor");
        var (campaign, error) = await _host.Findings().CreateCampaignAsync(monitor, "2026年第一季度政府网站检查", FindingSources.Quarterly, 2026, 1);
        Assert.Null(error);

        var preview = await PreviewAsync(campaign!.Value, Csv);
        Assert.Null(preview.Error);
        Assert.Equal([2, 3], preview.Rows.Where(r => r.IsValid).Select(r => r.Line));
        Assert.Equal(["没有名为“县不存在局”的在用单位"], preview.Rows.Single(r => r.Line == 4).Problems);
        Assert.Equal(["问题类别“随便写”不在规定类别中"], preview.Rows.Single(r => r.Line == 5).Problems);
        Assert.Equal(["严重程度须为 一般 / 严重 / 单项否决"], preview.Rows.Single(r => r.Line == 6).Problems);
        Assert.Equal(["整改时限须为 1 至 30 的整数"], preview.Rows.Single(r => r.Line == 7).Problems);
        Assert.Equal(["与第 2 行重复"], preview.Rows.Single(r => r.Line == 8).Problems);

        var report = await _host.Get<FindingImport>().ImportAsync(monitor, preview);
        Assert.Equal("2 条问题已下发，5 条跳过。", report.Summary);
        await using (var db = _host.NewDbContext())
        {
            var rows = await db.Findings.AsNoTracking().OrderBy(f => f.InstanceId).ToListAsync();
            Assert.Equal(2, rows.Count);
            Assert.All(rows, f => Assert.Equal(campaign, f.CampaignId));
            Assert.All(rows, f => Assert.Equal(FindingSources.Quarterly, f.Source));
            Assert.Equal([5, 3], rows.Select(f => f.WorkingDays)); // 一般's default; the row's own 3
            Assert.NotNull(rows[0].ColumnId);
        }

        var again = await PreviewAsync(campaign.Value, Csv);
        Assert.Equal(0, again.ValidCount);
        Assert.True(again.Rows.Single(r => r.Line == 2).AlreadyImported);
        Assert.Equal("0 条问题已下发，7 条跳过。", (await _host.Get<FindingImport>().ImportAsync(monitor, again)).Summary);
        await using var check = _host.NewDbContext();
        Assert.Equal(2, await check.Findings.CountAsync());
    }

    [Fact]
    public async Task A_file_without_the_required_headers_or_not_a_sheet_is_refused_whole()
    {
        var monitor = await _host.ActorAsync("monitor");
        var (campaign, _) = await _host.Findings().CreateCampaignAsync(monitor, "2026年省级抽查", FindingSources.Higher, 2026, null);
        var noHeaders = await PreviewAsync(campaign!.Value, "单位,描述\n县教育局,错别字\n");
        Assert.StartsWith("第 1 行应为表头，缺少列：整改单位、问题类别、严重程度、问题描述。", noHeaders.Error, StringComparison.Ordinal);
        var binary = await _host.Get<FindingImport>().PreviewAsync(campaign.Value, new MemoryStream([0, 1, 2, 3]), "报告.csv");
        Assert.Equal("文件须为 Excel 工作簿（.xlsx）或 CSV 文件（.csv），请下载导入模板填写后上传。", binary.Error);
        Assert.Equal("只有监测员可以导入检查问题。", (await _host.Get<FindingImport>().ImportAsync(await _host.ActorAsync("editor"), noHeaders)).Summary);
    }

    [Fact]
    public async Task Campaigns_only_by_Monitors_with_a_quarter_for_quarterly_ones()
    {
        Assert.Equal("只有监测员可以建立检查批次。",
            (await _host.Findings().CreateCampaignAsync(await _host.ActorAsync("editor"), "x", FindingSources.Quarterly, 2026, 1)).Error);
        var monitor = await _host.ActorAsync("monitor");
        Assert.Equal("季度检查须选择第 1 至 4 季度。", (await _host.Findings().CreateCampaignAsync(monitor, "x", FindingSources.Quarterly, 2026, null)).Error);
        Assert.Equal("检查类型须为“季度检查”或“上级检查”。", (await _host.Findings().CreateCampaignAsync(monitor, "x", "随便", 2026, 1)).Error);
        Assert.Null((await _host.Findings().CreateCampaignAsync(monitor, "2026年第二季度检查", FindingSources.Quarterly, 2026, 2)).Error);
        Assert.Equal("已有名为“2026年第二季度检查”的检查批次。",
            (await _host.Findings().CreateCampaignAsync(monitor, "2026年第二季度检查", FindingSources.Quarterly, 2026, 2)).Error);
    }
}
