using AngleSharp.Dom;
using Bunit;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Web;
using Governance.Web.Features.Columns;
using Governance.Workflows.Registers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Governance.Tests.Web;

/// <summary>
/// 栏目台账 page on the seeded demo database (2026-03-02): the tree with 栏目负责人 and AB岗, each missing part a dash; status
/// chips and the veto figures; filters; what each role may do from the page (the dialogs call the same server checks); a
/// stale dialog's conflict message.
/// </summary>
public sealed class ColumnRegisterPageTests : BunitTestContext, IClassFixture<WebDemoDatabase>
{
    private readonly WebDemoDatabase _db;
    private IRenderedComponent<MudPopoverProvider> _popovers = null!;
    private IRenderedComponent<MudDialogProvider> _dialogs = null!;

    public ColumnRegisterPageTests(WebDemoDatabase db)
    {
        _db = db;
        db.AddServices(Services);
        Services.AddScoped<CurrentActor>();
    }

    private ColumnRegister Register => _db.Services.GetRequiredService<ColumnRegister>();

    private async Task<GovernanceDbContext> DbAsync() =>
        await _db.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();

    private IRenderedComponent<ColumnRegisterPage> RenderAs(string user, string? url = null)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(user);
        auth.SetClaims(_db.ClaimsOf(user));
        if (url is not null) Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo(url);
        _popovers = Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
        var cut = Render<ColumnRegisterPage>();
        cut.WaitForElement("#column-register");
        return cut;
    }

    private static IElement Row(IRenderedComponent<ColumnRegisterPage> cut, string path) =>
        cut.FindAll("#column-register tbody tr").Single(r => r.QuerySelector("td[data-label='栏目名称']")?.GetAttribute("data-path") == path);

    /// <summary>The last update cell: its date, and what is under it (days ago and the link).</summary>
    private static (string Date, string Under) LastUpdated(IElement row)
    {
        var cell = row.QuerySelector("td[data-label='最近更新']")!;
        return (cell.FirstElementChild!.TextContent.Trim(), cell.QuerySelector(".path")!.TextContent.Replace(" ", "", StringComparison.Ordinal).Trim());
    }

    private static string Chip(IElement row) => row.QuerySelector("td[data-label='状态'] .status-chip")!.TextContent.Trim();

    private static string Cell(IElement row, string label) =>
        string.Join(" ", row.QuerySelector($"td[data-label='{label}']")!.TextContent.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    private async Task<int> AddSpecialAsync(string name, string? responsible, string? staffA, string? staffB, DateOnly? start, DateOnly? end)
    {
        await using var db = await DbAsync();
        if (await db.Columns.FirstOrDefaultAsync(c => c.Name == name) is { } existing) return existing.Id;
        var parent = await db.Columns.SingleAsync(c => c.Path == "专题专栏");
        var column = new Column
        {
            Name = name, ParentId = parent.Id, Path = "专题专栏/" + name, UnitId = _db.Actors["editor"].UnitId, Category = "专题专栏", IsSpecial = true,
            ResponsiblePerson = responsible, StaffA = staffA, StaffB = staffB, StartDate = start, EndDate = end,
            CreatedAtUtc = WebDemoDatabase.Now.UtcDateTime, Version = 1,
        };
        db.Columns.Add(column);
        await db.SaveChangesAsync();
        return column.Id;
    }

    /// <summary>Opens the select whose id (on the select or inside it) is given and picks the item that reads <paramref name="item"/>.</summary>
    private void Choose(IElement found, string item)
    {
        var select = found.Closest(".mud-select") ?? found.QuerySelector(".mud-select") ?? found;
        (select.QuerySelector(".mud-input-slot") ?? select.QuerySelector("input") ?? select).MouseDown();
        _popovers.WaitForAssertion(() => Assert.Contains(_popovers.FindAll(".mud-list-item"), e => e.TextContent.Trim() == item));
        _popovers.FindAll(".mud-list-item").First(e => e.TextContent.Trim() == item).Click();
    }

    /// <summary>Opens a row's action menu and clicks the item with that CSS class.</summary>
    private void Menu(IElement row, string item)
    {
        row.QuerySelector(".row-menu button")!.Click();
        _popovers.WaitForAssertion(() => Assert.NotEmpty(_popovers.FindAll($".{item}")));
        _popovers.Find($".{item}").Click();
    }

    [Fact]
    public async Task Editor_sees_their_units_columns_with_people_and_every_missing_part_as_a_dash()
    {
        await AddSpecialAsync("学前教育宣传月专栏", "王主任", "张三", "李四", new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 31));
        await AddSpecialAsync("校园安全专栏", null, "赵六", null, new DateOnly(2026, 4, 1), null);

        var cut = RenderAs("editor");

        Assert.Equal(["栏目名称", "保障单位", "栏目负责人", "A岗 / B岗", "类别", "更新周期", "最近更新", "状态"],
            cut.FindAll("#column-register th").Select(th => th.TextContent.Trim()).Where(t => t.Length > 0 && t != "操作"));
        // 县教育局 only (a unit sees its own columns).
        Assert.All(cut.FindAll("#column-register tbody tr"), r => Assert.Equal("县教育局", Cell(r, "保障单位")));
        var full = Row(cut, "专题专栏/学前教育宣传月专栏");
        Assert.Equal(("王主任", "张三 / 李四"), (Cell(full, "栏目负责人"), Cell(full, "A岗 / B岗")));
        Assert.Contains("2026-05-01 至 2026-05-31", Cell(full, "栏目名称"));
        var partial = Row(cut, "专题专栏/校园安全专栏");
        Assert.Equal(("—", "赵六 / —"), (Cell(partial, "栏目负责人"), Cell(partial, "A岗 / B岗")));
        Assert.Contains("2026-04-01 至 —", Cell(partial, "栏目名称"));
        // The seeded column nothing has been published to yet.
        var fresh = Row(cut, "政务公开/部门信息/县教育局/工作动态");
        Assert.Equal(("周建国", "张信息 / 李审核", "—", "14 天", "动态要闻"), (Cell(fresh, "栏目负责人"), Cell(fresh, "A岗 / B岗"),
            Cell(fresh, "最近更新"), Cell(fresh, "更新周期"), Cell(fresh, "类别")));
        // Its headings belong to the portal, not to the unit: the path says where the column sits.
        Assert.Equal("政务公开 › 部门信息 › 县教育局", fresh.QuerySelector("td[data-label='栏目名称'] .path")!.TextContent.Trim());
        foreach (var row in cut.FindAll("#column-register tbody tr"))
            Assert.DoesNotMatch(@"^\s*/|/\s*$", Cell(row, "A岗 / B岗"));
        // A unit neither creates nor imports; the veto figures are its own.
        Assert.Empty(cut.FindAll("#new-column"));
        Assert.Empty(cut.FindAll("#to-import"));
        Assert.Contains("本单位", cut.Find("#veto-stale").TextContent);
    }

    [Fact]
    public void Monitor_sees_the_county_with_status_chips_windows_and_last_updates()
    {
        var cut = RenderAs("monitor");

        // Seeded 2026-03-02: 通知公告 150 days (预警), 规划计划 380 days (超期), 午井镇 通知公告 never in 30 days (空白).
        var warning = Row(cut, "政务公开/通知公告");
        Assert.Equal(("预警", "183 天"), (Chip(warning), Cell(warning, "更新周期")));
        Assert.Equal("Warning", warning.QuerySelector("td[data-label='状态']")!.GetAttribute("data-state"));
        Assert.Equal(("2025-10-03", "150天前查看"), LastUpdated(warning));
        Assert.Equal("超期", Chip(Row(cut, "政务公开/规划计划")));
        var blank = Row(cut, "政务公开/镇街信息/午井镇/通知公告");
        Assert.Equal(("空白", "从未更新（开设 30 天）"), (Chip(blank), blank.QuerySelector("td[data-label='状态'] .path")!.TextContent.Trim()));
        Assert.Equal(("薛刚", "叶红 / 阎平"), (Cell(blank, "栏目负责人"), Cell(blank, "A岗 / B岗")));
        Assert.Equal(("不监测", "不监测"), (Cell(Row(cut, "互动交流/县长信箱"), "更新周期"), Chip(Row(cut, "互动交流/县长信箱"))));
        // The whole tree is shown: a column sits indented under its heading, without repeating the path.
        var leaf = Row(cut, "政务公开/部门信息/县教育局/工作动态").QuerySelector("td[data-label='栏目名称']")!;
        Assert.Null(leaf.QuerySelector(".path"));
        Assert.Contains("padding-left: 54px", leaf.QuerySelector("div")!.GetAttribute("style"));
        // The tree: a heading before its children.
        var names = cut.FindAll("#column-register tbody tr td[data-label='栏目名称'] .name").Select(e => e.TextContent.Trim()).ToList();
        Assert.True(names.IndexOf("新闻中心") < names.IndexOf("镇街动态"));
        Assert.NotEmpty(cut.FindAll("#new-column"));
    }

    [Fact]
    public async Task Veto_figures_are_the_countys_against_the_line_of_five()
    {
        var cut = RenderAs("supervisor");
        var figures = await Register.VetoFiguresAsync(_db.Actors["supervisor"]);

        var stale = cut.Find("#veto-stale");
        Assert.Contains("全县超期未更新的动态要闻、通知公告、政策文件类栏目", stale.TextContent);
        Assert.Equal(figures.StaleCount.ToString(System.Globalization.CultureInfo.InvariantCulture), stale.QuerySelector(".veto-count")!.TextContent);
        Assert.Contains("否决线 5 个", stale.TextContent);
        Assert.Equal(figures.StaleVetoed ? "true" : "false", stale.GetAttribute("data-vetoed"));
        var blank = cut.Find("#veto-blank");
        Assert.Equal(figures.BlankCount.ToString(System.Globalization.CultureInfo.InvariantCulture), blank.QuerySelector(".veto-count")!.TextContent);
        // Seeded: 3 stale of the counted classes (卫健局 通知公告, 天度镇 工作动态, 镇街动态), 2 blank — below the line.
        Assert.True(figures.StaleCount >= 3 && figures.BlankCount >= 2, $"{figures}");
        Assert.Empty(cut.FindAll("#new-column"));
    }

    [Fact]
    public void Status_filter_shows_only_columns_in_that_status()
    {
        var cut = RenderAs("monitor");

        // 空白: the two seeded blank columns (and no column of another status).
        Choose(cut.Find("#filter-status"), "空白");
        cut.WaitForAssertion(() => Assert.All(cut.FindAll("#column-register tbody td[data-label='状态']"),
            td => Assert.Equal("Blank", td.GetAttribute("data-state"))));
        var blank = cut.FindAll("#column-register tbody td[data-label='栏目名称'] .name").Select(e => e.TextContent.Trim()).ToList();
        Assert.Contains("安全生产月", blank);
        Assert.Contains("通知公告", blank);

    }

    [Fact]
    public void Search_finds_by_path_and_unit_heading_before_its_column()
    {
        var cut = RenderAs("monitor");

        cut.Find("input#filter-search").Input("午井");
        // The search field waits 300 ms after typing, on the context's (fake) clock.
        ((Microsoft.Extensions.Time.Testing.FakeTimeProvider)Services.GetRequiredService<TimeProvider>()).Advance(TimeSpan.FromMilliseconds(400));

        cut.WaitForAssertion(() => Assert.Equal("午井镇|通知公告",
            string.Join('|', cut.FindAll("#column-register tbody tr td[data-label='栏目名称'] .name").Select(e => e.TextContent.Trim()))));
    }

    [Fact]
    public async Task Monitor_creates_a_column_in_the_dialog_and_a_bad_one_is_refused_in_place()
    {
        var cut = RenderAs("monitor");
        var name = "政务服务" + Guid.NewGuid().ToString("N")[..4];

        cut.Find("#new-column").Click();
        _dialogs.WaitForElement("input#column-name");
        _dialogs.Find("input#column-name").Change(name);
        Choose(_dialogs.Find("#column-unit"), "县教育局");
        Choose(_dialogs.Find("#column-category"), "规划计划");
        _dialogs.Find("input#column-responsible").Change("王主任");
        _dialogs.Find("input#column-staff-a").Change("刘甲");
        _dialogs.Find("input#column-staff-b").Change("刘甲");

        // A岗 = B岗: refused in the dialog, nothing stored.
        _dialogs.Find("#dialog-confirm").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("A岗与B岗不能是同一人", _dialogs.Find("#dialog-error").TextContent));
        await using (var db = await DbAsync()) Assert.False(await db.Columns.AnyAsync(c => c.Name == name));

        _dialogs.Find("input#column-staff-b").Change("陈乙");
        _dialogs.Find("#dialog-confirm").Click();

        cut.WaitForAssertion(() => Assert.Equal("县教育局", Cell(Row(cut, name), "保障单位")));
        Assert.Equal(("王主任", "刘甲 / 陈乙", "规划计划", "正常"), (Cell(Row(cut, name), "栏目负责人"), Cell(Row(cut, name), "A岗 / B岗"),
            Cell(Row(cut, name), "类别"), Chip(Row(cut, name))));
    }

    [Fact]
    public async Task Editor_records_an_update_from_the_row_and_the_column_is_normal_with_its_link()
    {
        var id = await AddSpecialAsync("教育督导专栏", "王主任", "张三", "李四", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        await using (var db = await DbAsync())
            await db.Columns.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ColumnStatus.Blank).SetProperty(c => c.LapseCount, 1));
        var cut = RenderAs("editor");
        Assert.Equal("空白", Chip(Row(cut, "专题专栏/教育督导专栏")));
        // A unit may not edit, move or close from the menu.
        Row(cut, "专题专栏/教育督导专栏").QuerySelector(".row-menu button")!.Click();
        _popovers.WaitForElement(".menu-record");
        Assert.Empty(_popovers.FindAll(".menu-edit, .menu-move, .menu-close, .menu-suspend"));

        _popovers.Find(".menu-record").Click();
        _dialogs.WaitForElement("input#update-url");
        _dialogs.Find("input#update-url").Change("https://www.fufeng.gov.cn/jyj/ddzl/202603/t20260302_1.html");
        _dialogs.Find("#dialog-confirm").Click();

        cut.WaitForAssertion(() => Assert.Equal("正常", Chip(Row(cut, "专题专栏/教育督导专栏"))));
        var row = Row(cut, "专题专栏/教育督导专栏");
        Assert.Equal(("2026-03-02", "今天查看"), LastUpdated(row));
        Assert.Equal("https://www.fufeng.gov.cn/jyj/ddzl/202603/t20260302_1.html", row.QuerySelector("a.last-url")!.GetAttribute("href"));
    }

    [Fact]
    public async Task A_dialog_on_a_column_changed_meanwhile_says_so_and_saves_nothing()
    {
        var id = await AddSpecialAsync("教师招聘专栏", "王主任", "张三", "李四", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        var cut = RenderAs("reviewer");
        Menu(Row(cut, "专题专栏/教师招聘专栏"), "menu-people");
        _dialogs.WaitForElement("input#column-responsible");
        // Meanwhile a colleague changes the people.
        var version = (await Register.GetAsync(_db.Actors["editor"], id))!.Row.Version;
        Assert.True((await Register.UpdatePeopleAsync(_db.Actors["editor"], id, version,
            new ColumnPeopleForm { ResponsiblePerson = "周主任", StaffA = "张三", StaffB = "李四" })).Succeeded);

        _dialogs.Find("input#column-responsible").Change("吴主任");
        _dialogs.Find("#dialog-confirm").Click();

        cut.WaitForAssertion(() => Assert.Equal(RegisterResult.ConflictMessage, cut.Find("#register-conflict").TextContent.Trim()));
        Assert.Equal("周主任", Cell(Row(cut, "专题专栏/教师招聘专栏"), "栏目负责人"));
    }

    [Fact]
    public async Task A_notifications_link_shows_that_column_alone_until_cleared()
    {
        await using var db = await DbAsync();
        var id = await db.Columns.Where(c => c.Path == "政务公开/部门信息/县教育局/通知公告").Select(c => c.Id).SingleAsync();

        var cut = RenderAs("editor", $"/columns?column={id}");

        Assert.Equal([id.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            cut.FindAll("#column-register tbody td[data-label='栏目名称']").Select(td => td.GetAttribute("data-column")));
        Assert.Contains("仅显示通知中的栏目", cut.Find("#only-column").TextContent);
        cut.Find("#only-column .mud-chip-close-button, #only-column button").Click();
        cut.WaitForAssertion(() => Assert.True(cut.FindAll("#column-register tbody tr").Count >= 3));
    }

    [Fact]
    public void Import_page_previews_each_rows_problems_then_imports_the_valid_rows()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("monitor");
        auth.SetClaims(_db.ClaimsOf("monitor"));
        Render<MudPopoverProvider>();
        var cut = Render<ColumnImportPage>();
        var top = "办事指南" + Guid.NewGuid().ToString("N")[..4];
        using var ms = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(ms, new List<Dictionary<string, object?>>
        {
            new() { ["栏目路径"] = top, ["保障单位"] = "县行政审批服务局", ["栏目类别"] = "通知公告", ["栏目负责人"] = "高主任", ["A岗"] = "甲", ["B岗"] = "乙" },
            new() { ["栏目路径"] = top + "/表格下载", ["保障单位"] = "县行政审批服务局", ["栏目类别"] = "新闻", ["栏目负责人"] = "高主任", ["A岗"] = "甲", ["B岗"] = "乙" },
        }, excelType: MiniExcelLibs.ExcelType.XLSX);

        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(
            Bunit.InputFileContent.CreateFromBinary(ms.ToArray(), "栏目台账.xlsx"));

        cut.WaitForElement("#preview-table");
        Assert.Equal("Create", cut.Find("#preview-table tr[data-line='2']").GetAttribute("data-action"));
        Assert.Contains("栏目类别须为", cut.Find("#preview-table tr[data-line='3']").TextContent);
        cut.Find("#import-valid").Click();
        cut.WaitForAssertion(() => Assert.Equal("新增 1 个栏目，更新 0 个，跳过 1 行。", cut.Find("#import-summary").TextContent.Trim()));
    }
}
