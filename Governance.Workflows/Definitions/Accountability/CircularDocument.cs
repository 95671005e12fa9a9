using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Definitions.Rectification;
using WText = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace Governance.Workflows.Definitions.Accountability;

/// <summary>
/// The circular (通报) as a Word document (Open XML): A4, the issuer and number, the title, then 一 to 七 — the overall
/// figures, each unit's findings and their status, the units praised and criticised, the measures, the columns against
/// the veto lines, the message statistics — and the requirements. Chinese renders in Word and LibreOffice because every
/// style names its East Asian font (宋体 / 黑体) with the Windows family name as the font table's alternative (SimSun /
/// SimHei) and the language zh-CN, so a machine without the font substitutes a CJK one instead of boxes.
/// </summary>
public static class CircularDocument
{
    public const string BodyFont = "宋体";
    public const string BodyFontAlt = "SimSun";
    public const string HeadingFont = "黑体";
    public const string HeadingFontAlt = "SimHei";
    private const string LatinFont = "Times New Roman";

    /// <summary>Style ids, so the tests can find the parts of the document.</summary>
    public static class Styles
    {
        public const string Normal = "Normal";
        public const string Issuer = "CircularIssuer";
        public const string Number = "CircularNumber";
        public const string Title = "CircularTitle";
        public const string Heading1 = "Heading1";
        public const string Heading2 = "Heading2";
        public const string Table = "CircularTable";
        public const string TableText = "CircularTableText";
    }

    public static readonly string[] FindingHeaders = ["序号", "问题编号", "问题", "类别", "严重程度", "整改时限", "状态", "整改情况"];
    public static readonly string[] SummaryHeaders = ["发现问题", "涉及单位", "已销号", "按时整改", "逾期整改", "整改中", "逾期未整改", "重复问题", "单项否决问题"];
    public static readonly string[] MeasureHeaders = ["序号", "日期", "单位", "措施", "事由"];
    public static readonly string[] ColumnHeaders = ["序号", "单位", "栏目", "栏目类别", "情况"];

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Numeral(int i) => i switch
    {
        1 => "一", 2 => "二", 3 => "三", 4 => "四", 5 => "五", 6 => "六", 7 => "七", 8 => "八", 9 => "九", 10 => "十",
        _ => i.ToString(CultureInfo.InvariantCulture),
    };

