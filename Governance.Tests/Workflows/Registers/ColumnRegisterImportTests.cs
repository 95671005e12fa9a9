using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Workflows.Registers;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Governance.Tests.Workflows.Registers;

/// <summary>
/// 栏目台账 in Excel: the preview shows each row's problems and changes nothing; the valid rows are applied parents first;
/// importing the same file again adds nothing (matched by 栏目路径 and 保障单位); the export reads back as an import with
/// nothing to change; only managers import; a unit exports its own columns only.
/// </summary>
public sealed class ColumnRegisterImportTests(WorkflowTestHost host) : IClassFixture<WorkflowTestHost>
{
    private ColumnRegisterImport Import => host.Get<ColumnRegisterImport>();

    private static MemoryStream Workbook(params Dictionary<string, object?>[] rows)
    {
        var ms = new MemoryStream();
        MiniExcel.SaveAs(ms, rows.ToList(), excelType: ExcelType.XLSX);
        ms.Position = 0;
        return ms;
    }

    private static Dictionary<string, object?> Row(string path, string unit, string category, string? responsible = "王主任", string? a = "刘甲",
        string? b = "陈乙", object? cadence = null, object? sort = null, object? start = null, object? end = null, string? url = null) => new()
    {
        ["栏目路径"] = path, ["保障单位"] = unit, ["栏目类别"] = category, ["栏目地址"] = url ?? "", ["栏目负责人"] = responsible ?? "", ["A岗"] = a ?? "",
        ["B岗"] = b ?? "", ["更新频率承诺（天）"] = cadence ?? "", ["排序号"] = sort ?? "", ["开始日期"] = start ?? "", ["结束日期"] = end ?? "",
    };

    private async Task<string> SnapshotAsync()
    {
        await using var db = host.NewDbContext();
        var rows = await db.Columns.AsNoTracking().OrderBy(c => c.Id).Select(c => $"{c.Id}|{c.Path}|{c.UnitId}|{c.Category}|{c.StaffA}|{c.Version}").ToListAsync();
        return string.Join('\n', rows) + $"|audit={await db.AuditEntries.CountAsync()}";
    }

    [Fact]
    public async Task Preview_GoodAndBadRows_EachRowsProblemsAndNothingStored()
    {
        var top = "便民服务" + Guid.NewGuid().ToString("N")[..4];
        var file = Workbook(
            Row(top, "县数字化信息服务中心", "栏目导航", null, null, null),
            Row(top + " › 办事指南", "县行政审批服务局", "通知公告", cadence: "每月", sort: 10, url: "http://www.fufeng.gov.cn/bmfw/bszn/"),
            Row(top + "/办事指南", "县行政审批服务局", "通知公告"),
            Row(top + "/表格下载", "县不存在局", "通知公告"),
            Row(top + "/常见问题", "县行政审批服务局", "问答"),
            Row(top + "/在线预约", "县行政审批服务局", "动态要闻", a: "张三", b: "张\u200B三"),
            Row("无此栏目/子栏目", "县行政审批服务局", "动态要闻"),
            Row(top + "/专项", "县行政审批服务局", "专题专栏"),
            Row(top + "/办件公示", "县行政审批服务局", "动态要闻", start: "2026-13-01", cadence: "经常"),
            Row(top + "/办理进度", "县行政审批服务局", "动态要闻", url: "ftp://www.fufeng.gov.cn/"));
        var before = await SnapshotAsync();

        var preview = await Import.PreviewAsync(await host.ActorAsync("monitor"), file, "栏目台账.xlsx");

        Assert.Null(preview.Error);
        Assert.Equal(before, await SnapshotAsync());
        var byLine = preview.Rows.ToDictionary(r => r.Line);
        Assert.Equal((RegisterImportAction.Create, RegisterImportAction.Create), (byLine[2].Action, byLine[3].Action));
        // "A › B" is read as the path A/B; 每月 is 30 days.
        Assert.Equal((top + "/办事指南", 30, 10), (byLine[3].Path, byLine[3].Form.CommittedCadenceDays, byLine[3].Form.SortOrder));
        Assert.Equal("文件内重复：与第 3 行的栏目路径和保障单位相同", byLine[4].Problems);
        Assert.Equal("保障单位“县不存在局”不存在或已停用", byLine[5].Problems);
        Assert.StartsWith("栏目类别须为：动态要闻、通知公告", byLine[6].Problems, StringComparison.Ordinal);
        Assert.Equal("A岗与B岗不能是同一人（第19条(二) AB岗）", byLine[7].Problems);
        Assert.Equal("上级栏目“无此栏目”不在台账中，也不在本文件中", byLine[8].Problems);
        Assert.Equal("专题专栏须经开设申请批准后由开通环节登记（第7条），不能导入新增", byLine[9].Problems);
        Assert.Equal("更新频率承诺须为天数或 每日/每周/每两周/每月/每季度；开始日期格式不正确，应如 2026-03-01", byLine[10].Problems);
        Assert.Equal("栏目地址须为以 http:// 或 https:// 开头的完整网址", byLine[11].Problems);
        Assert.Equal((2, 0, 8), (preview.CreateCount, preview.UpdateCount, preview.InvalidCount));
    }

