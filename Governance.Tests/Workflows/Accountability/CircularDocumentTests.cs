using DocumentFormat.OpenXml.Packaging;
using Governance.Workflows.Definitions.Accountability;

namespace Governance.Tests.Workflows.Accountability;

/// <summary>The circular's layout on its own: the veto lines (more than 5 columns) and the empty sections.</summary>
public sealed class CircularDocumentTests
{
    private static ColumnLapse Lapse(int id, string category, LapseKind kind) => new(id, $"栏目{id}", 1, "县教育局", 90, category, kind);

    private static string Text(byte[] file)
    {
        using var doc = WordprocessingDocument.Open(new MemoryStream(file), false);
        return string.Join("\n", doc.MainDocumentPart!.Document!.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
    }

    private static CircularData Data(IReadOnlyList<ColumnLapse> columns) => new("扶政网通〔2026〕7号", "关于2026年第二季度全县政府网站检查情况的通报",
        "2026年第2季度政府网站检查", ReportPeriod.Quarter(2026, 2), new DateTime(2026, 7, 2, 2, 0, 0, DateTimeKind.Utc), new DateOnly(2026, 7, 2),
        new CircularSummary(0, 0, 0, 0, 0, 0, 0, 0, 0), [], [], [], [], columns, null);

    [Fact]
    public void VetoLines_FiveIsWithin_SixCrosses_OtherCategoriesDoNotCount()
    {
        var five = Text(CircularDocument.Render(Data(
        [
            .. Enumerable.Range(1, 5).Select(i => Lapse(i, "动态要闻", LapseKind.Stale)), Lapse(6, "人事", LapseKind.Stale),
            .. Enumerable.Range(7, 5).Select(i => Lapse(i, "通知公告", LapseKind.Blank)),
        ])));
        Assert.Contains("动态要闻、通知公告、政策文件类栏目超期未更新 5 个（单项否决线：超过 5 个），未触及单项否决；空白栏目 5 个（单项否决线：超过 5 个），未触及单项否决。"
                        + "其他类别栏目超期未更新 1 个。", five, StringComparison.Ordinal);

        var six = Text(CircularDocument.Render(Data(
        [
            .. Enumerable.Range(1, 3).Select(i => Lapse(i, "政策文件", LapseKind.Stale)), .. Enumerable.Range(4, 3).Select(i => Lapse(i, "通知公告", LapseKind.Stale)),
            .. Enumerable.Range(7, 6).Select(i => Lapse(i, "动态要闻", LapseKind.Blank)),
        ])));
        Assert.Contains("栏目超期未更新 6 个（单项否决线：超过 5 个），已触及单项否决；空白栏目 6 个（单项否决线：超过 5 个），已触及单项否决。", six, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyQuarter_SaysSoInEachSection()
    {
        var text = Text(CircularDocument.Render(Data([])));
        Assert.Contains("本次检查未发现问题。", text, StringComparison.Ordinal);
        Assert.Contains("（一）予以表扬的单位：无。", text, StringComparison.Ordinal);
        Assert.Contains("（二）予以通报批评的单位：无。", text, StringComparison.Ordinal);
        Assert.Contains("2026年4月1日至2026年6月30日期间未采取问责措施。", text, StringComparison.Ordinal);
        Assert.Contains("2026年4月1日至2026年6月30日期间未收到网民留言。", text, StringComparison.Ordinal);
        Assert.EndsWith("2026年7月2日", text, StringComparison.Ordinal);
        Assert.Equal("扶政网通〔2026〕7号_关于2026年第二季度全县政府网站检查情况的通报.docx", CircularService.FileName(Data([])));
    }
}
