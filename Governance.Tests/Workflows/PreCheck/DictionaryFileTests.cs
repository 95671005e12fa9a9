using System.Text;
using Governance.Workflows.PreCheck;
using MiniExcelLibs;

namespace Governance.Tests.Workflows.PreCheck;

public class DictionaryFileTests
{
    [Fact]
    public void Import_Txt_PlainWordsSensitiveArrowAndTabIncorrect()
    {
        var txt = "# 注释\n法轮功\n香港政府=>香港特别行政区政府\r\n北朝鲜\t朝鲜\t涉外\n\n=>空\n台湾政府=>\n法轮功\n";
        var r = DictionaryFile.Import(Encoding.UTF8.GetBytes(txt), "words.txt");
        Assert.Equal(DictionaryFileFormat.Txt, r.Format);
        Assert.Equal(3, r.Terms.Count);
        Assert.Equal(new DictionaryTerm("法轮功", TermKind.Sensitive), r.Terms[0]);
        Assert.Equal(new DictionaryTerm("香港政府", TermKind.Incorrect, "香港特别行政区政府"), r.Terms[1]);
        Assert.Equal(new DictionaryTerm("北朝鲜", TermKind.Incorrect, "朝鲜", "涉外"), r.Terms[2]);
        Assert.Equal(["第6行：词条为空", "第7行：错误表述「台湾政府」缺少正确表述", "第8行：词条「法轮功」重复，已忽略"], r.Errors);
    }

    [Fact]
    public void Import_Csv_QuotesHeaderAndErrors()
    {
        var csv = "\uFEFF词条,类型,正确表述,备注\n" +
                  "法轮功,敏感,,\n" +
                  "\"香港政府\",错误,\"香港特别行政区政府\",\"涉港, 用语\"\n" +
                  ",敏感,,\n" +
                  "某词,未知,,\n" +
                  "\"多行\n备注词\",敏感,,\"a \"\"b\"\"\"\n";
        var r = DictionaryFile.Import(Encoding.UTF8.GetBytes(csv), "dict.csv");
        Assert.Equal(DictionaryFileFormat.Csv, r.Format);
        Assert.Equal(3, r.Terms.Count);
        Assert.Equal(new DictionaryTerm("香港政府", TermKind.Incorrect, "香港特别行政区政府", "涉港, 用语"), r.Terms[1]);
        Assert.Equal("多行\n备注词", r.Terms[2].Term);
        Assert.Equal("a \"b\"", r.Terms[2].Note);
        Assert.Equal(["第4行：词条为空", "第5行：类型「未知」无法识别（应为“敏感”或“错误”）"], r.Errors);
    }

