using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.Engine;
using Governance.Workflows.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class SecurityAndApiTests : IClassFixture<SecurityAndApiTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public GovernanceAppFactory App { get; } = new();
        public long EducationRequestId { get; private set; }
        /// <summary>A draft of the same unit: its applicant may still add and remove attachments.</summary>
        public long EducationDraftId { get; private set; }

        public async Task InitializeAsync()
        {
            _ = App.Server; // starts the host: migrations + demo seed
            var editor = await ActorAsync("editor");
            var result = await App.Services.GetRequiredService<ColumnRequestService>().CreateAsync(editor, new ColumnRequestForm
            {
                ColumnName = "教育惠民政策专栏", Purpose = "集中公开教育惠民政策", StartDate = new DateTime(2026, 3, 1), EndDate = new DateTime(2026, 12, 31),
                ResponsiblePerson = "张三", StaffA = "李四", StaffB = "王五", UpdateCadence = "每周", ContentSources = "县教育局",
            }, submit: true);
            Assert.True(result.Succeeded, result.Message);
            EducationRequestId = result.InstanceId!.Value;
            var draft = await App.Services.GetRequiredService<ColumnRequestService>().CreateAsync(editor, new ColumnRequestForm
            {
                ColumnName = "教育惠民政策专栏（草稿）", Purpose = "集中公开教育惠民政策", StartDate = new DateTime(2026, 3, 1),
                EndDate = new DateTime(2026, 12, 31), ResponsiblePerson = "张三", StaffA = "李四", StaffB = "王五", UpdateCadence = "每周",
                ContentSources = "县教育局",
            }, submit: false);
            Assert.True(draft.Succeeded, draft.Message);
            EducationDraftId = draft.InstanceId!.Value;
        }

        public async Task<Actor> ActorAsync(string userName)
        {
            using var scope = App.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException(userName);
            var roles = await users.GetRolesAsync(user);
            var unitName = DemoSeeder.DemoUsers.First(u => u.UserName == userName).Unit;
            return new Actor(user.Id, user.DisplayName, user.UnitId, unitName, roles.ToHashSet());
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    private readonly Fixture _f;
    public SecurityAndApiTests(Fixture f) => _f = f;

    [Theory]
    [InlineData("/")]
    [InlineData("/column-requests")]
    [InlineData("/column-requests/1")]
    [InlineData("/notifications")]
    [InlineData("/admin/users")]
    public async Task Page_Anonymous_RedirectsToLogin(string path)
    {
        var response = await _f.App.NewClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery.Replace("http://localhost", ""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WrongPassword_ShowsChineseErrorAndNoCookie()
    {
        var client = _f.App.NewClient();
        var response = await GovernanceAppFactory.SignInAsync(client, "observer", "wrong-password");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("用户名或密码错误", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Login_FiveFailures_LocksTheAccount()
    {
        using var scope = _f.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = "locktest", DisplayName = "锁定测试", UnitId = 1, LockoutEnabled = true };
        var created = await users.CreateAsync(user, "Lockout1234");
        Assert.True(created.Succeeded, string.Join(";", created.Errors.Select(e => e.Description)));
        var client = _f.App.NewClient();
        for (var i = 0; i < 5; i++) await GovernanceAppFactory.SignInAsync(client, "locktest", "bad-password");
        // The right password no longer works while locked.
        var response = await GovernanceAppFactory.SignInAsync(client, "locktest", "Lockout1234");
        // The same message as any other failure (no hint that the account exists or is locked).
        Assert.Contains("用户名或密码错误", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var fresh = _f.App.Services.CreateScope();
        var freshUsers = fresh.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var locked = (await freshUsers.FindByNameAsync("locktest"))!;
        Assert.True(await freshUsers.IsLockedOutAsync(locked), $"LockoutEnd={locked.LockoutEnd} failures={locked.AccessFailedCount} enabled={locked.LockoutEnabled}");
    }

    [Fact]
    public async Task Login_RightPassword_SignsInAndShowsInbox()
    {
        var client = _f.App.NewClient();
        var response = await GovernanceAppFactory.SignInAsync(client, "reviewer");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("工作台", WebUtility.HtmlDecode(await home.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ColumnRequestApi_EditorOfOtherUnit_Gets404AndNoData()
    {
        var client = _f.App.NewClient();
        await GovernanceAppFactory.SignInAsync(client, "editor2");
        var response = await client.GetAsync($"/api/v1/column-requests/{_f.EducationRequestId}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("教育惠民政策专栏", body, StringComparison.Ordinal);
        Assert.DoesNotContain("李四", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ColumnRequestPage_EditorOfOtherUnit_SeesNoData()
    {
        var client = _f.App.NewClient();
        await GovernanceAppFactory.SignInAsync(client, "editor2");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/column-requests/{_f.EducationRequestId}"));
        Assert.DoesNotContain("教育惠民政策专栏", html, StringComparison.Ordinal);
        Assert.DoesNotContain("李四", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ColumnRequestApi_OwnUnitAndSupervisor_SeeIt()
    {
        foreach (var user in new[] { "editor", "reviewer", "supervisor" })
        {
            var client = _f.App.NewClient();
            await GovernanceAppFactory.SignInAsync(client, user);
            var json = await client.GetFromJsonAsync<JsonElement>($"/api/v1/column-requests/{_f.EducationRequestId}");
            Assert.Equal("教育惠民政策专栏", json.GetProperty("columnName").GetString());
        }
    }

    // Acting (200), stale versions (409) and refusals (400): ActionApiAndAccountTests.
    [Fact]
    public async Task FireApi_ReviewerOfOtherUnit404_EditorOfOwnUnitForbidden403()
    {
        var other = _f.App.NewClient();
        await GovernanceAppFactory.SignInAsync(other, "reviewer2");
        var refused = await other.PostAsJsonAsync($"/api/v1/instances/{_f.EducationRequestId}/fire", new { trigger = "UnitApprove", version = 2 });
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        var editor = _f.App.NewClient();
        await GovernanceAppFactory.SignInAsync(editor, "editor");
        var forbidden = await editor.PostAsJsonAsync($"/api/v1/instances/{_f.EducationRequestId}/fire", new { trigger = "UnitApprove", version = 2 });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("单位审核人", await forbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CalendarDue_WithApiKey_ReturnsEndOfNthWorkingDay()
    {
        var client = _f.App.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", GovernanceAppFactory.ApiKey);
        var json = await client.GetFromJsonAsync<JsonElement>("/api/v1/calendar/due?from=2026-02-13&workingDays=4");
        Assert.Equal("2026-02-26T23:59:59+08:00", json.GetProperty("dueAt").GetString());
        Assert.Equal(4, json.GetProperty("workingDays").GetInt32());
        Assert.True(json.GetProperty("calendarKnown").GetBoolean());
        var holiday = await client.GetFromJsonAsync<JsonElement>("/api/v1/calendar/due?from=2026-09-30&workingDays=4");
        Assert.Equal("2026-10-12T23:59:59+08:00", holiday.GetProperty("dueAt").GetString());
    }

    [Fact]
    public async Task CalendarDue_UnknownYear_ComputedOnWeekendsAndSaysSo()
    {
        var client = _f.App.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", GovernanceAppFactory.ApiKey);
        var json = await client.GetFromJsonAsync<JsonElement>("/api/v1/calendar/due?from=2030-01-04&workingDays=1");
        Assert.False(json.GetProperty("calendarKnown").GetBoolean());
        Assert.Equal("2030-01-07T23:59:59+08:00", json.GetProperty("dueAt").GetString()); // Fri → Mon
    }

    [Fact]
    public async Task CalendarDue_SignedInUser_Allowed()
    {
        var client = _f.App.NewClient();
        await GovernanceAppFactory.SignInAsync(client, "observer");
        var response = await client.GetAsync("/api/v1/calendar/due?from=2026-04-30&workingDays=4");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("2026-05-09T23:59:59+08:00", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("from=2026-02-30&workingDays=4")]
    [InlineData("from=20260213&workingDays=4")]
    [InlineData("from=2026-02-13&workingDays=0")]
    [InlineData("from=2026-02-13&workingDays=-3")]
    [InlineData("from=2026-02-13&workingDays=abc")]
    [InlineData("from=2026-02-13")]
    [InlineData("workingDays=4")]
    [InlineData("from=2026-02-13&workingDays=99999999999")]
    public async Task CalendarDue_BadParameters_400ProblemDetailsInChinese(string query)
    {
        var client = _f.App.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", GovernanceAppFactory.ApiKey);
        var response = await client.GetAsync("/api/v1/calendar/due?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches("[\u4e00-\u9fff]", json.GetProperty("detail").GetString()!);
    }

    [Fact]
    public async Task CalendarDue_MissingOrWrongKey_401()
    {
        var client = _f.App.NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/calendar/due?from=2026-02-13&workingDays=4")).StatusCode);
        client.DefaultRequestHeaders.Add("X-Api-Key", "not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/calendar/due?from=2026-02-13&workingDays=4")).StatusCode);
    }
}

[Collection(AppCollection.Name)]
public sealed class PreCheckApiTests : IClassFixture<SecurityAndApiTests.Fixture>
{
    private readonly SecurityAndApiTests.Fixture _f;
    public PreCheckApiTests(SecurityAndApiTests.Fixture f) => _f = f;

    private HttpClient KeyClient()
    {
        var client = _f.App.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", GovernanceAppFactory.ApiKey);
        return client;
    }

    [Fact]
    public async Task PreCheck_MobileAndCommercialLink_BlocksWithOffsetsIntoText()
    {
        var response = await KeyClient().PostAsJsonAsync("/api/v1/precheck", new
        {
            title = "关于开展教育惠民政策宣传的通知", body = "<p>联系电话：13812345678，详见<a href=\"http://shop.example.com\">商城</a></p>",
            category = "通知公告", origin = "原创",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(json.GetProperty("blocking").GetBoolean());
        var text = json.GetProperty("text").GetString()!;
        var hits = json.GetProperty("hits").EnumerateArray().ToList();
        var mobile = hits.Single(h => h.GetProperty("rule").GetString() == "pii.mobile");
        Assert.Equal("13812345678", text.Substring(mobile.GetProperty("start").GetInt32(), mobile.GetProperty("length").GetInt32()));
        Assert.Contains(hits, h => h.GetProperty("rule").GetString() == "link.not_allowed");
    }

    [Fact]
    public async Task PreCheck_CleanText_NotBlocking()
    {
        var response = await KeyClient().PostAsJsonAsync("/api/v1/precheck", new
        {
            title = "县教育局召开工作会议", body = "会议要求不得公开涉及国家秘密、商业秘密的信息。详见 http://www.fufeng.gov.cn/jyj/", category = "动态要闻", origin = "原创",
        });
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(json.GetProperty("blocking").GetBoolean());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("null")]
    [InlineData("{\"title\":\"\",\"body\":\"\"}")]
    [InlineData("{\"title\":123}")]
    public async Task PreCheck_MalformedInput_400ChineseProblem(string body)
    {
        var response = await KeyClient().PostAsync("/api/v1/precheck", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches("[\u4e00-\u9fff]", json.GetProperty("detail").GetString()!);
    }

    [Fact]
    public async Task PreCheck_Oversized_400()
    {
        var huge = new string('字', 1_200_000);
        var response = await KeyClient().PostAsJsonAsync("/api/v1/precheck", new { title = "t", body = huge });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PreCheck_UsesTheAdminDictionary_WithoutRestart()
    {
        var service = _f.App.Services.GetRequiredService<Governance.Workflows.PreCheck.DictionaryAdminService>();
        var admin = await _f.ActorAsync("admin");
        async Task<List<string?>> RulesAsync()
        {
            var response = await KeyClient().PostAsJsonAsync("/api/v1/precheck", new { title = "接口测试", body = "文中出现接口测试违禁词。" });
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            return json.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("rule").GetString()).ToList();
        }
        Assert.DoesNotContain("word.sensitive", await RulesAsync());

        Assert.Null(await service.SaveAsync(admin, null, new("接口测试违禁词", DictionaryTermKind.Sensitive, null, null)));
        Assert.Contains("word.sensitive", await RulesAsync());

        var id = (await service.ListAsync(admin, search: "接口测试违禁词")).Items.Single().Id;
        Assert.Null(await service.DeleteAsync(admin, id));
        Assert.DoesNotContain("word.sensitive", await RulesAsync());
    }

    [Fact]
    public async Task DictionaryExport_Admin_DownloadsCsvAndXlsx_OthersRefused()
    {
        var admin = _f.App.NewClient();
        await GovernanceAppFactory.SignInAsync(admin, "admin");
        var csv = await admin.GetAsync("/admin/dictionary/export?format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Contains("台湾地区领导人", System.Text.Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        var xlsx = await admin.GetAsync("/admin/dictionary/export?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal((byte)'P', (await xlsx.Content.ReadAsByteArrayAsync())[0]);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/admin/dictionary/export?format=pdf")).StatusCode);

        var editor = _f.App.NewClient();
        await GovernanceAppFactory.SignInAsync(editor, "editor");
        var refused = await editor.GetAsync("/admin/dictionary/export?format=csv");
        // Refused by the Admin policy: sent to the access-denied page (a 500 would not pass).
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/access-denied", refused.Headers.Location!.PathAndQuery.Replace("http://localhost", ""), StringComparison.Ordinal);
        Assert.DoesNotContain("台湾地区领导人", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var anonymous = await _f.App.NewClient().GetAsync("/admin/dictionary/export?format=csv");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Fact]
    public async Task PreCheck_NoKey_401()
    {
        var response = await _f.App.NewClient().PostAsJsonAsync("/api/v1/precheck", new { title = "t", body = "b" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
