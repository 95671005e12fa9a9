using Bunit;
using Governance.Data.Entities;
using Governance.Web;
using Governance.Web.Features.Admin;
using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.Identity;
using Governance.Workflows.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Web;

/// <summary>The admin screens render for the demo Admin against a seeded database, and the services refuse non-Admins.</summary>
public sealed class AdminPagesTests : BunitTestContext, IClassFixture<WebDemoDatabase>
{
    private readonly WebDemoDatabase _db;

    public AdminPagesTests(WebDemoDatabase db)
    {
        _db = db;
        db.AddServices(Services);
        Services.AddScoped<CurrentActor>();
        var auth = AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetClaims(db.ClaimsOf("admin"));
    }

    private IRenderedComponent<T> RenderPage<T>() where T : Microsoft.AspNetCore.Components.IComponent
    {
        Render<MudBlazor.MudPopoverProvider>();
        var cut = Render<T>();
        cut.WaitForAssertion(() => Assert.DoesNotContain("mud-progress-linear", cut.Markup), TimeSpan.FromSeconds(30));
        return cut;
    }

    [Fact]
    public void Users_page_lists_users_with_Chinese_roles_and_status()
    {
        var cut = RenderPage<UsersPage>();

        var table = cut.Find("#users-table").TextContent;
        Assert.Contains("reviewer2", table);
        Assert.Contains("县财政局", table);
        Assert.Contains("单位审核人", table);
        Assert.Contains("系统管理员", table);
        Assert.Contains("启用", table);
        Assert.Contains("新建用户", cut.Find("#new-user").TextContent);
    }

    [Fact]
    public void Units_page_lists_units_with_Chinese_kinds()
    {
        var cut = RenderPage<UnitsPage>();

        var table = cut.Find("#units-table").TextContent;
        Assert.Contains("县教育局", table);
        Assert.Contains("县政府部门", table);
        Assert.Contains("镇（街道）", table);
        Assert.Contains("协同监管单位", table);
    }

    [Fact]
    public void Calendar_page_shows_twelve_months_holidays_and_make_up_days()
    {
        var cut = RenderPage<CalendarPage>();

        Assert.Equal(12, cut.FindAll(".year-grid .month").Count);
        Assert.Contains("holiday", cut.Find("[data-date='2026-10-01']").ClassName);
        Assert.NotEmpty(cut.FindAll(".year-grid .makeup"));
        Assert.Contains("春节", cut.Find("#exceptions-table").TextContent);
    }

    [Fact]
    public void Calendar_due_date_trial_uses_the_working_day_calendar()
    {
        var cut = RenderPage<CalendarPage>();

        cut.Find("#try-run").Click();

        // 2026-03-02 (Mon) + 5 working days = 2026-03-09 (Mon).
        cut.WaitForAssertion(() => Assert.Contains("2026-03-09", cut.Find("#try-result").TextContent));
    }

    [Fact]
    public void Settings_page_shows_every_workflows_deadlines()
    {
        var cut = RenderPage<SettingsPage>();

        Assert.Contains("单位审核", cut.Markup);
        Assert.Equal("2", cut.Find($"input#{ColumnRequestWorkflow.SettingKeys.UnitReviewDays.Replace(".", "\\.")}").GetAttribute("value"));
        Assert.Contains("专题专栏开设申请 · 调整/关停申请", cut.Markup);
        Assert.Contains("信息发布审核 · 保密审查", cut.Markup);
        Assert.Equal("1", cut.Find("input#W2\\.SecrecyReviewWorkingDays").GetAttribute("value"));
    }

    [Fact]
    public async Task Settings_page_shows_and_saves_the_register_windows()
    {
        var cut = RenderPage<SettingsPage>();

        // The national indicators' defaults: 14 / 183 / 365 days, warning past 80%, blank after 14 days.
        string Value(string key) => cut.Find($"input#{key.Replace(".", "\\.", StringComparison.Ordinal)}").GetAttribute("value")!;
        Assert.Equal(("14", "183", "365", "80", "14"), (Value("Register.WindowDays.News"), Value("Register.WindowDays.Notices"),
            Value("Register.WindowDays.Plans"), Value("Register.WarningPercent"), Value("Register.BlankGraceDays")));
        Assert.Contains("动态要闻类栏目更新周期", cut.Markup);
        Assert.Contains("国办秘函〔2019〕19号", cut.Find("#register-settings-hint").TextContent);

        cut.Find("input#Register\\.WindowDays\\.News").Change("21");
        cut.Find("#settings-save").Click();

        var settings = _db.Services.GetRequiredService<SettingsService>();
        cut.WaitForAssertion(() => Assert.Equal(21, settings.GetIntAsync("Register.WindowDays.News", 0).GetAwaiter().GetResult()));
        Assert.Equal(21, (await Governance.Workflows.Registers.StalenessPolicy.LoadAsync(settings)).NewsDays);
        Assert.Equal("只有系统管理员可以修改设置。", await settings.SetIntAsync(_db.Actors["monitor"], "Register.WindowDays.News", 30, 1, 730));
        Assert.Null(await settings.SetIntAsync(_db.Actors["admin"], "Register.WindowDays.News", 14, 1, 730));
    }

    [Fact]
    public void Audit_page_verifies_the_chain()
    {
        var cut = RenderPage<AuditPage>();

        cut.Find("#verify").Click();

        cut.WaitForElement("#verify-result");
        Assert.Contains("审计日志完整", cut.Find("#verify-result").TextContent);
    }

    [Fact]
    public async Task Services_refuse_non_admins()
    {
        var editor = _db.Actors["editor"];
        var admin = _db.Actors["admin"];
        var calendar = _db.Services.GetRequiredService<CalendarStore>();
        var settings = _db.Services.GetRequiredService<SettingsService>();
        var keys = _db.Services.GetRequiredService<ApiKeyService>();

        Assert.Equal("只有系统管理员可以维护工作日历。", await calendar.SetDayAsync(editor, new DateOnly(2027, 1, 1), CalendarDayKind.Holiday, "元旦"));
        Assert.Equal("只有系统管理员可以修改设置。", await settings.SetIntAsync(editor, ColumnRequestWorkflow.SettingKeys.SetupDays, 4, 1, 30));
        Assert.NotNull((await keys.CreateAsync(editor, "脚本")).Error);

        Assert.Equal("取值须在 1 至 30 之间。", await settings.SetIntAsync(admin, ColumnRequestWorkflow.SettingKeys.SetupDays, 31, 1, 30));
        Assert.Equal(3, await settings.GetIntAsync(ColumnRequestWorkflow.SettingKeys.SetupDays, 3));

        Assert.Null(await calendar.SetDayAsync(admin, new DateOnly(2027, 1, 1), CalendarDayKind.Holiday, "元旦"));
        Assert.False((await calendar.GetAsync()).IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.Null(await calendar.SetDayAsync(admin, new DateOnly(2027, 1, 1), null, null));
        Assert.True((await calendar.GetAsync()).IsWorkingDay(new DateOnly(2027, 1, 1)));

        var created = await keys.CreateAsync(admin, "测试脚本");
        Assert.StartsWith("gk_", created.Secret);
        var row = (await keys.ListAsync()).Single(k => k.Name == "测试脚本");
        Assert.NotNull(await keys.RevokeAsync(editor, row.Id));
        Assert.Null(await keys.RevokeAsync(admin, row.Id));
        Assert.Null(await keys.ValidateAsync(created.Secret));
    }
}