    [Fact]
    public async Task Import_AppliesValidRowsParentsFirst_AndImportingAgainAddsNothing()
    {
        var top = "政民互动" + Guid.NewGuid().ToString("N")[..4];
        // The child before its parent in the file: applied parents first anyway.
        byte[] content;
        using (var ms = Workbook(
                   Row(top + "/网上调查", "县政府办公室", "互动交流"),
                   Row(top, "县数字化信息服务中心", "栏目导航", null, null, null),
                   Row(top + "/意见征集", "县政府办公室", "动态要闻", a: "", b: "")))
            content = ms.ToArray();
        var monitor = await host.ActorAsync("monitor");

        var preview = await Import.PreviewAsync(monitor, new MemoryStream(content), "a.xlsx");
        var report = await Import.ImportAsync(monitor, preview);

        Assert.Equal((2, 0), (report.Created, report.Updated));
        Assert.Equal([(4, top + "/意见征集")], report.Skipped.Select(s => (s.Line, s.Path)));
        Assert.Equal("新增 2 个栏目，更新 0 个，跳过 1 行。", report.Summary);
        await using (var db = host.NewDbContext())
        {
            var parent = await db.Columns.SingleAsync(c => c.Path == top);
            var child = await db.Columns.SingleAsync(c => c.Path == top + "/网上调查");
            Assert.Equal((parent.Id, "县政府办公室"), (child.ParentId!.Value, await db.Units.Where(u => u.Id == child.UnitId).Select(u => u.Name).SingleAsync()));
            Assert.Contains(await db.AuditEntries.Select(a => a.Detail).ToListAsync(), d => d.Contains("新增 2，更新 0，跳过 1", StringComparison.Ordinal));
        }

        // The same file again: nothing new, nothing changed.
        var before = await SnapshotAsync();
        var again = await Import.PreviewAsync(monitor, new MemoryStream(content), "a.xlsx");
        Assert.Equal((0, 0, 2, 1), (again.CreateCount, again.UpdateCount, again.UnchangedCount, again.InvalidCount));
        var second = await Import.ImportAsync(monitor, again);
        Assert.Equal((0, 0), (second.Created, second.Updated));
        await using var check = host.NewDbContext();
        Assert.Equal(1, await check.Columns.CountAsync(c => c.Path == top + "/网上调查"));
        Assert.Equal(before.Split('|')[0..^1], (await SnapshotAsync()).Split('|')[0..^1]);
    }

