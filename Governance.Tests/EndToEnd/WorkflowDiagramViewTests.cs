using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.Tests.Support;
using Microsoft.Playwright;

namespace Governance.Tests.EndToEnd;

/// <summary>The diagrams as Chromium draws them (bundled mermaid): every transition label readable, none on top of another.</summary>
[Trait("Category", "EndToEnd")]
[Collection(AppCollection.Name)]
public sealed class WorkflowDiagramViewTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    private sealed record Box(string Text, double X, double Y, double Width, double Height)
    {
        public bool Overlaps(Box o) =>
            X < o.X + o.Width - 1 && o.X < X + Width - 1 && Y < o.Y + o.Height - 1 && o.Y < Y + Height - 1;
    }

    [Fact]
    public async Task W2Diagram_OnDetailPage_TransitionLabelsDoNotOverlap()
    {
        var page = await f.SignInAsync("editor");
        await page.GotoAsync("/content/new");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.GetByLabel("标题", new() { Exact = true }).FillAsync("县教育局开展校园安全大检查");
        await page.Locator(".ql-editor").ClickAsync();
        await page.Keyboard.TypeAsync("县教育局近日开展校园安全大检查。");
        await page.Locator("#save").ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/content/\d+$"));
        await page.ReloadAsync(); // without the 已保存 message over the picture
        await BrowserFixture.WaitInteractiveAsync(page);

        var labels = await LabelsAsync(page);
        var diagram = page.Locator("[data-testid='workflow-diagram']");
        await diagram.ScrollIntoViewIfNeededAsync();
        await diagram.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "32-w2-diagram.png") });

        // Every transition of W2 is labelled: 提交审核, 单位审核通过, 保密审查通过, 发布, 退回修改 ×3, 撤稿, 更正, 撤回 ×2.
        foreach (var text in new[] { "提交审核", "单位审核通过", "保密审查通过", "发布", "退回修改", "撤稿", "更正", "撤回" })
            Assert.Contains(labels, l => l.Text == text);
        var overlaps = (from a in labels.Select((l, i) => (l, i))
                        from b in labels.Select((l, i) => (l, i))
                        where a.i < b.i && a.l.Overlaps(b.l)
                        select $"「{a.l.Text}」{a.l} × 「{b.l.Text}」{b.l}").ToList();
        Assert.True(overlaps.Count == 0, "transition labels drawn over each other:\n" + string.Join('\n', overlaps));
    }

    /// <summary>The drawn edge labels (text and box on the page) once mermaid has rendered the SVG.</summary>
    private static async Task<List<Box>> LabelsAsync(IPage page)
    {
        await page.Locator("[data-testid='workflow-diagram'] svg g.edgeLabel").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var json = await page.EvaluateAsync<JsonElement>("""
            () => [...document.querySelectorAll("[data-testid='workflow-diagram'] svg g.edgeLabel")]
                .map(e => ({ text: e.textContent.trim(), r: e.getBoundingClientRect() }))
                .filter(l => l.text.length > 0 && l.r.width > 0)
                .map(l => ({ text: l.text, x: l.r.x, y: l.r.y, w: l.r.width, h: l.r.height }))
            """);
        return json.EnumerateArray().Select(e => new Box(e.GetProperty("text").GetString()!, e.GetProperty("x").GetDouble(),
            e.GetProperty("y").GetDouble(), e.GetProperty("w").GetDouble(), e.GetProperty("h").GetDouble())).ToList();
    }
}