    [Fact]
    public void Import_CsvGb18030WithoutExtension_DetectedFromContent()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding("GB18030").GetBytes("词条,类型,正确表述,备注\r\n南朝鲜,错误,韩国,\r\n");
        var r = DictionaryFile.Import(bytes, "upload");
        Assert.Equal(DictionaryFileFormat.Csv, r.Format);
        Assert.Equal(new DictionaryTerm("南朝鲜", TermKind.Incorrect, "韩国"), Assert.Single(r.Terms));
        Assert.Empty(r.Errors);
    }

    [Fact]
    public void Import_XlsxBuiltWithMiniExcel_ParsedWithRowErrors()
    {
        var rows = new List<Dictionary<string, object>>
        {
            new() { ["词条"] = "六合彩", ["类型"] = "敏感", ["正确表述"] = "", ["备注"] = "" },
            new() { ["词条"] = "澳门政府", ["类型"] = "错误", ["正确表述"] = "澳门特别行政区政府", ["备注"] = "涉澳" },
            new() { ["词条"] = "", ["类型"] = "敏感", ["正确表述"] = "", ["备注"] = "x" },
        };
        using var ms = new MemoryStream();
        MiniExcel.SaveAs(ms, rows, excelType: ExcelType.XLSX);
        var r = DictionaryFile.Import(ms.ToArray(), "dict.txt"); // wrong extension: content wins
        Assert.Equal(DictionaryFileFormat.Xlsx, r.Format);
        Assert.Equal(2, r.Terms.Count);
        Assert.Equal(new DictionaryTerm("澳门政府", TermKind.Incorrect, "澳门特别行政区政府", "涉澳"), r.Terms[1]);
        Assert.Equal(["第4行：词条为空"], r.Errors);
    }

    [Fact]
    public void ExportThenImport_CsvAndXlsx_RoundTrip()
    {
        var terms = new[]
        {
            new DictionaryTerm("台独", TermKind.Sensitive, null, "占位"),
            new DictionaryTerm("一国两制度", TermKind.Incorrect, "一国两制", "含,逗号\"引号\""),
        };
        var csv = DictionaryFile.Import(DictionaryFile.ExportCsv(terms), "x.csv");
        Assert.Equal(terms, csv.Terms);
        Assert.Empty(csv.Errors);
        var xlsx = DictionaryFile.Import(DictionaryFile.ExportXlsx(terms), "x.xlsx");
        Assert.Equal(DictionaryFileFormat.Xlsx, xlsx.Format);
        Assert.Equal(terms, xlsx.Terms);
        Assert.Empty(xlsx.Errors);
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5 })] // broken zip
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0 })] // legacy .xls
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0 })] // png
    public void Import_BadFile_SingleUnknownFormatError(byte[] content)
    {
        var r = DictionaryFile.Import(content, "dict.xlsx");
        Assert.Equal(DictionaryFileFormat.Unknown, r.Format);
        Assert.Empty(r.Terms);
        Assert.Equal([DictionaryFile.UnknownFormatError], r.Errors);
    }

    [Fact]
    public void Import_ImportedTerms_UsableByRuleSet()
    {
        var r = DictionaryFile.Import(Encoding.UTF8.GetBytes("刷单=>（删除）\n"), "a.txt");
        var rules = PreCheckRuleSet.Create(r.Terms, [], []);
        var hit = Assert.Single(PreCheckTestData.Check("招聘刷单人员", rules: rules).Hits);
        Assert.Equal("（删除）", hit.Suggestion);
    }

    [Fact]
    public void Import_Txt_ExceptionContextsAtTheEndOfALine()
    {
        var txt = "台独 例外：平台独立｜平台独家\n中华民国=>台湾当局\t例外:中华民国时期|中华民国成立\n北朝鲜\t朝鲜\t涉外\t例外：北朝鲜族\n藏独 例外：西藏\n法轮功\n";
        var r = DictionaryFile.Import(Encoding.UTF8.GetBytes(txt), "words.txt");
        Assert.Equal(
        [
            new DictionaryTerm("台独", TermKind.Sensitive, null, null, "平台独立\n平台独家"),
            new DictionaryTerm("中华民国", TermKind.Incorrect, "台湾当局", null, "中华民国时期\n中华民国成立"),
            new DictionaryTerm("北朝鲜", TermKind.Incorrect, "朝鲜", "涉外", "北朝鲜族"),
            new DictionaryTerm("法轮功", TermKind.Sensitive),
        ], r.Terms);
        Assert.Equal(["第4行：例外语境“西藏”不含词条“藏独”，每个例外语境须包含词条本身"], r.Errors);
        Assert.False(r.HasExceptionColumn);
    }

    [Fact]
    public void Import_CsvWithExceptionColumn_BlankLinesAndLineBreaksKeepPhysicalLineNumbers()
    {
        var csv = "词条,类型,正确表述,备注,例外语境\n" +
                  "\n" +
                  "台独,敏感,,,平台独立｜平台独家\n" +
                  "\"多行\n备注词\",敏感,,,\n" +
                  "   \n" +
                  "港独,敏感,,,独资\n" +
                  "法轮功\n" +
                  ",敏感,,,\n";
        var r = DictionaryFile.Import(Encoding.UTF8.GetBytes(csv), "dict.csv");
        Assert.Equal(DictionaryFileFormat.Csv, r.Format);
        Assert.True(r.HasExceptionColumn);
        Assert.Equal(
        [
            new DictionaryTerm("台独", TermKind.Sensitive, null, null, "平台独立\n平台独家"),
            new DictionaryTerm("多行\n备注词", TermKind.Sensitive),
            new DictionaryTerm("法轮功", TermKind.Sensitive),
        ], r.Terms);
        Assert.Equal(["第7行：例外语境“独资”不含词条“港独”，每个例外语境须包含词条本身", "第9行：词条为空"], r.Errors);
    }

    [Fact]
    public void Import_CsvWithoutExceptionColumn_DoesNotStateContexts()
    {
        var r = DictionaryFile.Import(Encoding.UTF8.GetBytes("词条,类型,正确表述,备注\n台独,敏感,,\n"), "dict.csv");
        Assert.False(r.HasExceptionColumn);
        Assert.Equal(new DictionaryTerm("台独", TermKind.Sensitive), Assert.Single(r.Terms));
    }

    [Fact]
    public void ExportThenImport_WithExceptionContexts_RoundTrip()
    {
        var terms = new[]
        {
            new DictionaryTerm("台独", TermKind.Sensitive, null, "占位", "平台独立\n平台独家"),
            new DictionaryTerm("中华民国", TermKind.Incorrect, "台湾当局", null, "中华民国时期"),
            new DictionaryTerm("六合彩", TermKind.Sensitive),
        };
        var csvBytes = DictionaryFile.ExportCsv(terms);
        Assert.Contains("词条,类型,正确表述,备注,例外语境\r\n台独,敏感,,占位,平台独立｜平台独家\r\n", Encoding.UTF8.GetString(csvBytes));
        var csv = DictionaryFile.Import(csvBytes, "x.csv");
        Assert.Equal(terms, csv.Terms);
        Assert.Empty(csv.Errors);
        Assert.True(csv.HasExceptionColumn);
        var xlsx = DictionaryFile.Import(DictionaryFile.ExportXlsx(terms), "x.xlsx");
        Assert.Equal(terms, xlsx.Terms);
        Assert.Empty(xlsx.Errors);
        Assert.True(xlsx.HasExceptionColumn);
    }
}
