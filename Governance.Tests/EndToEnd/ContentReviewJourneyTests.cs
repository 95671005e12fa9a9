using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.Tests.Support;
using Microsoft.Playwright;

namespace Governance.Tests.EndToEnd;

/// <summary>W2 end to end: the pre-check blocks personal data and a commercial link, the editor fixes them, 五关, 保密审查, 发布.</summary>
[Trait("Category", "EndToEnd")]
[Collection(AppCollection.Name)]
public sealed class ContentReviewJourneyTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{

    [Fact]
    public async Task Content_PreCheckFixReviewPublish_StampsColumn()
    {
        var editor = await f.SignInAsync("editor");
        await editor.GotoAsync("/content/new");
        await BrowserFixture.WaitInteractiveAsync(editor);
        await editor.GetByLabel("标题", new() { Exact = true }).FillAsync("县教育局2026年春季招生报名通知");
        var body = editor.Locator(".ql-editor");
        await body.ClickAsync();
        const string suffix = "详情见http://shop.example.com/zb";
        await editor.Keyboard.TypeAsync("春季招生报名咨询电话13812345678，请家长按时报名。" + suffix);
        await editor.Locator("#run-precheck").ClickAsync();
        await Assertions.Expect(editor.Locator("#precheck-hits [data-rule='pii.mobile']")).ToBeVisibleAsync();
        await Assertions.Expect(editor.Locator("#precheck-hits [data-rule='link.not_allowed']")).ToBeVisibleAsync();
        await Assertions.Expect(editor.Locator("#precheck-text mark.block")).ToHaveCountAsync(2);
        await BrowserFixture.ScreenshotAsync(editor, "20-content-precheck-blocked");

        // One click masks the number; the editor deletes the commercial link.
        await editor.Locator("[data-apply='pii.mobile']").ClickAsync();
        await Assertions.Expect(body).ToContainTextAsync("138****5678");
        await body.ClickAsync();
        await editor.Keyboard.PressAsync("Control+End");
        for (var i = 0; i < suffix.Length; i++) await editor.Keyboard.PressAsync("Backspace");
        await editor.Locator("#run-precheck").ClickAsync();
        await Assertions.Expect(editor.Locator("#precheck-status")).ToContainTextAsync("机器预审通过");
        await BrowserFixture.ScreenshotAsync(editor, "21-content-precheck-clean");
        await editor.Locator("#save").ClickAsync();
        await editor.WaitForURLAsync(new Regex(@"/content/\d+$"));
        await BrowserFixture.WaitInteractiveAsync(editor);
        var url = new Uri(editor.Url).AbsolutePath;
        var id = long.Parse(url.Split('/').Last());
        await Fire(editor, "提交审核");
        await Assertions.Expect(editor.Locator(".status-chip").First).ToHaveTextAsync("单位审核");

        // The author may not approve their own item — refused on the server whatever the UI shows.
        var state = await (await editor.APIRequest.GetAsync($"/api/v1/instances/{id}")).JsonAsync();
        var version = state!.Value.GetProperty("version").GetInt32();
        Assert.DoesNotContain("UnitApprove", state.Value.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        var refused = await editor.APIRequest.PostAsync($"/api/v1/instances/{id}/fire", new()
        {
            DataObject = new { trigger = "UnitApprove", version },
        });
        Assert.Equal(403, refused.Status);

        // Two reviewers of the unit open the item. The second starts 单位审核通过 and types an opinion…
        var reviewer = await f.SignInAsync("reviewer");
        var second = await f.SignInAsync("secrecy");
        await second.GotoAsync(url);
        await BrowserFixture.WaitInteractiveAsync(second);
        await second.GetByRole(AriaRole.Button, new() { Name = "单位审核通过", Exact = true }).ClickAsync();
        await second.Locator("#action-comment").FillAsync("我的审核意见：同意。");

        // …while the first ticks the five checks and approves.
        await reviewer.GotoAsync(url);
        await BrowserFixture.WaitInteractiveAsync(reviewer);
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "单位审核通过", Exact = true }).ClickAsync();
        await reviewer.Locator("#action-confirm").ClickAsync();
        await Assertions.Expect(reviewer.GetByText("须确认政治关").First).ToBeVisibleAsync();
        foreach (var check in new[] { "政治关", "法律关", "政策关", "保密关", "文字关" })
            await reviewer.GetByText(check, new() { Exact = true }).ClickAsync();
        await BrowserFixture.ScreenshotAsync(reviewer, "22-content-five-checks");
        await reviewer.Locator("#action-confirm").ClickAsync();
        await Assertions.Expect(reviewer.Locator(".status-chip").First).ToHaveTextAsync("保密审查");

        // The second reviewer's page refreshed under the open dialog: one message, in the dialog and on the page, the
        // stale action cannot be confirmed, and what was typed is still there.
        await Assertions.Expect(second.Locator("#dialog-stale")).ToContainTextAsync("该事项已被他人处理或修改");
        await Assertions.Expect(second.Locator("#action-confirm")).ToBeDisabledAsync();
        await Assertions.Expect(second.Locator("#action-comment")).ToHaveValueAsync("我的审核意见：同意。");
        await Assertions.Expect(second.Locator("#conflict-banner")).ToContainTextAsync("该事项已被他人处理或修改，页面已更新为最新状态");
        await Assertions.Expect(second.Locator(".status-chip").First).ToHaveTextAsync("保密审查");
        await BrowserFixture.ScreenshotAsync(second, "25-content-stale-dialog");
        await second.Locator("#action-cancel").ClickAsync();
        await Assertions.Expect(second.Locator(".mud-dialog")).ToHaveCountAsync(0);

