using System.Net;
using System.Text.Json;
using Governance.Tests.Modules.DemoTasks;
using Governance.Tests.Support;
using Governance.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Modules;

/// <summary>
/// The seam from the outside: a workflow registered only here, with one line, shows in the navigation, the 工作台, the
/// detail shell (with its diagram), the read API and the settings page of the real app.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ModuleSeamWebTests : IClassFixture<ModuleSeamWebTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public GovernanceAppFactory App { get; } = new() { ConfigureServices = s => s.AddWorkflowModule(new DemoTaskModule()) };
        public long TaskId { get; private set; }

        public async Task InitializeAsync()
        {
            _ = App.Server;
            var runtime = App.Services.GetRequiredService<WorkflowRuntime>();
            await using var db = await App.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Governance.Data.GovernanceDbContext>>()
                .CreateDbContextAsync();
            var center = db.Units.Single(u => u.Name == "县数字化信息服务中心").Id;
            var task = await runtime.StartAsync(DemoTaskModule.DefinitionKey, Actor.System("test", "测试"), center, "核查首页链接", (_, _) => { });
            TaskId = task.Id;
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    private readonly Fixture _f;
    public ModuleSeamWebTests(Fixture f) => _f = f;

    private async Task<HttpClient> SignedInAsync(string user)
    {
        var client = _f.App.NewClient();
        var signIn = await GovernanceAppFactory.SignInAsync(client, user);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    [Fact]
    public async Task Navigation_And_Inbox_ShowTheModule()
    {
        var monitor = await SignedInAsync("monitor");
        var home = await monitor.GetStringAsync("/");
        Assert.Contains("href=\"/demo-tasks\"", home, StringComparison.Ordinal);
        Assert.Contains("演示任务", home, StringComparison.Ordinal);
        Assert.Contains("核查首页链接", home, StringComparison.Ordinal);   // waits for the Monitor: in the 工作台
        Assert.Contains("待分派", home, StringComparison.Ordinal);

        // Its navigation entry names its roles: a Publisher does not see it.
        var publisher = await SignedInAsync("publisher");
        Assert.DoesNotContain("href=\"/demo-tasks\"", await publisher.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DetailShell_ShowsHeaderFieldsHistoryActionsAndDiagram()
    {
        var monitor = await SignedInAsync("monitor");
        var page = await monitor.GetStringAsync($"/demo-tasks/{_f.TaskId}");
        Assert.Contains("核查首页链接", page, StringComparison.Ordinal);
        Assert.Contains("id=\"demo-fields\"", page, StringComparison.Ordinal);      // the module's own fragment
        Assert.Contains("data-state=\"Open\"", page, StringComparison.Ordinal);      // the status chip
        Assert.Contains("YS-", page, StringComparison.Ordinal);                      // its number
        Assert.Contains("系统（测试）", page, StringComparison.Ordinal);              // history names the system source
        Assert.Contains("data-trigger=\"Assign\"", page, StringComparison.Ordinal);  // the action bar
        Assert.Contains("完成凭证", page, StringComparison.Ordinal);                  // its attachment purposes
        Assert.Contains("data-testid=\"workflow-diagram\"", page, StringComparison.Ordinal);
        var diagram = WorkflowDiagram.ToMermaid(DemoTaskModule.Definition, DemoTaskModule.S.Open);
        Assert.Contains("state \"待分派\" as Open", diagram, StringComparison.Ordinal);
        Assert.Contains("Open --> Assigned : 分派", diagram, StringComparison.Ordinal);
        Assert.Contains("class Open current", diagram, StringComparison.Ordinal);

        // Another unit's editor: the one not-found page.
        var editor2 = await SignedInAsync("editor2");
        var hidden = await editor2.GetStringAsync($"/demo-tasks/{_f.TaskId}");
        Assert.Contains("id=\"not-found\"", hidden, StringComparison.Ordinal);
        Assert.DoesNotContain("核查首页链接", hidden, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadApi_ServesTheModuleAndHidesOtherUnitsItems()
    {
        var monitor = await SignedInAsync("monitor");
        var response = await monitor.GetAsync($"/api/v1/demo-tasks/{_f.TaskId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("DT", json.RootElement.GetProperty("workflow").GetString());
        Assert.Equal("待分派", json.RootElement.GetProperty("stateName").GetString());
        Assert.Equal("演示任务的字段", json.RootElement.GetProperty("demoNote").GetString());
        Assert.Equal("县数字化信息服务中心", json.RootElement.GetProperty("unit").GetString());
        Assert.Equal(["Assign"], json.RootElement.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));

        var editor2 = await SignedInAsync("editor2");
        Assert.Equal(HttpStatusCode.NotFound, (await editor2.GetAsync($"/api/v1/demo-tasks/{_f.TaskId}")).StatusCode);
        // A W1 id asked for on the demo route is not found either.
        Assert.Equal(HttpStatusCode.NotFound, (await monitor.GetAsync("/api/v1/demo-tasks/999999")).StatusCode);
    }

    [Fact]
    public async Task SettingsPage_ListsTheModulesDeadlineAndToggle()
    {
        var admin = await SignedInAsync("admin");
        var page = await admin.GetStringAsync("/admin/settings");
        Assert.Contains("演示任务 · 待分派", page, StringComparison.Ordinal);
        Assert.Contains("id=\"DT.OpenWorkingDays\"", page, StringComparison.Ordinal);
        Assert.Contains("演示任务 · 完成须附说明", page, StringComparison.Ordinal);
        Assert.Contains("保密审查须由另一位审核人办理", page, StringComparison.Ordinal);
    }
}