    [Fact]
    public async Task Import_ChangedRow_UpdatesTheColumnOfThatPathAndUnit_AndAStaleRowIsSkipped()
    {
        var top = "公开指南" + Guid.NewGuid().ToString("N")[..4];
        var monitor = await host.ActorAsync("monitor");
        var created = await host.Columns.CreateAsync(monitor, new ColumnForm
        {
            Name = top, UnitId = await host.UnitIdAsync("县教育局"), Category = "通知公告", ResponsiblePerson = "王主任", StaffA = "刘甲", StaffB = "陈乙",
        });
        Assert.True(created.Succeeded, created.Message);

        var preview = await Import.PreviewAsync(monitor, Workbook(Row(top, "县教育局", "通知公告", "赵主任", "孙丙", "周丁")), "b.xlsx");
        Assert.Equal(RegisterImportAction.Update, Assert.Single(preview.Rows).Action);
        var stale = await Import.PreviewAsync(monitor, Workbook(Row(top, "县教育局", "通知公告", "钱主任", "孙丙", "周丁")), "c.xlsx");
        var report = await Import.ImportAsync(monitor, preview);
        var staleReport = await Import.ImportAsync(monitor, stale);

        Assert.Equal(1, report.Updated);
        Assert.Equal((0, "预览后该栏目已被修改，未更新；请重新上传预览"), (staleReport.Updated, Assert.Single(staleReport.Skipped).Reason));
        await using var db = host.NewDbContext();
        var c = await db.Columns.SingleAsync(x => x.Id == created.ColumnId);
        Assert.Equal(("赵主任", "孙丙", "周丁", created.NewVersion + 1), (c.ResponsiblePerson, c.StaffA, c.StaffB, (int?)c.Version));
    }

    [Fact]
    public async Task Export_ReadsBackAsAnImportWithNothingToChange_AndAUnitExportsOnlyItsOwn()
    {
        var monitor = await host.ActorAsync("monitor");

        var file = await Import.ExportAsync(monitor);
        var preview = await Import.PreviewAsync(monitor, new MemoryStream(file), "栏目台账.xlsx");

        Assert.Null(preview.Error);
        await using var db = host.NewDbContext();
        Assert.Equal(await db.Columns.CountAsync(), preview.Rows.Count);
        // Every column in service reads back unchanged; closed ones are listed but cannot be matched (they are not in service).
        var changed = preview.Rows.Where(r => r.Action != RegisterImportAction.Unchanged).Select(r => $"{r.Line} {r.Path} {r.Action} {r.Problems}").ToList();
        Assert.True(changed.Count == 0, string.Join('\n', changed));
        Assert.Equal(await db.Columns.CountAsync(c => c.IsActive), preview.UnchangedCount);

        var editor2 = await host.ActorAsync("editor2");
        var own = MiniExcel.Query(new MemoryStream(await Import.ExportAsync(editor2)), useHeaderRow: true, sheetName: ColumnRegisterImport.SheetName)
            .Cast<IDictionary<string, object?>>().Select(r => (string?)r["保障单位"]).ToList();
        Assert.NotEmpty(own);
        Assert.All(own, u => Assert.Equal("县财政局", u));
    }

    [Theory]
    [InlineData("editor")]
    [InlineData("supervisor")]
    public async Task Import_ByAnyoneButAManager_IsRefused(string user)
    {
        var actor = await host.ActorAsync(user);
        var preview = await Import.PreviewAsync(actor, Workbook(Row("越权栏目", "县教育局", "动态要闻")), "d.xlsx");

        Assert.Equal("只有监测员或系统管理员可以导入栏目台账。", preview.Error);
        Assert.Equal("只有监测员或系统管理员可以导入栏目台账。",
            (await Import.ImportAsync(actor, new RegisterImportPreview("d.xlsx", [], null))).Error);
    }

    [Fact]
    public async Task Preview_NotAWorkbookOrMissingHeaders_SaysWhyInChinese()
    {
        var monitor = await host.ActorAsync("monitor");

        var text = await Import.PreviewAsync(monitor, new MemoryStream("hello"u8.ToArray()), "x.xlsx");
        var headers = await Import.PreviewAsync(monitor, Workbook(new Dictionary<string, object?> { ["名称"] = "工作动态" }), "y.xlsx");

        Assert.Equal("文件须为 Excel 工作簿（.xlsx）或 CSV 文件（.csv），请下载导入模板填写后上传。", text.Error);
        Assert.StartsWith("第 1 行应为表头，缺少列：栏目路径、保障单位、栏目类别。", headers.Error, StringComparison.Ordinal);
    }
}