        // 保密审查 is a second pair of eyes (第9条): shown disabled, with the reason, to who did 单位审核.
        await Assertions.Expect(reviewer.Locator("button[data-trigger='SecrecyApprove']")).ToBeDisabledAsync();
        await Assertions.Expect(reviewer.Locator(".disabled-reason[data-trigger='SecrecyApprove']")).ToContainTextAsync("另一位审核人");
        await BrowserFixture.ScreenshotAsync(reviewer, "26-content-secrecy-disabled-for-unit-reviewer");

        // The second reviewer signs the secrecy review with its statement.
        await second.GetByRole(AriaRole.Button, new() { Name = "保密审查通过", Exact = true }).ClickAsync();
        await second.Locator("#field-statement").FillAsync("经审查，该信息不涉及国家秘密和个人隐私，同意公开。");
        await second.Locator("#action-confirm").ClickAsync();
        await Assertions.Expect(second.Locator(".status-chip").First).ToHaveTextAsync("待发布");

        // The Publisher publishes; the column's last update is stamped.
        var publisher = await f.SignInAsync("publisher");
        await publisher.GotoAsync("/columns");
        await BrowserFixture.WaitInteractiveAsync(publisher);
        var row = publisher.Locator("#column-register tr", new() { HasText = "工作动态" });
        var lastUpdated = row.Locator("td[data-label='最近更新']");
        Assert.Equal("—", (await lastUpdated.InnerTextAsync()).Trim());
        await publisher.GotoAsync(url);
        await BrowserFixture.WaitInteractiveAsync(publisher);
        await Fire(publisher, "发布");
        await Assertions.Expect(publisher.Locator(".status-chip").First).ToHaveTextAsync("已发布");
        await BrowserFixture.ScreenshotAsync(publisher, "23-content-published");
        await publisher.GotoAsync("/columns");
        await BrowserFixture.WaitInteractiveAsync(publisher);
        await Assertions.Expect(lastUpdated).Not.ToContainTextAsync("—");
        // The date the app stamped (China time), read back from the register — not the test machine's clock, which may
        // have crossed midnight since.
        await using (var db = f.App.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Governance.Data.GovernanceDbContext>>().CreateDbContext())
        {
            var stamped = await db.Columns.Where(c => c.Name == "工作动态" && c.Unit!.Name == "县教育局" && c.LastUpdatedAtUtc != null)
                .Select(c => c.LastUpdatedAtUtc!.Value)
                .ToListAsync();
            var shown = Governance.Workflows.Calendar.ChinaTime.Format(Assert.Single(stamped), "yyyy-MM-dd");
            await Assertions.Expect(lastUpdated).ToContainTextAsync(shown);
        }
        await BrowserFixture.ScreenshotAsync(publisher, "24-column-register-updated");
    }

    [Fact]
    public async Task Content_SaveAndSubmitFromEditPage_BlockedShowsReasonThenLandsInUnitReview()
    {
        var editor = await f.SignInAsync("editor");
        await editor.GotoAsync("/content/new");
        await BrowserFixture.WaitInteractiveAsync(editor);
        await editor.GetByLabel("标题", new() { Exact = true }).FillAsync("县教育局暑期安全提示");
        await editor.Locator(".ql-editor").ClickAsync();
        await editor.Keyboard.TypeAsync("暑期安全咨询电话13912345678。");

        // Blocked: the server's reason on the edit page; the draft exists and is the one being edited.
        await editor.Locator("#save-submit").ClickAsync();
        await Assertions.Expect(editor.Locator("#submit-error")).ToContainTextAsync("机器预审未通过");
        await Assertions.Expect(editor.Locator("#submit-error")).ToContainTextAsync("草稿已保存");
        await editor.WaitForURLAsync(new Regex(@"/content/\d+/edit$"));
        await Assertions.Expect(editor.Locator("#precheck-hits [data-rule='pii.mobile']")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(editor, "25-content-save-submit-blocked");

        // Fixed in place, submitted again: one item, now in 单位审核.
        await editor.Locator("[data-apply='pii.mobile']").ClickAsync();
        await Assertions.Expect(editor.Locator(".ql-editor")).ToContainTextAsync("139****5678");
        await editor.Locator("#save-submit").ClickAsync();
        await editor.WaitForURLAsync(new Regex(@"/content/\d+$"));
        await BrowserFixture.WaitInteractiveAsync(editor);
        await Assertions.Expect(editor.Locator(".status-chip").First).ToHaveTextAsync("单位审核");
        await BrowserFixture.ScreenshotAsync(editor, "26-content-save-submit-unit-review");
        await editor.GotoAsync("/content");
        await BrowserFixture.WaitInteractiveAsync(editor);
        await Assertions.Expect(editor.GetByText("县教育局暑期安全提示")).ToHaveCountAsync(1);
    }

    private static Task Fire(IPage page, string button) => BrowserFixture.ConfirmActionAsync(page, button);
}
