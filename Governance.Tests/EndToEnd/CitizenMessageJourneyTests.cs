using System.Globalization;
using System.Net.Http.Json;
using Governance.Tests.Support;
using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.CitizenMessages;
using Microsoft.Playwright;
using Governance.Web.Features.CitizenMessages;
using MiniExcelLibs;

namespace Governance.Tests.EndToEnd;

/// <summary>
/// W3 end to end in a real browser: the public site posts a message → the Monitor assigns it on the dispatch board to
/// 县教育局 → its Editor accepts it and drafts a reply with a phone number (提交答复审核 disabled with the pre-check's
/// reason) → fixes it and submits → the UnitReviewer approves (已答复) → the statistics count it on time, and the Excel
/// download says the same. The W3 screens' controls all have Chinese accessible names.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(AppCollection.Name)]
public sealed class CitizenMessageJourneyTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    /// <summary>A full-page screenshot from the top (the app bar is fixed: a scrolled page would show it mid-page).</summary>

    private async Task<long> PostMessageAsync(string sourceRef, string title)
    {
        using var http = new HttpClient { BaseAddress = f.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages")
        {
            Content = JsonContent.Create(new
            {
                sourceRef, title, content = "我家孩子今年秋季上一年级，请问城关片区小学划片范围和报名所需材料有哪些？", category = "咨询",
                citizenName = "赵德明", citizenPhone = "13700001234",
            }),
        };
        request.Headers.Add("X-Api-Key", GovernanceAppFactory.ApiKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("Received", body.GetProperty("state").GetString());
        return body.GetProperty("id").GetInt64();
    }

    private static Task FireAsync(IPage page, string button) => BrowserFixture.ConfirmActionAsync(page, button);


    [Fact]
    public async Task Message_IntakeDispatchReplyApprove_CountsOnTimeInStatisticsAndExcel()
    {
        // 1. The public site posts a message through the intake API.
        const string title = "城关片区小学划片范围咨询";
        var id = await PostMessageAsync("E2E-" + Guid.NewGuid().ToString("N")[..12], title);
        var url = $"/messages/{id}";

        // 2. The Monitor assigns it on the dispatch board to 县教育局.
        var monitor = await f.SignInAsync("monitor");
        await BrowserFixture.OpenAsync(monitor, "/messages");
        await Assertions.Expect(monitor.GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(monitor, "40-messages-list-received");
        await monitor.Locator("#to-dispatch").ClickAsync();
        await monitor.WaitForURLAsync("**/messages/dispatch");
        await BrowserFixture.WaitInteractiveAsync(monitor);
        await monitor.GetByRole(AriaRole.Checkbox, new() { Name = "选择：" + title }).CheckAsync();
        await monitor.Locator("#assign").ClickAsync();
        await monitor.Locator("#assign-unit").ClickAsync();
        await monitor.Locator("#assign-unit").FillAsync("教育");
        await monitor.GetByRole(AriaRole.Option, new() { Name = "县教育局", Exact = true }).ClickAsync();
        await monitor.Locator("#assign-comment").FillAsync("请按招生政策答复。");
        await BrowserFixture.ScreenshotAsync(monitor, "41-messages-dispatch-dialog");
        await monitor.Locator("#assign-confirm").ClickAsync();
        await Assertions.Expect(monitor.Locator($"#assign-results tr[data-result='{id}']")).ToHaveAttributeAsync("data-ok", "true");
        await Assertions.Expect(monitor.Locator($"tr[data-message='{id}']")).ToHaveCountAsync(0); // off the board
        await BrowserFixture.ScreenshotAsync(monitor, "42-messages-dispatch-result");

        // 3. The unit's Editor accepts and drafts a reply with a phone number: the pre-check blocks the submission.
        var editor = await f.SignInAsync("editor");
        await BrowserFixture.OpenAsync(editor, url);
        await Assertions.Expect(editor.Locator(".status-chip").First).ToHaveTextAsync("已批办");
        await Assertions.Expect(editor.Locator(".field-value", new() { HasText = "13700001234" })).ToBeVisibleAsync(); // the handling unit sees the contact
        await FireAsync(editor, "签收");
        await Assertions.Expect(editor.Locator(".status-chip").First).ToHaveTextAsync("办理中");
        await editor.Locator("#reply-input").FillAsync("您好！城关片区小学划片范围以县教育局公布的方案为准，详情可致电13812345678咨询。");
        await editor.Locator("#save-reply").ClickAsync();
        var submit = editor.Locator("button[data-trigger='SubmitReply']");
        await Assertions.Expect(editor.Locator(".disabled-reason[data-trigger='SubmitReply']")).ToContainTextAsync("机器预审");
        await Assertions.Expect(submit).ToBeDisabledAsync();
        await editor.Locator("#run-precheck").ClickAsync();
        await Assertions.Expect(editor.Locator("#precheck-hits [data-rule='pii.mobile']")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(editor, "43-message-reply-blocked-by-precheck");

        // 4. The Editor fixes the reply and submits; the UnitReviewer approves: 已答复.
        await editor.Locator("#reply-input").FillAsync("您好！城关片区小学划片范围以县教育局公布的方案为准，报名需携带户口簿和房产证明。");
        await editor.Locator("#save-reply").ClickAsync();
        await Assertions.Expect(submit).ToBeEnabledAsync();
        await FireAsync(editor, "提交答复审核");
        await Assertions.Expect(editor.Locator(".status-chip").First).ToHaveTextAsync("答复审核");
        var reviewer = await f.SignInAsync("reviewer");
        await BrowserFixture.OpenAsync(reviewer, url);
        await FireAsync(reviewer, "答复审核通过");
        await Assertions.Expect(reviewer.Locator(".status-chip").First).ToHaveTextAsync("已答复");
        await Assertions.Expect(reviewer.Locator("#reply-outcome")).ToContainTextAsync("是，在答复时限内");
        await BrowserFixture.ScreenshotAsync(reviewer, "44-message-replied");

        // 5. The statistics (this month) count it as replied on time.
        await BrowserFixture.OpenAsync(monitor, "/messages/stats");
        var row = monitor.Locator("#stats-table tr[data-unit='县教育局']");
        await Assertions.Expect(row.Locator("td[data-col='已答复']")).ToHaveTextAsync("1");
        await Assertions.Expect(row.Locator("td[data-col='按时答复']")).ToHaveTextAsync("1");
        await Assertions.Expect(row.Locator("td[data-col='按时率']")).ToHaveTextAsync("100%");
        await Assertions.Expect(monitor.Locator("#stats-chart svg").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(monitor, "45-messages-statistics");

        // 6. The Excel download (the monitor's cookies) carries the same figures.
        var (from, to) = StatsPeriod.Of(StatsPeriodKind.Month, ChinaTime.Date(DateTime.UtcNow));
        Assert.Equal($"{from:yyyy-MM-dd} 至 {to:yyyy-MM-dd}（按收到日期）", (await monitor.Locator("#period-text").InnerTextAsync()).Trim());
        var download = await monitor.APIRequest.GetAsync(await monitor.Locator("#export-full").GetAttributeAsync("href") ?? "");
        Assert.Equal(200, download.Status);
        using var xlsx = new MemoryStream(await download.BodyAsync());
        var unit = MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: MessageStatsExport.StatsSheet).Cast<IDictionary<string, object?>>()
            .Single(r => (string?)r["单位"] == "县教育局");
        Assert.Equal(1, Convert.ToInt32(unit["已答复"], CultureInfo.InvariantCulture));
        Assert.Equal(1, Convert.ToInt32(unit["按时答复"], CultureInfo.InvariantCulture));
        Assert.Equal("100%", unit["按时率"]);
        // Another role may not; a bad period is a Chinese 400.
        var refused = await editor.APIRequest.GetAsync(MessageFileEndpoints.StatsExportUrl(from, to, true),
            new() { MaxRedirects = 0 });
        Assert.NotEqual(200, refused.Status);
        var bad = await monitor.APIRequest.GetAsync("/messages/stats/export?from=2026-13-01&to=2026-03-31");
        Assert.Equal(400, bad.Status);
        Assert.Contains("起始日期 from 格式不正确", await bad.TextAsync());
    }

    [Fact]
    public async Task MessageScreens_EveryControl_HasAChineseAccessibleName()
    {
        var id = await PostMessageAsync("E2E-A11Y-" + Guid.NewGuid().ToString("N")[..8], "公交站台遮雨棚建议");
        var problems = new List<string>();
        var checkedCount = 0;
        async Task Visit(IPage page, string path, string where, string waitFor)
        {
            await BrowserFixture.OpenAsync(page, path);
            await page.Locator(waitFor).First.WaitForAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var controls = await AccessibleNamesTests.ControlsAsync(page, where);
            checkedCount += controls.Count;
            problems.AddRange(controls.Select(AccessibleNamesTests.Problem).OfType<string>());
        }

        var monitor = await f.SignInAsync("monitor");
        await Visit(monitor, "/messages", "留言列表", "#message-grid");
        await Visit(monitor, "/messages/dispatch", "分办台", "#dispatch-board");
        await Visit(monitor, "/messages/new", "录入留言", "#title");
        await Visit(monitor, "/messages/import", "导入留言", "#choose-file");
        await Visit(monitor, "/messages/stats", "留言统计", "#stats-table");
        await Visit(monitor, $"/messages/{id}", "留言详情（监测员）", "#message-content");
        await BrowserFixture.ScreenshotAsync(monitor, "46-message-detail-monitor");

        await BrowserFixture.OpenAsync(monitor, "/messages/new");
        await monitor.Locator("#save").ClickAsync();
        await Assertions.Expect(monitor.Locator("#form-error")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(monitor, "47-message-new-validation");

        Assert.True(checkedCount > 40, $"only {checkedCount} controls found: is the page rendering?");
        Assert.True(problems.Count == 0, "controls without a Chinese accessible name:\n" + string.Join('\n', problems.Distinct()));
    }
}
