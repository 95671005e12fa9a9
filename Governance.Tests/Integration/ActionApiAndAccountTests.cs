using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Workflows.Attachments;
using Governance.Workflows.Attachments;
using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Integration;

/// <summary>
/// The action API beyond 404/403 (200, 409, 400 and an API-key caller), DELETE of attachments, GET of a missing item,
/// sign-out, the change-password page, the API-key admin page and a key created by Admin — on the real app.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ActionApiAndAccountTests(SecurityAndApiTests.Fixture f) : IClassFixture<SecurityAndApiTests.Fixture>
{
    private async Task<HttpClient> ClientAsync(string user, string password = "Fufeng@2026")
    {
        var client = f.App.NewClient();
        var signedIn = await GovernanceAppFactory.SignInAsync(client, user, password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    /// <summary>A fresh W1 request of 县教育局, submitted: UnitReview, version 2.</summary>
    private async Task<long> SubmittedRequestAsync(bool submit = true)
    {
        var r = await f.App.Services.GetRequiredService<ColumnRequestService>().CreateAsync(await f.ActorAsync("editor"), new ColumnRequestForm
        {
            ColumnName = "接口测试专栏" + Guid.NewGuid().ToString("N")[..6], Purpose = "接口测试", StartDate = new DateTime(2026, 3, 1),
            EndDate = new DateTime(2026, 12, 31), ResponsiblePerson = "张三", StaffA = "李四", StaffB = "王五", UpdateCadence = "每周",
            ContentSources = "县教育局",
        }, submit);
        Assert.True(r.Succeeded, r.Message);
        return r.InstanceId!.Value;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static void AssertChinese(string? text) => Assert.Matches("[\u4e00-\u9fff]", text ?? "");

    // ------------------------------------------------------------------ POST /api/v1/instances/{id}/fire

    [Fact]
    public async Task Fire_ByTheRightUser_200WithNewStateAndVersion_ThenStaleVersion409()
    {
        var id = await SubmittedRequestAsync();
        var reviewer = await ClientAsync("reviewer");

        var ok = await reviewer.PostAsJsonAsync($"/api/v1/instances/{id}/fire", new { trigger = "UnitApprove", version = 2, comment = "同意" });

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var body = await JsonAsync(ok);
        Assert.Equal("BureauReview", body.GetProperty("state").GetString());
        Assert.Equal(3, body.GetProperty("version").GetInt32());
        var read = await reviewer.GetFromJsonAsync<JsonElement>($"/api/v1/instances/{id}");
        Assert.Equal(("BureauReview", 3), (read.GetProperty("state").GetString(), read.GetProperty("version").GetInt32()));

        // A supervisor whose page still shows version 2: 409, the one conflict message, nothing changed.
        var supervisor = await ClientAsync("supervisor");
        var stale = await supervisor.PostAsJsonAsync($"/api/v1/instances/{id}/fire", new { trigger = "BureauApprove", version = 2 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(Governance.Workflows.Engine.FireResult.ConflictMessage, (await JsonAsync(stale)).GetProperty("title").GetString());
        Assert.Equal(3, (await supervisor.GetFromJsonAsync<JsonElement>($"/api/v1/instances/{id}")).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Fire_ReturnWithoutReason_400WithTheFieldError()
    {
        var id = await SubmittedRequestAsync();
        var reviewer = await ClientAsync("reviewer");
        var response = await reviewer.PostAsJsonAsync($"/api/v1/instances/{id}/fire", new { trigger = "UnitReturn", version = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await JsonAsync(response);
        AssertChinese(json.GetProperty("title").GetString());
        Assert.True(json.GetProperty("errors").TryGetProperty("comment", out _));
        Assert.Equal(2, (await reviewer.GetFromJsonAsync<JsonElement>($"/api/v1/instances/{id}")).GetProperty("version").GetInt32());
    }

    [Theory]
    [InlineData("{\"version\":2}")]
    [InlineData("{\"trigger\":\"  \",\"version\":2}")]
    public async Task Fire_MissingTrigger_400(string json)
    {
        var id = await SubmittedRequestAsync();
        var reviewer = await ClientAsync("reviewer");
        var response = await reviewer.PostAsync($"/api/v1/instances/{id}/fire", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("trigger", (await JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fire_MissingVersion_400AskingForIt()
    {
        // Was 409 (a missing version read as 0, i.e. stale); fixed in GovernanceApi.cs: FireRequest.Version is nullable.
        var id = await SubmittedRequestAsync();
        var reviewer = await ClientAsync("reviewer");
        var response = await reviewer.PostAsJsonAsync($"/api/v1/instances/{id}/fire", new { trigger = "UnitApprove" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请提供 version", (await JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("UnitReview", (await reviewer.GetFromJsonAsync<JsonElement>($"/api/v1/instances/{id}")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Fire_WithOnlyAnApiKey_403InChinese_NothingChanges()
    {
        var id = await SubmittedRequestAsync();
        var client = f.App.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", GovernanceAppFactory.ApiKey);

        var response = await client.PostAsJsonAsync($"/api/v1/instances/{id}/fire", new { trigger = "UnitApprove", version = 2 });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        // Was an empty 403 (Results.Forbid); now a ProblemDetails that says why.
        var problem = await JsonAsync(response);
        Assert.Contains("登录用户", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var reviewer = await ClientAsync("reviewer");
        Assert.Equal(2, (await reviewer.GetFromJsonAsync<JsonElement>($"/api/v1/instances/{id}")).GetProperty("version").GetInt32());
    }

    // ------------------------------------------------------------------ GET /api/v1/instances/{id}

    [Fact]
    public async Task GetInstance_MissingOrAnotherUnits_404WithTheSameMessage()
    {
        var id = await SubmittedRequestAsync();
        var missing = await (await ClientAsync("supervisor")).GetAsync("/api/v1/instances/987654321");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var hidden = await (await ClientAsync("editor2")).GetAsync($"/api/v1/instances/{id}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        var hiddenBody = await hidden.Content.ReadAsStringAsync();
        Assert.DoesNotContain("接口测试专栏", hiddenBody, StringComparison.Ordinal);
        Assert.Equal(Governance.Workflows.Engine.FireResult.NotFoundMessage, (await JsonAsync(missing)).GetProperty("title").GetString());
        Assert.Equal(Governance.Workflows.Engine.FireResult.NotFoundMessage, JsonDocument.Parse(hiddenBody).RootElement.GetProperty("title").GetString());
    }

    // ------------------------------------------------------------------ DELETE /api/v1/attachments/{id}

    private static HttpRequestMessage Delete(Guid id, bool header = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/attachments/{id}");
        if (header) request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        return request;
    }

    [Fact]
    public async Task DeleteAttachment_HeaderGuard400_OtherUnit404_NotUploader403_Uploader204_Then404()
    {
        var id = await SubmittedRequestAsync(submit: false); // a draft: its attachments are the applicant's to change
        var uploaded = await f.App.Services.GetRequiredService<AttachmentService>()
            .UploadAsync(id, await f.ActorAsync("editor"), "plan", "方案.pdf", new MemoryStream(AttachmentServiceTests.Pdf()));
        Assert.True(uploaded.Succeeded, uploaded.Error);
        var attachment = uploaded.AttachmentId!.Value;
        var editor = await ClientAsync("editor");

        // Without X-Requested-With (what a cross-site form would send): refused, kept.
        var noHeader = await editor.SendAsync(Delete(attachment, header: false));
        Assert.Equal(HttpStatusCode.BadRequest, noHeader.StatusCode);
        Assert.Contains("X-Requested-With", (await JsonAsync(noHeader)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var otherUnit = await (await ClientAsync("editor2")).SendAsync(Delete(attachment));
        Assert.Equal(HttpStatusCode.NotFound, otherUnit.StatusCode);

        var notUploader = await (await ClientAsync("reviewer")).SendAsync(Delete(attachment));
        Assert.Equal(HttpStatusCode.Forbidden, notUploader.StatusCode);
        Assert.Equal("只能删除自己上传的附件。", (await JsonAsync(notUploader)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync($"/attachments/{attachment}")).StatusCode);

        var deleted = await editor.SendAsync(Delete(attachment));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/attachments/{attachment}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.SendAsync(Delete(attachment))).StatusCode);
    }

    [Fact]
    public async Task DeleteAttachment_WithOnlyAnApiKey_IsRefused()
    {
        var client = f.App.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", GovernanceAppFactory.ApiKey);
        var response = await client.SendAsync(Delete(Guid.NewGuid()));
        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, response.StatusCode.ToString());
    }

    // ------------------------------------------------------------------ account

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        var client = await ClientAsync("observer");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        var logout = await client.PostAsync("/account/logout", null);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("/account/login", logout.Headers.Location!.OriginalString);
        var after = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private async Task<string> NewUserAsync()
    {
        using var scope = f.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var name = "pw" + Guid.NewGuid().ToString("N")[..8];
        var created = await users.CreateAsync(new AppUser { UserName = name, DisplayName = "改密测试", UnitId = 1, LockoutEnabled = true }, "Initial1234");
        Assert.True(created.Succeeded);
        return name;
    }

    private static async Task<HttpResponseMessage> PostChangeAsync(HttpClient client, string current, string @new, string confirm)
    {
        var page = await client.GetStringAsync("/account/change-password");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync("/account/change-password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "change-password", ["__RequestVerificationToken"] = token,
            ["Input.Current"] = current, ["Input.New"] = @new, ["Input.Confirm"] = confirm,
        }));
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentRefused_RightOneChangesIt_OldPasswordNoLongerWorks()
    {
        var user = await NewUserAsync();
        var client = await ClientAsync(user, "Initial1234");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/account/change-password"));
        Assert.Contains("修改密码", page, StringComparison.Ordinal);

        var wrong = await PostChangeAsync(client, "not-my-password", "Changed5678", "Changed5678");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("account-error", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var mismatch = await PostChangeAsync(client, "Initial1234", "Changed5678", "Changed0000");
        Assert.Contains("两次输入的新密码不一致", WebUtility.HtmlDecode(await mismatch.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var ok = await PostChangeAsync(client, "Initial1234", "Changed5678", "Changed5678");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal("/", ok.Headers.Location!.OriginalString);

        var old = await GovernanceAppFactory.SignInAsync(f.App.NewClient(), user, "Initial1234");
        Assert.Contains("用户名或密码错误", WebUtility.HtmlDecode(await old.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await GovernanceAppFactory.SignInAsync(f.App.NewClient(), user, "Changed5678")).StatusCode);
    }

    [Fact]
    public async Task ApiKeysPage_AdminSeesTheKeys_OthersAreRefused()
    {
        var admin = await ClientAsync("admin");
        var page = await admin.GetAsync("/admin/api-keys");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("API 密钥", html, StringComparison.Ordinal);
        Assert.Contains("演示密钥（公众网站）", html, StringComparison.Ordinal);
        Assert.Contains(GovernanceAppFactory.ApiKey[..8], html, StringComparison.Ordinal);
        // The secret itself is never shown again.
        Assert.DoesNotContain(GovernanceAppFactory.ApiKey, html, StringComparison.Ordinal);

        var editor = await (await ClientAsync("editor")).GetAsync("/admin/api-keys");
        Assert.Equal(HttpStatusCode.Redirect, editor.StatusCode);
        Assert.StartsWith("/account/access-denied", editor.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("演示密钥", await editor.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeyCreatedByAdmin_SignsInToTheApi_UntilRevoked()
    {
        var keys = f.App.Services.GetRequiredService<ApiKeyService>();
        Assert.Null((await keys.CreateAsync(await f.ActorAsync("editor"), "越权密钥")).Secret);
        var created = await keys.CreateAsync(await f.ActorAsync("admin"), "门户前台（测试）");
        Assert.Null(created.Error);
        var secret = created.Secret!;
        var client = f.App.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);

        var ok = await client.GetAsync("/api/v1/calendar/due?from=2026-02-13&workingDays=4");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("2026-02-26T23:59:59+08:00", (await JsonAsync(ok)).GetProperty("dueAt").GetString());

        var row = (await keys.ListAsync()).Single(k => k.Name == "门户前台（测试）");
        Assert.Equal(secret[..8], row.Prefix);
        Assert.NotNull(row.LastUsedAtUtc);
        Assert.Null(await keys.RevokeAsync(await f.ActorAsync("admin"), row.Id));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/calendar/due?from=2026-02-13&workingDays=4")).StatusCode);
    }
}