    private static string DateText(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";

    public static byte[] Render(CircularData d)
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = StyleSheet();
            main.AddNewPart<FontTablePart>().Fonts = FontTable();
            doc.PackageProperties.Title = d.Title;
            doc.PackageProperties.Creator = CircularService.Issuer;
            doc.PackageProperties.Language = "zh-CN";
            var body = new Body();
            Write(body, d);
            body.Append(Section());
            main.Document = new Document(body);
        }
        return ms.ToArray();
    }

    private static void Write(Body body, CircularData d)
    {
        body.Append(Para(CircularService.Issuer, Styles.Issuer));
        body.Append(Para(d.Number, Styles.Number));
        body.Append(Para(d.Title, Styles.Title));
        body.Append(Para("各镇人民政府、街道办事处，县政府各部门：", Styles.Normal, indent: false));
        body.Append(Para($"根据《扶风县政府网站管理办法》第二十条（一）“每季度对各部门网站信息内容和安全管理进行一次全面检测检查并通报”的要求，"
                         + $"县政府办公室牵头，对{d.Period.Text}期间（{d.CampaignName}）全县政府网站各镇街、各部门保障栏目的运行情况进行了检测检查。"
                         + "现将有关情况通报如下："));

        var section = 0;
        body.Append(Para($"{Numeral(++section)}、总体情况", Styles.Heading1));
        var s = d.Summary;
        body.Append(Para($"本次检查共发现问题 {N(s.Findings)} 个，涉及 {N(s.Units)} 个单位。截至{DateText(ChinaTime.Date(d.AsOfUtc))}，已整改销号 {N(s.Closed)} 个，"
                         + $"其中按时整改 {N(s.OnTime)} 个；逾期整改 {N(s.Late)} 个；正在整改 {N(s.InProgress)} 个；逾期未整改 {N(s.Overdue)} 个；"
                         + $"重复出现的问题 {N(s.Repeats)} 个；单项否决类问题 {N(s.Veto)} 个。"));
        body.Append(Table(SummaryHeaders, [[N(s.Findings), N(s.Units), N(s.Closed), N(s.OnTime), N(s.Late), N(s.InProgress), N(s.Overdue), N(s.Repeats), N(s.Veto)]],
            small: true));

        body.Append(Para($"{Numeral(++section)}、各单位问题及整改情况", Styles.Heading1));
        if (d.Units.Count == 0) body.Append(Para("本次检查未发现问题。"));
        var unitNo = 0;
        foreach (var u in d.Units)
        {
            var heading = Para($"（{Numeral(++unitNo)}）{u.UnitName}：", Styles.Heading2);
            heading.GetFirstChild<Run>()!.PrependChild(new RunProperties(new Bold(), new BoldComplexScript()));
            heading.Append(new Run(new WText($"问题 {N(u.Findings.Count)} 个，已销号 {N(u.Closed)} 个，按时整改 {N(u.Count(FindingOutcome.OnTime))} 个，"
                                             + $"逾期整改 {N(u.Count(FindingOutcome.Late))} 个，逾期未整改 {N(u.Count(FindingOutcome.Overdue))} 个，重复问题 {N(u.Repeats)} 个")));
            body.Append(heading);
            body.Append(Table(FindingHeaders, u.Findings.Select((f, i) => (IReadOnlyList<string>)
            [
                N(i + 1), f.Number, f.Title + (f.IsRepeat ? "（重复出现）" : ""), f.Category, FindingSeverities.Name(f.Severity),
                ChinaTime.Format(f.DueAtUtc, "yyyy-MM-dd"), f.StateName, AccountabilityFacts.OutcomeName(f.Outcome),
            ]).ToList(), [6, 15, 27, 12, 10, 12, 8, 10], small: true, unitTag: u.UnitName));
        }

        body.Append(Para($"{Numeral(++section)}、表扬与批评", Styles.Heading1));
        body.Append(Para(d.Praised.Count == 0
            ? "（一）予以表扬的单位：无。"
            : $"（一）予以表扬的单位（问题均按时整改到位）：{string.Join("、", d.Praised.Select(p => $"{p.UnitName}（{p.Reason}）"))}。"));
        body.Append(Para(d.Criticised.Count == 0
            ? "（二）予以通报批评的单位：无。"
            : $"（二）予以通报批评的单位（整改不及时、不到位或问题重复出现，第二十一条）：{string.Join("；", d.Criticised.Select(c => $"{c.UnitName}（{c.Reason}）"))}。"));

        body.Append(Para($"{Numeral(++section)}、问责措施", Styles.Heading1));
        if (d.Measures.Count == 0) body.Append(Para($"{d.Period.Text}期间未采取问责措施。"));
        else
        {
            body.Append(Para($"依据《扶风县政府网站管理办法》第二十一条、第二十二条，{d.Period.Text}期间共采取问责措施 {N(d.Measures.Count)} 项："));
            body.Append(Table(MeasureHeaders, d.Measures.Select((m, i) => (IReadOnlyList<string>)
                [N(i + 1), m.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), m.UnitName, m.Kind, m.Reason]).ToList(), [7, 13, 18, 12, 50]));
        }

        body.Append(Para($"{Numeral(++section)}、栏目更新情况（对照单项否决指标）", Styles.Heading1));
        body.Append(Para($"依据第十三条和《政府网站与政务新媒体检查指标》：动态要闻、通知公告、政策文件类栏目超期未更新 {N(d.StaleVetoCount)} 个"
                         + $"（单项否决线：超过 {N(AccountabilityFacts.VetoLine)} 个），{VetoVerdict(d.StaleVetoCount)}；"
                         + $"空白栏目 {N(d.BlankCount)} 个（单项否决线：超过 {N(AccountabilityFacts.VetoLine)} 个），{VetoVerdict(d.BlankCount)}。"
                         + (d.Columns.Count(c => c.Kind == LapseKind.Stale) - d.StaleVetoCount is > 0 and var other ? $"其他类别栏目超期未更新 {N(other)} 个。" : "")));
        if (d.Columns.Count > 0)
            body.Append(Table(ColumnHeaders, d.Columns.Select((c, i) => (IReadOnlyList<string>)[N(i + 1), c.UnitName, c.Path, c.Category, c.KindName]).ToList(),
                [7, 22, 37, 17, 17]));

        body.Append(Para($"{Numeral(++section)}、网民留言办理情况", Styles.Heading1));
        if (d.Messages is not { } m || m.Total.Received == 0) body.Append(Para($"{d.Period.Text}期间未收到网民留言。"));
        else
        {
            body.Append(Para($"{d.Period.Text}期间共收到网民留言 {N(m.Total.Received)} 件，已答复 {N(m.Total.Replied)} 件，其中按时答复 {N(m.Total.RepliedOnTime)} 件，"
                             + $"按时率 {MessageStatsExport.Rate(m.Total.OnTimeRate)}；超期未答复 {N(m.Total.OverdueOpen)} 件，超期答复 {N(m.Total.RepliedLate)} 件（第十二条：4 个工作日内答复）。"));
            body.Append(Table(MessageStatsExport.Headers, [.. m.Units.Select(MessageStatsExport.Cells), MessageStatsExport.Cells(m.Total)],
                [18, 7, 8, 8, 8, 9, 9, 7, 7, 7, 10, 8], small: true));
        }

        body.Append(Para($"{Numeral(++section)}、工作要求", Styles.Heading1));
        body.Append(Para("对本通报指出的问题，各涉及单位要立即整改到位（第二十条（一））；逾期未整改的单位要抓紧整改，并将整改情况报县政府办公室。"
                         + "对整改不及时、不到位、责任不落实的，依照第二十一条责令立即整改，并视情况依照第二十二条采取约谈、书面检查、通报批评等措施进行责任追究。"));
        body.Append(Para(""));
        body.Append(Para(CircularService.Issuer, Styles.Normal, JustificationValues.Right, indent: false));
        body.Append(Para(DateText(d.IssuedOn), Styles.Normal, JustificationValues.Right, indent: false));
    }

    private static string VetoVerdict(int count) => count > AccountabilityFacts.VetoLine ? "已触及单项否决" : "未触及单项否决";

    private static Paragraph Para(string text, string style = Styles.Normal, JustificationValues? justify = null, bool indent = true)
    {
        var props = new ParagraphProperties(new ParagraphStyleId { Val = style });
        // 公文 body paragraphs begin two characters in.
        if (style == Styles.Normal && indent && justify is null) props.Append(new Indentation { FirstLine = "560", FirstLineChars = 200 });
        if (justify is { } j) props.Append(new Justification { Val = j });
        return new Paragraph(props, new Run(new WText(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    /// <summary>The text width of the page in twips (A4 less the margins).</summary>
    private const int TextWidth = 11906 - 1588 - 1474;

    /// <summary>
    /// A bordered table across the text width, its columns in proportion to <paramref name="weights"/> (fixed layout, so Word and
    /// LibreOffice agree), its header row repeated on each page; <paramref name="unitTag"/> names the unit (the table's caption).
    /// </summary>
    private static Table Table(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<int>? weights = null,
        bool small = false, string? unitTag = null)
    {
        var w = weights ?? headers.Select(_ => 1).ToList();
        var widths = w.Select(x => TextWidth * x / w.Sum()).ToList();
        var props = new TableProperties(
            new TableStyle { Val = Styles.Table },
            new TableWidth { Width = widths.Sum().ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
            new TableLayout { Type = TableLayoutValues.Fixed });
        if (unitTag is not null) props.Append(new TableCaption { Val = unitTag });
        var table = new Table(props);
        table.Append(new TableGrid(widths.Select(x => new GridColumn { Width = x.ToString(CultureInfo.InvariantCulture) })));
        table.Append(Row(headers, widths, header: true, small));
        foreach (var r in rows) table.Append(Row(r, widths, header: false, small));
        return table;
    }

    private static TableRow Row(IReadOnlyList<string> cells, IReadOnlyList<int> widths, bool header, bool small)
    {
        var row = new TableRow();
        if (header) row.Append(new TableRowProperties(new TableHeader(), new CantSplit()));
        else row.Append(new TableRowProperties(new CantSplit()));
        foreach (var (text, i) in cells.Select((t, i) => (t, i)))
        {
            var runProps = new RunProperties();
            if (header) runProps.Append(new Bold());
            if (small) runProps.Append(new FontSize { Val = "18" }, new FontSizeComplexScript { Val = "18" });
            var cellProps = new TableCellProperties(new TableCellWidth { Width = widths[i].ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa });
            if (header) cellProps.Append(new Shading { Val = ShadingPatternValues.Clear, Fill = "E7ECF3", Color = "auto" });
            row.Append(new TableCell(cellProps, new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = Styles.TableText }),
                new Run(runProps, new WText(text) { Space = SpaceProcessingModeValues.Preserve }))));
        }
        return row;
    }

    private static SectionProperties Section() => new(
        // A4 with the 公文 margins (GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm).
        new PageSize { Width = 11906U, Height = 16838U },
        new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U });

    private static RunFonts Fonts(string eastAsia) =>
        new() { Ascii = LatinFont, HighAnsi = LatinFont, ComplexScript = LatinFont, EastAsia = eastAsia, Hint = FontTypeHintValues.EastAsia };

    private static StyleRunProperties RunStyle(string eastAsia, int halfPoints, bool bold, string? color)
    {
        var p = new StyleRunProperties(Fonts(eastAsia));
        if (bold) p.Append(new Bold(), new BoldComplexScript());
        if (color is not null) p.Append(new Color { Val = color });
        var size = halfPoints.ToString(CultureInfo.InvariantCulture);
        p.Append(new FontSize { Val = size }, new FontSizeComplexScript { Val = size }, new Languages { Val = "en-US", EastAsia = "zh-CN" });
        return p;
    }

    private static Style ParagraphStyle(string id, string name, string eastAsia, int halfPoints, JustificationValues? justify = null, bool bold = false,
        string? color = null, int before = 0, int after = 0, bool keepNext = false, int line = 360)
    {
        var pPr = new StyleParagraphProperties();
        if (keepNext) pPr.Append(new KeepNext());
        pPr.Append(new SpacingBetweenLines { Before = before.ToString(CultureInfo.InvariantCulture), After = after.ToString(CultureInfo.InvariantCulture),
            Line = line.ToString(CultureInfo.InvariantCulture), LineRule = LineSpacingRuleValues.Auto });
        if (justify is { } j) pPr.Append(new Justification { Val = j });
        var style = new Style(new StyleName { Val = name }, new PrimaryStyle(), pPr, RunStyle(eastAsia, halfPoints, bold, color)) { Type = StyleValues.Paragraph, StyleId = id };
        if (id != Styles.Normal) style.InsertAt(new BasedOn { Val = Styles.Normal }, 1);
        else style.Default = true;
        return style;
    }

    private static DocumentFormat.OpenXml.Wordprocessing.Styles StyleSheet() => new(
        new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(Fonts(BodyFont), new FontSize { Val = "28" }, new FontSizeComplexScript { Val = "28" },
                new Languages { Val = "en-US", EastAsia = "zh-CN" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "0" }))),
        ParagraphStyle(Styles.Normal, "Normal", BodyFont, 28, JustificationValues.Both),
        ParagraphStyle(Styles.Issuer, "通报发文机关", HeadingFont, 52, JustificationValues.Center, bold: true, color: "C00000", after: 120),
        ParagraphStyle(Styles.Number, "通报文号", BodyFont, 28, JustificationValues.Center, after: 360),
        ParagraphStyle(Styles.Title, "通报标题", HeadingFont, 36, JustificationValues.Center, bold: true, after: 360),
        ParagraphStyle(Styles.Heading1, "heading 1", HeadingFont, 30, before: 240, after: 120, keepNext: true),
        ParagraphStyle(Styles.Heading2, "heading 2", BodyFont, 28, before: 120, after: 60, keepNext: true),
        ParagraphStyle(Styles.TableText, "通报表格文字", BodyFont, 21, JustificationValues.Left, line: 260),
        new Style(new StyleName { Val = "通报表格" }, new StyleTableProperties(new TableCellMarginDefault(
            new TopMargin { Width = "40", Type = TableWidthUnitValues.Dxa }, new TableCellLeftMargin { Width = 80, Type = TableWidthValues.Dxa },
            new BottomMargin { Width = "40", Type = TableWidthUnitValues.Dxa }, new TableCellRightMargin { Width = 80, Type = TableWidthValues.Dxa })))
        { Type = StyleValues.Table, StyleId = Styles.Table });

    /// <summary>宋体 and 黑体 with their Windows names as alternatives and the GB2312 character set (0x86), so any CJK font stands in.</summary>
    private static Fonts FontTable() => new(
        CjkFont(BodyFont, BodyFontAlt, "02010600030101010101", FontFamilyValues.Auto, FontPitchValues.Variable),
        CjkFont(HeadingFont, HeadingFontAlt, "02010609060101010101", FontFamilyValues.Modern, FontPitchValues.Fixed),
        new Font(new Panose1Number { Val = "02020603050405020304" }, new FontCharSet { Val = "00" }, new FontFamily { Val = FontFamilyValues.Roman },
            new Pitch { Val = FontPitchValues.Variable }) { Name = LatinFont });

    private static Font CjkFont(string name, string alt, string panose, FontFamilyValues family, FontPitchValues pitch) =>
        new(new AltName { Val = alt }, new Panose1Number { Val = panose }, new FontCharSet { Val = "86" }, new FontFamily { Val = family },
            new Pitch { Val = pitch }) { Name = name };
}
