using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Definitions.Rectification;
using Microsoft.EntityFrameworkCore;

namespace Governance.Tests.Workflows.Accountability;

/// <summary>
/// 第20条(一) 每季度检查并通报: the circular of the data set's campaign, generated, opened with the Open XML SDK and read back —
/// its number, units, counts, statuses, praise and criticism, measures, columns against the veto lines and message figures,
/// all written by hand from <see cref="AccountabilityDataSet"/>; the number is given once; who may generate and read.
/// </summary>
public sealed class CircularTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;
    private AccountabilityDataSet _set = default!;

    public async Task InitializeAsync()
    {
        _host = await WorkflowTestHost.CreateAsync(start: AccountabilityDataSet.China(3, 2, 9));
        _set = await AccountabilityDataSet.BuildAsync(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private CircularService Circulars => _host.Get<CircularService>();

    private static string DocumentsDirectory
    {
        get
        {
            var dir = Path.Combine(Path.GetDirectoryName(EndToEnd.BrowserFixture.ScreenshotDirectory)!, "documents");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private async Task<byte[]> GenerateAsync(string by = "accountability")
    {
        var (circular, error) = await Circulars.IssueAsync(await _host.ActorAsync(by), _set.CampaignId);
        Assert.True(circular is not null, error);
        var (data, problem) = await Circulars.BuildAsync(await _host.ActorAsync(by), _set.CampaignId);
        Assert.Equal(CircularProblem.None, problem);
        return CircularDocument.Render(data!);
    }

    /// <summary>The document's paragraphs (outside tables) and tables as text, as a reader of the .docx sees them.</summary>
    private sealed record Docx(IReadOnlyList<(string Style, string Text)> Paragraphs, IReadOnlyList<List<List<string>>> Tables,
        IReadOnlyList<string?> TableCaptions)
    {
        public string Text(string style) => Assert.Single(Paragraphs, p => p.Style == style).Text;
        public string All => string.Join("\n", Paragraphs.Select(p => p.Text));
    }

    private static Docx Read(byte[] file)
    {
        using var doc = WordprocessingDocument.Open(new MemoryStream(file), false);
        var body = doc.MainDocumentPart!.Document!.Body!;
        var paragraphs = body.Elements<Paragraph>()
            .Select(p => (p.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "", p.InnerText)).ToList();
        var tables = body.Elements<Table>().Select(t => t.Elements<TableRow>()
            .Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList()).ToList()).ToList();
        var captions = body.Elements<Table>().Select(t => t.GetFirstChild<TableProperties>()?.GetFirstChild<TableCaption>()?.Val?.Value).ToList();
        return new Docx(paragraphs, tables, captions);
    }

    [Fact]
    public async Task Circular_OfTheQuarter_ReadBackWithOpenXml_MatchesTheFiguresWorkedOutByHand()
    {
        var file = await GenerateAsync();
        // Kept for a look (TestResults/documents/), and for the LibreOffice rendering below.
        await File.WriteAllBytesAsync(Path.Combine(DocumentsDirectory, "circular-2026Q1.docx"), file);
        var docx = Read(file);

        Assert.Equal("扶风县人民政府办公室", docx.Text(CircularDocument.Styles.Issuer));
        Assert.Equal("扶政网通〔2026〕1号", docx.Text(CircularDocument.Styles.Number));
        Assert.Equal("关于2026年第一季度全县政府网站检查情况的通报", docx.Text(CircularDocument.Styles.Title));
        Assert.Contains("对2026年1月1日至2026年3月31日期间（2026年第1季度政府网站检查）", docx.All, StringComparison.Ordinal);

        // 一、总体情况: 8 findings (T2 cancelled), 4 units; closed 5 (on time E1 E3 F1 F2, late E2); in progress W2 T1; overdue W1;
        // repeat W2; veto E3.
        Assert.Contains("本次检查共发现问题 8 个，涉及 4 个单位。截至2026年3月16日，已整改销号 5 个，其中按时整改 4 个；逾期整改 1 个；正在整改 2 个；"
                        + "逾期未整改 1 个；重复出现的问题 1 个；单项否决类问题 1 个。", docx.All, StringComparison.Ordinal);
        Assert.Equal([[.. CircularDocument.SummaryHeaders], ["8", "4", "5", "4", "1", "2", "1", "1", "1"]], docx.Tables[0]);

        // 二、each unit in the register's order, its findings in the order found, with state and outcome.
        Assert.Equal(["县教育局", "县财政局", "县交通运输局", "县水利局"], docx.TableCaptions.OfType<string>());
        var headings = docx.Paragraphs.Where(p => p.Style == CircularDocument.Styles.Heading2).Select(p => p.Text).ToList();
        Assert.Equal(
        [
            "（一）县教育局：问题 3 个，已销号 3 个，按时整改 2 个，逾期整改 1 个，逾期未整改 0 个，重复问题 0 个",
            "（二）县财政局：问题 2 个，已销号 2 个，按时整改 2 个，逾期整改 0 个，逾期未整改 0 个，重复问题 0 个",
            "（三）县交通运输局：问题 1 个，已销号 0 个，按时整改 0 个，逾期整改 0 个，逾期未整改 0 个，重复问题 0 个",
            "（四）县水利局：问题 2 个，已销号 0 个，按时整改 0 个，逾期整改 0 个，逾期未整改 1 个，重复问题 1 个",
        ], headings);
        List<string> Row(List<List<string>> table, string title) => Assert.Single(table, r => r[2].StartsWith(title, StringComparison.Ordinal));
        string[] Columns(List<string> r) => [r[3], r[4], r[5], r[6], r[7]];
        var edu = docx.Tables[1];
        Assert.Equal([.. CircularDocument.FindingHeaders], edu[0]);
        Assert.Equal(4, edu.Count);
        Assert.Equal(["错别字", "一般", "2026-03-09", "已销号", "按时整改"], Columns(Row(edu, "E1：")));
        Assert.Equal(["内容无法访问", "一般", "2026-03-09", "已销号", "逾期整改"], Columns(Row(edu, "E2：")));
        Assert.Equal(["隐私泄露", "单项否决", "2026-03-03", "已销号", "按时整改"], Columns(Row(edu, "E3：")));
        Assert.Equal((await _host.InstanceAsync(_set.Findings["E1"])).Number, Row(edu, "E1：")[1]);
        var finance = docx.Tables[2];
        Assert.Equal(["错别字", "一般", "2026-03-09", "已销号", "按时整改"], Columns(Row(finance, "F1：")));
        Assert.Equal(["错敏词", "一般", "2026-03-09", "已销号", "按时整改"], Columns(Row(finance, "F2：")));
        var transport = docx.Tables[3];
        Assert.Equal(2, transport.Count);
        Assert.Equal(["内容不准确", "严重", "2026-03-17", "已下发", "整改中"], Columns(Row(transport, "T1：")));
        var water = docx.Tables[4];
        Assert.Equal(["错别字", "一般", "2026-03-09", "已下发", "逾期未整改"], Columns(Row(water, "W1：")));
        Assert.Equal(["错别字", "一般", "2026-03-17", "已下发", "整改中"], Columns(Row(water, "W2：")));
        Assert.EndsWith("（重复出现）", Row(water, "W2：")[2], StringComparison.Ordinal);
        Assert.DoesNotContain("T2：", string.Join("", docx.Tables.SelectMany(t => t.SelectMany(r => r))), StringComparison.Ordinal);
        Assert.DoesNotContain("D1：", string.Join("", docx.Tables.SelectMany(t => t.SelectMany(r => r))), StringComparison.Ordinal);

        // 三、praised: every finding on time; criticised: late, overdue, repeated.
        Assert.Contains("（一）予以表扬的单位（问题均按时整改到位）：县财政局（2 个问题均按时整改到位）。", docx.All, StringComparison.Ordinal);
        Assert.Contains("（二）予以通报批评的单位（整改不及时、不到位或问题重复出现，第二十一条）：县教育局（逾期整改 1 个）；"
                        + "县水利局（逾期未整改 1 个，重复出现问题 1 个）。", docx.All, StringComparison.Ordinal);

        // 四、the quarter's measures: M2 and M1 by date (M3 revoked, M4 in December).
        var measures = docx.Tables[5];
        Assert.Equal([.. CircularDocument.MeasureHeaders], measures[0]);
        Assert.Equal([["1", "2026-03-11", "县教育局", "书面检查", "县教育局：书面检查（M2）"], ["2", "2026-03-12", "县水利局", "约谈", "县水利局：约谈（M1）"]],
            measures.Skip(1));
        Assert.Contains("期间共采取问责措施 2 项", docx.All, StringComparison.Ordinal);

        // 五、columns: 2 stale 动态要闻/通知公告/政策文件 (水利要闻 by its lapse, 政策文件 now), 1 other stale (人事信息), 1 blank.
        Assert.Contains("动态要闻、通知公告、政策文件类栏目超期未更新 2 个（单项否决线：超过 5 个），未触及单项否决；空白栏目 1 个（单项否决线：超过 5 个），"
                        + "未触及单项否决。其他类别栏目超期未更新 1 个。", docx.All, StringComparison.Ordinal);
        var columns = docx.Tables[6];
        Assert.Equal([.. CircularDocument.ColumnHeaders], columns[0]);
        Assert.Equal(
        [
            ["1", "县教育局", AccountabilityDataSet.EducationPolicyPath, "政策文件", "超期未更新"], ["2", "县财政局", "人事信息", "人事", "超期未更新"],
            ["3", "县交通运输局", "交通公告", "通知公告", "空白栏目"], ["4", "县水利局", "水利要闻", "动态要闻", "超期未更新"],
        ], columns.Skip(1));

        // 六、messages: 4 received, 3 replied, 2 on time (66.7%), 1 overdue without a reply, 1 replied late; W3's own table.
        Assert.Contains("共收到网民留言 4 件，已答复 3 件，其中按时答复 2 件，按时率 66.7%；超期未答复 1 件，超期答复 1 件", docx.All, StringComparison.Ordinal);
        var messages = docx.Tables[7];
        Assert.Equal(Governance.Workflows.Definitions.CitizenMessages.MessageStatsExport.Headers, messages[0]);
        Assert.Equal(["县教育局", "2", "2", "2", "1", "0", "1"], Assert.Single(messages, r => r[0] == "县教育局").Take(7));
        Assert.Equal(["县水利局", "1", "1", "0", "0", "1", "0"], Assert.Single(messages, r => r[0] == "县水利局").Take(7));
        Assert.Equal(["合计", "4", "4", "3", "2", "1", "1"], messages[^1].Take(7));
        Assert.Equal(8, docx.Tables.Count);
        Assert.Equal("2026年3月16日", docx.Paragraphs[^1].Text);
    }

    [Fact]
    public async Task Circular_IsValidOpenXml_AndNamesItsChineseFonts()
    {
        var file = await GenerateAsync();
        using var doc = WordprocessingDocument.Open(new MemoryStream(file), false);
        var errors = new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2016).Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);
        var styles = doc.MainDocumentPart!.StyleDefinitionsPart!.Styles!;
        var defaults = styles.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!;
        Assert.Equal("宋体", defaults.RunFonts!.EastAsia!.Value);
        Assert.Equal("zh-CN", defaults.Languages!.EastAsia!.Value);
        // Every paragraph style names its East Asian font; the font table gives the Windows names and the GB2312 character set.
        foreach (var style in styles.Elements<Style>().Where(s => s.Type!.Value == StyleValues.Paragraph))
            Assert.Contains(style.StyleRunProperties!.RunFonts!.EastAsia!.Value, new[] { "宋体", "黑体" });
        var fonts = doc.MainDocumentPart.FontTablePart!.Fonts!.Elements<Font>().ToDictionary(f => f.Name!.Value!, f => f.AltName?.Val?.Value);
        Assert.Equal("SimSun", fonts["宋体"]);
        Assert.Equal("SimHei", fonts["黑体"]);
    }

    /// <summary>
    /// How the .docx renders outside Word: LibreOffice (where installed) converts it to PDF, whose Chinese text must be set in
    /// a CJK font (the styles ask for 宋体 / 黑体 with zh-CN; a machine without them substitutes a CJK face, never a Latin one).
    /// The pages are kept in TestResults/documents/ for a look. Without LibreOffice the conversion is not tried.
    /// </summary>
    [Fact]
    [Trait("Category", "LibreOffice")]
    public async Task Circular_ConvertedToPdfByLibreOffice_SetsItsChineseInACjkFont()
    {
        if (LibreOffice.Executable is null) return;
        var docx = Path.Combine(DocumentsDirectory, "circular-2026Q1-libreoffice.docx");
        await File.WriteAllBytesAsync(docx, await GenerateAsync());
        var pdf = await LibreOffice.ConvertToPdfAsync(docx);
        var fonts = LibreOffice.EmbeddedFonts(pdf);
        Assert.Contains(fonts, f => f.Contains("CJK", StringComparison.OrdinalIgnoreCase) || f.Contains("SimSun", StringComparison.OrdinalIgnoreCase)
                                    || f.Contains("SimHei", StringComparison.OrdinalIgnoreCase) || f.Contains("WenQuanYi", StringComparison.OrdinalIgnoreCase)
                                    || f.Contains("SourceHan", StringComparison.OrdinalIgnoreCase));
        Assert.InRange(LibreOffice.PageCount(pdf), 3, 8);
    }

    [Fact]
    public async Task Number_IsGivenOnce_SameWhenGeneratedAgainOrByAnother_NextCampaignTakesTheNext()
    {
        var first = Read(await GenerateAsync("accountability"));
        _host.Clock.Advance(TimeSpan.FromDays(3));
        var again = Read(await GenerateAsync("monitor"));
        Assert.Equal("扶政网通〔2026〕1号", again.Text(CircularDocument.Styles.Number));
        Assert.Equal(first.Text(CircularDocument.Styles.Title), again.Text(CircularDocument.Styles.Title));
        // Dated the day it was first generated, its figures as they stand now (W1 is still overdue on 19 Mar).
        Assert.Equal("2026年3月16日", again.Paragraphs[^1].Text);
        Assert.Contains("截至2026年3月19日", again.All, StringComparison.Ordinal);

        var (other, _) = await _host.Findings().CreateCampaignAsync(await _host.ActorAsync("monitor"), "2026年省政府网站抽查", FindingSources.Higher, 2026, null);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ => await Circulars.IssueAsync(await _host.ActorAsync("accountability"), other!.Value)));
        Assert.All(results, r => Assert.Equal("扶政网通〔2026〕2号", r.Circular!.Number));
        Assert.Equal("关于2026年省政府网站抽查情况的通报", results[0].Circular!.Title);
        await using var db = _host.NewDbContext();
        Assert.Equal(2, await db.Circulars.CountAsync());
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Kind == "circular.issue"));
    }

    [Fact]
    public async Task OnlyOfficersAndMonitorsGenerate_CountyRolesRead_UnitsNeither_NotIssuedOrUnknownSaidSo()
    {
        foreach (var user in new[] { "observer", "supervisor", "admin", "editor", "reviewer2" })
        {
            var (circular, error) = await Circulars.IssueAsync(await _host.ActorAsync(user), _set.CampaignId);
            Assert.Null(circular);
            Assert.Equal("只有督查问责人员或监测员可以生成通报。", error);
        }
        Assert.Equal(CircularProblem.NotIssued, (await Circulars.BuildAsync(await _host.ActorAsync("observer"), _set.CampaignId)).Problem);
        Assert.Equal(CircularProblem.NotFound, (await Circulars.BuildAsync(await _host.ActorAsync("observer"), 999)).Problem);
        Assert.Equal("检查批次不存在。", (await Circulars.IssueAsync(await _host.ActorAsync("monitor"), 999)).Error);
        await using (var db = _host.NewDbContext()) Assert.Equal(0, await db.Circulars.CountAsync());

        await GenerateAsync("monitor");
        foreach (var user in new[] { "observer", "supervisor", "admin", "accountability" })
            Assert.Equal(CircularProblem.None, (await Circulars.BuildAsync(await _host.ActorAsync(user), _set.CampaignId)).Problem);
        foreach (var user in new[] { "editor", "reviewer2" })
        {
            Assert.Equal(CircularProblem.Forbidden, (await Circulars.BuildAsync(await _host.ActorAsync(user), _set.CampaignId)).Problem);
            Assert.Empty(await Circulars.CampaignsAsync(await _host.ActorAsync(user)));
        }
        var row = Assert.Single(await Circulars.CampaignsAsync(await _host.ActorAsync("observer")));
        // The campaign's rows count the cancelled T2; open: W1, W2, T1.
        Assert.Equal(("扶政网通〔2026〕1号", 9, 3), (row.Number, row.Findings, row.Open));
    }
}
