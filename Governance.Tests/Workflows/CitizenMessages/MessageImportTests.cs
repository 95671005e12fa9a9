using System.Text;
using Governance.Tests.Support;
using Governance.Workflows.Definitions.CitizenMessages;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Governance.Tests.Workflows.CitizenMessages;

/// <summary>
/// 导入留言 from CSV and Excel: each row checked by the intake rules, a 来源编号 already stored or repeated in the file
/// skipped with its reason, the valid rows stored through the intake (channel 导入, the Monitor as actor); the same file
/// imported again stores nothing; a file that is neither CSV nor Excel gets a Chinese reason.
/// </summary>
public sealed class MessageImportTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;

    public async Task InitializeAsync() => _host = await WorkflowTestHost.CreateAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private MessageImport Import => _host.Get<MessageImport>();

    private const string Header = "来源编号,标题,内容,类别,留言人姓名,联系电话,电子邮箱,收到时间\r\n";

    /// <summary>Two good rows (one with a comma and a line break in quotes), a bad one, a repeat of the first.</summary>
    private static readonly string Csv = Header +
        "XF-001,路灯不亮,\"城关街道东大街路灯不亮，已有一周\n请尽快维修\",求助,李四,13812345678,,2026-03-01 10:30\r\n" +
        "XF-002,小学入学咨询,孩子今年入学需要哪些材料,咨询,王五,,wangwu@example.com,\r\n" +
        "XF-003,,内容没有标题,投诉,赵六,12,not-an-email,明天\r\n" +
        "XF-001,路灯不亮（重复）,重复行,求助,李四,,,\r\n";

    private Task<ImportPreview> PreviewAsync(byte[] bytes, string name) => Import.PreviewAsync(new MemoryStream(bytes), name);

    private async Task<int> CountAsync()
    {
        await using var db = _host.NewDbContext();
        return await db.CitizenMessages.CountAsync();
    }

    [Fact]
    public async Task Csv_preview_marks_each_rows_problems_and_import_stores_the_valid_ones_once()
    {
        var preview = await PreviewAsync(new UTF8Encoding(true).GetBytes(Csv), "留言.csv");

        Assert.Null(preview.Error);
        Assert.Equal("csv", preview.Format);
        Assert.Equal([2, 3, 4, 5], preview.Rows.Select(r => r.Line)); // rows as Excel numbers them (a quoted line break stays in its row)
        Assert.Equal([ImportRowStatus.Valid, ImportRowStatus.Valid, ImportRowStatus.Invalid, ImportRowStatus.Skipped], preview.Rows.Select(r => r.Status));
        var bad = preview.Rows[2];
        Assert.Equal("请填写留言标题", bad.Errors["title"]);
        Assert.Equal("联系电话格式不正确", bad.Errors["citizenPhone"]);
        Assert.Equal("电子邮箱格式不正确", bad.Errors["citizenEmail"]);
        Assert.Contains("收到时间", bad.Errors["receivedAt"]);
        Assert.Contains("文件内重复", preview.Rows[3].Problems);
        Assert.Contains("第 2 行", preview.Rows[3].Problems);
        Assert.Equal("城关街道东大街路灯不亮，已有一周\n请尽快维修", preview.Rows[0].Message!.Content);
        Assert.Equal(new DateTime(2026, 3, 1, 2, 30, 0, DateTimeKind.Utc), preview.Rows[0].Message!.ReceivedAtUtc);
        Assert.Equal(0, await CountAsync()); // a preview stores nothing

        var report = await Import.ImportAsync(await _host.ActorAsync("monitor"), preview);

        Assert.Null(report.Error);
        Assert.Equal(["XF-001", "XF-002"], report.Imported.Select(i => i.SourceRef));
        Assert.Equal("2 条已导入，2 条跳过。", report.Summary);
        Assert.Equal([4, 5], report.Skipped.Select(s => s.Line));
        await using (var db = _host.NewDbContext())
        {
            var stored = await db.CitizenMessages.AsNoTracking().OrderBy(m => m.SourceRef).ToListAsync();
            Assert.Equal(["XF-001", "XF-002"], stored.Select(m => m.SourceRef));
            Assert.All(stored, m => Assert.Equal(MessageImport.Channel, m.Channel));
            Assert.Equal(new DateTime(2026, 3, 1, 2, 30, 0), stored[0].ReceivedAtUtc);
            Assert.Equal(_host.Clock.GetUtcNow().UtcDateTime, stored[1].ReceivedAtUtc); // no time → now
            var monitor = await _host.UserIdAsync("monitor");
            var created = await db.JournalEntries.AsNoTracking().Where(j => stored.Select(m => m.InstanceId).Contains(j.InstanceId) && j.Seq == 1).ToListAsync();
            Assert.Equal(2, created.Count);
            Assert.All(created, j => Assert.Equal(monitor, j.ActorUserId));
        }

        // The same file again: everything is skipped as stored; nothing new.
        var again = await PreviewAsync(new UTF8Encoding(true).GetBytes(Csv), "留言.csv");
        Assert.Equal(0, again.ValidCount);
        Assert.Contains("已导入，将跳过", again.Rows[0].Problems);
        Assert.Contains("已导入，将跳过", again.Rows[1].Problems);
        var second = await Import.ImportAsync(await _host.ActorAsync("monitor"), again);
        Assert.Empty(second.Imported);
        Assert.Equal(4, second.Skipped.Count);
        Assert.Equal(2, await CountAsync());
    }

    [Fact]
    public async Task A_row_stored_meanwhile_is_skipped_not_duplicated()
    {
        var preview = await PreviewAsync(Encoding.UTF8.GetBytes(Csv), "a.csv");
        await Import.ImportAsync(await _host.ActorAsync("monitor"), preview); // the first import, from another tab

        var report = await Import.ImportAsync(await _host.ActorAsync("monitor"), preview); // the stale preview imported again

        Assert.Empty(report.Imported);
        Assert.Contains(report.Skipped, s => s.SourceRef == "XF-001" && s.Reason.Contains("已存在", StringComparison.Ordinal));
        Assert.Equal(2, await CountAsync());
    }

    [Fact]
    public async Task Xlsx_rows_with_number_and_date_cells_are_read_by_their_headers()
    {
        // Columns in another order, numbers and dates as Excel cells.
        var rows = new List<Dictionary<string, object?>>
        {
            new() { ["标题"] = "农村道路破损", ["来源编号"] = "12345-7788", ["留言人姓名"] = "孙七", ["内容"] = "午井镇村道破损严重",
                    ["联系电话"] = 13912345678d, ["收到时间"] = new DateTime(2026, 2, 27, 16, 5, 0), ["类别"] = "建议" },
            new() { ["标题"] = "医保报销咨询", ["来源编号"] = "12345-7789", ["留言人姓名"] = "", ["内容"] = "异地就医如何报销",
                    ["联系电话"] = null, ["收到时间"] = null, ["类别"] = "问询" },
        };
        using var ms = new MemoryStream();
        MiniExcel.SaveAs(ms, rows, excelType: ExcelType.XLSX);

        var preview = await PreviewAsync(ms.ToArray(), "12345平台导出.xlsx");

        Assert.Null(preview.Error);
        Assert.Equal("xlsx", preview.Format);
        var good = preview.Rows[0];
        Assert.Equal(ImportRowStatus.Valid, good.Status);
        Assert.Equal("13912345678", good.Message!.CitizenPhone);
        Assert.Equal(new DateTime(2026, 2, 27, 8, 5, 0, DateTimeKind.Utc), good.Message.ReceivedAtUtc);
        Assert.Equal("建议", good.Message.Category);
        var bad = preview.Rows[1];
        Assert.Equal(ImportRowStatus.Invalid, bad.Status);
        Assert.Equal("请填写留言人姓名", bad.Errors["citizenName"]);
        Assert.StartsWith("留言类别须为", bad.Errors["category"], StringComparison.Ordinal);

        var report = await Import.ImportAsync(await _host.ActorAsync("monitor"), preview);
        Assert.Single(report.Imported);
        Assert.Single(report.Skipped);
        var twice = await Import.ImportAsync(await _host.ActorAsync("monitor"), await PreviewAsync(ms.ToArray(), "12345平台导出.xlsx"));
        Assert.Empty(twice.Imported);
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task The_template_has_the_chinese_headers_and_reads_back_as_an_empty_import()
    {
        var template = MessageImport.Template();
        using (var ms = new MemoryStream(template))
        {
            var header = ((IDictionary<string, object?>)MiniExcel.Query(ms, useHeaderRow: false).First()).Values.Select(v => v?.ToString()).ToList();
            Assert.Equal(["来源编号", "标题", "内容", "类别", "留言人姓名", "联系电话", "电子邮箱", "收到时间"], header);
        }

        var preview = await PreviewAsync(template, "网民留言导入模板.xlsx");

        Assert.Null(preview.Error);
        Assert.Empty(preview.Rows);
    }

    [Theory]
    [InlineData("留言.pdf", "%PDF-1.4 something")]
    [InlineData("留言.txt", "来源编号,标题\r\nA,B")]
    [InlineData("留言.xlsx", "not a zip at all")]
    [InlineData("留言.csv", "\u0000\u0001binary")]
    public async Task A_file_that_is_neither_csv_nor_excel_gets_a_chinese_reason(string name, string content)
    {
        var preview = await PreviewAsync(Encoding.UTF8.GetBytes(content), name);

        Assert.Equal(MessageImport.NotAFileError, preview.Error);
        Assert.Empty(preview.Rows);
        var report = await Import.ImportAsync(await _host.ActorAsync("monitor"), preview);
        Assert.Equal(MessageImport.NotAFileError, report.Summary);
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task A_damaged_workbook_and_a_missing_column_are_reported()
    {
        var damaged = await PreviewAsync([(byte)'P', (byte)'K', 3, 4, 1, 2, 3], "坏文件.xlsx");
        Assert.Contains("无法读取", damaged.Error);

        var missing = await PreviewAsync(Encoding.UTF8.GetBytes("来源编号,标题\r\nA,B\r\n"), "少列.csv");
        Assert.Contains("缺少列：内容、留言人姓名", missing.Error);
    }

    [Fact]
    public async Task Gb18030_csv_as_saved_by_chinese_excel_is_read()
    {
        var gb = Encoding.GetEncoding("GB18030");
        var preview = await PreviewAsync(gb.GetBytes(Header + "GB-1,供暖问题,小区供暖温度不达标,投诉,周八,,,\r\n"), "gbk.csv");

        Assert.Null(preview.Error);
        Assert.Equal("供暖问题", Assert.Single(preview.Rows).Message!.Title);
    }

    [Fact]
    public async Task Only_a_monitor_may_import()
    {
        var preview = await PreviewAsync(Encoding.UTF8.GetBytes(Csv), "a.csv");

        var report = await Import.ImportAsync(await _host.ActorAsync("editor"), preview);

        Assert.Equal("只有监测员可以导入网民留言。", report.Error);
        Assert.Equal(0, await CountAsync());
    }
}
