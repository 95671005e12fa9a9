using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.Tests.Support;
using Microsoft.Playwright;

namespace Governance.Tests.EndToEnd;

/// <summary>
/// What a screen reader says is Chinese: on the editor's main pages every button, link and form control that Chromium
/// exposes in its accessibility tree has a non-empty accessible name without English words ("Open", "Toggle …", "bold",
/// "Normal", "list: ordered"). The names are Chromium's own computation (CDP Accessibility.getFullAXTree), the same a
/// screen reader is given: aria-label, aria-labelledby, &lt;label&gt;, title, text and CSS-generated content all count.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(AppCollection.Name)]
public sealed partial class AccessibleNamesTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    /// <summary>Roles of things a user operates.</summary>
    private static readonly HashSet<string> ControlRoles =
    [
        "button", "link", "textbox", "searchbox", "combobox", "listbox", "checkbox", "radio", "switch", "slider", "spinbutton",
        "menuitem", "menuitemcheckbox", "menuitemradio", "option", "tab", "treeitem", "PopUpButton", "ToggleButton",
    ];

    /// <summary>Latin words the product itself uses in Chinese text: 第19条(二) AB岗, the workflow codes W1–W4.</summary>
    private static readonly HashSet<string> AllowedLatin = new(StringComparer.Ordinal) { "AB" };

    public sealed record NamedControl(string Role, string Name, string Where);

    [Fact]
    public async Task EditorPages_EveryControl_HasAChineseAccessibleName()
    {
        var page = await f.SignInAsync("editor");
        var problems = new List<string>();
        var checkedCount = 0;

        async Task Check(string where)
        {
            var controls = await ControlsAsync(page, where);
            checkedCount += controls.Count;
            problems.AddRange(controls.Select(Problem).OfType<string>());
        }

        async Task Visit(string path, string where, string? waitFor = null)
        {
            await page.GotoAsync(path);
            await BrowserFixture.WaitInteractiveAsync(page);
            if (waitFor is not null) await page.Locator(waitFor).First.WaitForAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Check(where);
        }

        await Visit("/", "工作台");
        await Visit("/column-requests", "专题专栏列表", "input");
        await Visit("/column-requests/new", "专题专栏申请表", "#StartDate");
        await Visit("/account/profile", "个人信息", "#profile-email");
        await Visit("/content", "信息发布审核列表");
        await Visit("/content/new", "起草信息", ".ql-editor");

        // The editor's pickers open: their items are read too.
        await page.Locator(".ql-header .ql-picker-label").ClickAsync();
        await Check("起草信息（标题级别展开）");
        await page.Keyboard.PressAsync("Escape");
        await page.Locator(".ql-editor").ClickAsync();
        await page.Keyboard.TypeAsync("县教育局召开春季开学工作会议。");
        await page.GetByLabel("标题", new() { Exact = true }).FillAsync("县教育局召开春季开学工作会议");
        await page.Locator("#save").ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/content/\d+$"));
        await BrowserFixture.WaitInteractiveAsync(page);
        await Visit(new Uri(page.Url).AbsolutePath + "/edit", "修改信息", ".ql-editor");
        await BrowserFixture.ScreenshotAsync(page, "30-content-edit-accessible-toolbar");

        Assert.True(checkedCount > 60, $"only {checkedCount} controls found: is the page rendering?");
        Assert.True(problems.Count == 0, "controls without a Chinese accessible name:\n" + string.Join('\n', problems.Distinct()));
    }

    [Fact]
    public async Task ContentEditor_ToolbarAndTextArea_NamedInChinese()
    {
        var page = await f.SignInAsync("editor");
        await page.GotoAsync("/content/new");
        await BrowserFixture.WaitInteractiveAsync(page);

        var body = page.GetByRole(AriaRole.Textbox, new() { Name = "正文", Exact = true });
        await Assertions.Expect(body).ToHaveAttributeAsync("aria-multiline", "true");
        await body.ClickAsync();
        await page.Keyboard.TypeAsync("正文内容");
        await Assertions.Expect(body).ToContainTextAsync("正文内容");

        foreach (var name in new[] { "加粗", "斜体", "下划线", "有序列表", "无序列表", "链接", "引用", "清除格式", "标题级别", "对齐方式" })
        {
            var control = page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
            await Assertions.Expect(control).ToHaveCountAsync(1);
            await Assertions.Expect(control).ToHaveAttributeAsync("title", name); // the tooltip
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "标题级别", Exact = true }).ClickAsync();
        foreach (var name in new[] { "标题 1", "标题 2", "标题 3", "正文" })
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "31-content-editor-header-picker");
        await page.GetByRole(AriaRole.Button, new() { Name = "标题 2", Exact = true }).ClickAsync();
        await Assertions.Expect(body.Locator("h2")).ToContainTextAsync("正文内容");
    }

    [Fact]
    public async Task DatePickersAndNavGroup_NamedInChinese()
    {
        var page = await f.SignInAsync("editor");
        await page.GotoAsync("/column-requests/new");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "选择开始日期", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "选择结束日期", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "展开/收起 业务办理", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Open" })).ToHaveCountAsync(0);

        await page.GotoAsync("/column-requests");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "选择起始申请日", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "选择截止申请日", Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>Null when the name is fine, otherwise what is wrong with it.</summary>
    internal static string? Problem(NamedControl c)
    {
        if (string.IsNullOrWhiteSpace(c.Name)) return $"{c.Where}: {c.Role} without a name";
        var english = LatinWord().Matches(c.Name).Select(m => m.Value).Where(w => !AllowedLatin.Contains(w)).ToList();
        return english.Count == 0 ? null : $"{c.Where}: {c.Role} “{c.Name}” ({string.Join(", ", english)})";
    }

    /// <summary>The controls in Chromium's accessibility tree of the page (ignored and hidden nodes left out).</summary>
    internal static async Task<List<NamedControl>> ControlsAsync(IPage page, string where)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        try
        {
            var tree = await cdp.SendAsync("Accessibility.getFullAXTree");
            var result = new List<NamedControl>();
            foreach (var node in tree!.Value.GetProperty("nodes").EnumerateArray())
            {
                if (node.TryGetProperty("ignored", out var ignored) && ignored.GetBoolean()) continue;
                var role = Value(node, "role");
                if (role is null || !ControlRoles.Contains(role)) continue;
                if (IsHidden(node)) continue;
                result.Add(new NamedControl(role, Value(node, "name") ?? "", where));
            }
            return result;
        }
        finally
        {
            await cdp.DetachAsync();
        }
    }

    private static string? Value(JsonElement node, string property) =>
        node.TryGetProperty(property, out var p) && p.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    private static bool IsHidden(JsonElement node) =>
        node.TryGetProperty("properties", out var props) && props.EnumerateArray().Any(p =>
            p.GetProperty("name").GetString() is "hidden" && p.GetProperty("value").TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.True);

    /// <summary>Two or more Latin letters in a row: an English word (W1, A岗 and B岗 are not).</summary>
    [GeneratedRegex("[A-Za-z]{2,}")]
    private static partial Regex LatinWord();
}
