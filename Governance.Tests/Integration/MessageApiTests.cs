using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Engine;
using Governance.Workflows.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using T = Governance.Workflows.Definitions.CitizenMessages.CitizenMessageWorkflow.T;

namespace Governance.Tests.Integration;

/// <summary>
/// W3's intake API and public feed through the real app: 201/200 idempotency (also under 20 concurrent posts), a Chinese
/// 400 per field, 401 without a key (a browser cookie is not a key), 413 over 64 KB, no 500 for any input, nothing stored
/// on refusal; the feed carries no personal data and resumes where it stopped.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class MessageApiTests : IClassFixture<MessageApiTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public GovernanceAppFactory App { get; } = new();

        public Task InitializeAsync()
        {
            _ = App.Server;
            return Task.CompletedTask;
        }

        public HttpClient KeyClient()
        {
            var c = App.NewClient();
            c.DefaultRequestHeaders.Add("X-Api-Key", GovernanceAppFactory.ApiKey);
            return c;
        }

        public async Task<Actor> ActorAsync(string userName)
        {
            using var scope = App.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException(userName);
            var unit = DemoSeeder.DemoUsers.First(u => u.UserName == userName).Unit;
            return new Actor(user.Id, user.DisplayName, user.UnitId, unit, (await users.GetRolesAsync(user)).ToHashSet());
        }

        public async Task<int> CountAsync()
        {
            await using var db = await App.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
            return await db.CitizenMessages.CountAsync() + await db.WorkflowInstances.CountAsync(i => i.DefinitionKey == CitizenMessageWorkflow.Key);
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    private readonly Fixture _f;
    public MessageApiTests(Fixture f) => _f = f;

    private static object Body(string sourceRef, string content = "请问义务教育招生报名时间？") => new
    {
        sourceRef, title = "咨询招生报名时间", content, category = "咨询", citizenName = "王小明", citizenPhone = "13912345678",
        citizenEmail = "wxm@example.com",
    };

    [Fact]
    public async Task Post_NewThenSameSourceRef_201Then200WithTheSameMessage()
    {
        var client = _f.KeyClient();
        var created = await client.PostAsJsonAsync("/api/v1/messages", Body("WEB-IDEM-1"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var first = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = first.RootElement.GetProperty("id").GetInt64();
        Assert.Equal("WEB-IDEM-1", first.RootElement.GetProperty("sourceRef").GetString());
        Assert.Equal("Received", first.RootElement.GetProperty("state").GetString());
        Assert.EndsWith("+08:00", first.RootElement.GetProperty("receivedAt").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("T23:59:59+08:00", first.RootElement.GetProperty("dispatchDueAt").GetString(), StringComparison.Ordinal);
        Assert.Equal($"/api/v1/messages/{id}", created.Headers.Location!.OriginalString);

        var again = await client.PostAsJsonAsync("/api/v1/messages", Body("WEB-IDEM-1"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using var second = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        Assert.Equal(id, second.RootElement.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Post_TwentyConcurrentPostsOfOneSourceRef_OneMessage()
    {
        var clients = Enumerable.Range(0, 20).Select(_ => _f.KeyClient()).ToList();
        var (responses, overlapped) = await Contenders.RunTogetherAsync(20, i => clients[i].PostAsJsonAsync("/api/v1/messages", Body("WEB-RACE-1")));

        // They really raced: two posts were in flight at once.
        Assert.True(overlapped, "no two posts were in flight at once");
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var ids = new HashSet<long>();
        foreach (var r in responses) ids.Add(JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64());
        Assert.Single(ids);
        await using var db = await _f.App.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.CitizenMessages.CountAsync(m => m.SourceRef == "WEB-RACE-1"));
    }

    [Theory]
    [InlineData("{\"title\":\"t\",\"content\":\"c\",\"citizenName\":\"n\"}", "sourceRef", "请填写来源编号")]
    [InlineData("{\"sourceRef\":\"X-1\",\"content\":\"c\",\"citizenName\":\"n\"}", "title", "请填写留言标题")]
    [InlineData("{\"sourceRef\":\"X-2\",\"title\":\"t\",\"citizenName\":\"n\"}", "content", "请填写留言内容")]
    [InlineData("{\"sourceRef\":\"X-3\",\"title\":\"t\",\"content\":\"c\"}", "citizenName", "请填写留言人姓名")]
    [InlineData("{\"sourceRef\":\"X-4\",\"title\":\"t\",\"content\":\"c\",\"citizenName\":\"n\",\"category\":\"闲聊\"}", "category", "留言类别须为")]
    [InlineData("{\"sourceRef\":\"X-5\",\"title\":\"t\",\"content\":\"c\",\"citizenName\":\"n\",\"citizenEmail\":\"@@\"}", "citizenEmail", "电子邮箱格式不正确")]
    [InlineData("{\"sourceRef\":\"X-6\",\"title\":\"t\",\"content\":\"c\",\"citizenName\":\"n\",\"receivedAt\":\"yesterday\"}", "receivedAt", "ISO 8601")]
    [InlineData("{\"sourceRef\":7,\"title\":\"t\",\"content\":\"c\",\"citizenName\":\"n\"}", "sourceRef", "须为字符串")]
    [InlineData("{\"sourceRef\":\"X-8\",\"title\":[\"t\"],\"content\":\"c\",\"citizenName\":\"n\"}", "title", "须为字符串")]
    public async Task Post_InvalidField_400WithItsChineseMessage_NothingStored(string json, string field, string message)
    {
        var before = await _f.CountAsync();
        var r = await _f.KeyClient().PostAsync("/api/v1/messages", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using var problem = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Contains(message, errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await _f.CountAsync());
    }

    [Fact]
    public async Task Post_WithoutKeyWithUnknownKeyOrWithOnlyACookie_401()
    {
        var none = await _f.App.NewClient().PostAsJsonAsync("/api/v1/messages", Body("WEB-401-1"));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        var wrong = _f.App.NewClient();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.PostAsJsonAsync("/api/v1/messages", Body("WEB-401-2"))).StatusCode);
        var cookie = _f.App.NewClient();
        await GovernanceAppFactory.SignInAsync(cookie, "monitor");
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookie.PostAsJsonAsync("/api/v1/messages", Body("WEB-401-3"))).StatusCode);
        await using var db = await _f.App.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        Assert.False(await db.CitizenMessages.AnyAsync(m => m.SourceRef.StartsWith("WEB-401")));
    }

    [Fact]
    public async Task Post_BodyOver64KB_413_NothingStored()
    {
        var before = await _f.CountAsync();
        var r = await _f.KeyClient().PostAsJsonAsync("/api/v1/messages", Body("WEB-BIG-1", new string('长', 40_000)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Equal(before, await _f.CountAsync());
    }

    [Fact]
    public async Task Post_MalformedInput_NeverA500_NothingStored()
    {
        var before = await _f.CountAsync();
        var random = new Random(20261129);
        string[] shapes =
        [
            "", "{", "[]", "null", "\"text\"", "42", "{\"sourceRef\":", "{\"sourceRef\":\"A\",}", "{'sourceRef':'A'}",
            "{\"sourceRef\":{\"x\":1},\"title\":\"t\",\"content\":\"c\",\"citizenName\":\"n\"}",
            "{\"sourceRef\":\"\\u0000\\u202e\",\"title\":\"\\u200b\",\"content\":\"\\u00ad\",\"citizenName\":\"\\u2060\"}",
            "{\"sourceRef\":true,\"title\":1.5,\"content\":[],\"citizenName\":{}}",
        ];
        var client = _f.KeyClient();
        for (var i = 0; i < 300; i++)
        {
            var body = i < shapes.Length ? shapes[i] : Mutate(shapes[random.Next(shapes.Length)], random);
            var contentType = (i % 7) switch { 0 => "text/plain", 1 => "application/xml", _ => "application/json" };
            var r = await client.PostAsync("/api/v1/messages", new StringContent(body, Encoding.UTF8, contentType));
            Assert.True((int)r.StatusCode is >= 400 and < 500, $"#{i} {body} → {(int)r.StatusCode}");
        }
        Assert.Equal(before, await _f.CountAsync());
    }

    private static string Mutate(string s, Random random)
    {
        var chars = s.ToCharArray().ToList();
        for (var k = 0; k < 3 && chars.Count > 0; k++)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(3))
            {
                case 0: chars.RemoveAt(at); break;
                case 1: chars.Insert(at, "{}[]\",:\\\u200b\u202e\0"[random.Next(11)]); break;
                default: chars[at] = (char)random.Next(0x20, 0x3000); break;
            }
        }
        return new string(chars.ToArray());
    }

    private async Task<long> ReplyAsync(string sourceRef, string reply)
    {
        var client = _f.KeyClient();
        var created = JsonDocument.Parse(await (await client.PostAsJsonAsync("/api/v1/messages",
            Body(sourceRef, "我家住城关街道，电话13912345678，请回电。"))).Content.ReadAsStringAsync());
        var id = created.RootElement.GetProperty("id").GetInt64();
        var runtime = _f.App.Services.GetRequiredService<WorkflowRuntime>();
        var service = _f.App.Services.GetRequiredService<CitizenMessageService>();
        await using var db = await _f.App.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        var education = await db.Units.Where(u => u.Name == "县教育局").Select(u => u.Id).SingleAsync();
        async Task<int> Fire(int v, string trigger, string user, Dictionary<string, string?>? fields = null)
        {
            var r = await runtime.FireAsync(id, v, trigger, await _f.ActorAsync(user), new FireInput(null, fields));
            Assert.True(r.Succeeded, $"{trigger}: {r.Message}");
            return r.NewVersion!.Value;
        }
        var v = await Fire(1, T.Assign, "monitor", new() { ["unit"] = education.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        v = await Fire(v, T.Accept, "editor");
        var saved = await service.SaveReplyAsync(id, v, await _f.ActorAsync("editor"), reply);
        Assert.True(saved.Succeeded, saved.Message);
        v = await Fire(saved.NewVersion!.Value, T.SubmitReply, "editor");
        await Fire(v, T.ApproveReply, "reviewer");
        return id;
    }

    [Fact]
    public async Task Published_RepliedMessagesWithoutPersonalData_OrderedAndResumable()
    {
        var a = await ReplyAsync("WEB-PUB-1", "您好，报名时间为7月1日至7月10日。");
        var b = await ReplyAsync("WEB-PUB-2", "您好，请到县教育局一楼大厅办理。");
        var client = _f.KeyClient();

        var page1 = await client.GetStringAsync("/api/v1/messages/published?pageSize=1");
        using var doc1 = JsonDocument.Parse(page1);
        var items1 = doc1.RootElement.GetProperty("items");
        var firstId = items1[0].GetProperty("id").GetInt64();
        var next = doc1.RootElement.GetProperty("next").GetString()!;
        var page2 = await client.GetStringAsync(next);
        using var doc2 = JsonDocument.Parse(page2);
        var secondId = doc2.RootElement.GetProperty("items")[0].GetProperty("id").GetInt64();
        Assert.NotEqual(firstId, secondId);
        var all = new List<long>();
        string? url = "/api/v1/messages/published?pageSize=1";
        while (url is not null)
        {
            using var doc = JsonDocument.Parse(await client.GetStringAsync(url));
            var items = doc.RootElement.GetProperty("items");
            if (items.GetArrayLength() == 0) break;
            all.AddRange(items.EnumerateArray().Select(x => x.GetProperty("id").GetInt64()));
            url = doc.RootElement.GetProperty("next").GetString();
        }
        Assert.Contains(a, all);
        Assert.Contains(b, all);
        Assert.Equal(all.Count, all.Distinct().Count());
        foreach (var page in new[] { page1, page2 })
        {
            Assert.DoesNotContain("王小明", page, StringComparison.Ordinal);
            Assert.DoesNotContain("13912345678", page, StringComparison.Ordinal);
            Assert.DoesNotContain("wxm@example.com", page, StringComparison.Ordinal);
            Assert.DoesNotContain("citizen", page, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("139****5678", page1 + page2, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/messages/published?since=yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/messages/published?pageSize=0")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _f.App.NewClient().GetAsync("/api/v1/messages/published")).StatusCode);
    }

    [Fact]
    public async Task ReadApi_OtherUnit404_PersonalDataMaskedForCountyRoles()
    {
        var id = await ReplyAsync("WEB-READ-1", "您好，报名时间为7月1日至7月10日。");
        var editor2 = _f.App.NewClient();
        await GovernanceAppFactory.SignInAsync(editor2, "editor2");
        Assert.Equal(HttpStatusCode.NotFound, (await editor2.GetAsync($"/api/v1/messages/{id}")).StatusCode);
        var observer = _f.App.NewClient();
        await GovernanceAppFactory.SignInAsync(observer, "observer");
        var seen = await observer.GetStringAsync($"/api/v1/messages/{id}");
        Assert.DoesNotContain("王小明", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("13912345678\"", seen, StringComparison.Ordinal);
        var monitor = _f.App.NewClient();
        await GovernanceAppFactory.SignInAsync(monitor, "monitor");
        Assert.Contains("王小明", JsonDocument.Parse(await monitor.GetStringAsync($"/api/v1/messages/{id}")).RootElement.GetProperty("citizenName").GetString(),
            StringComparison.Ordinal);
    }
}
