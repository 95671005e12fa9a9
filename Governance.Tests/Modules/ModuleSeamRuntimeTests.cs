using Governance.Data.Entities;
using Governance.Tests.Modules.DemoTasks;
using Governance.Tests.Support;
using Governance.Workflows;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using S = Governance.Tests.Modules.DemoTasks.DemoTaskModule.S;
using T = Governance.Tests.Modules.DemoTasks.DemoTaskModule.T;

namespace Governance.Tests.Modules;

/// <summary>
/// The runtime grown for W3/W4, proved on a workflow only the tests register: hand-over to a handling unit (the waiting
/// scope follows, every hand-over journaled), one visibility rule, the system actor, unit fields, rules checked at start.
/// </summary>
public sealed class ModuleSeamRuntimeTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;

    public async Task InitializeAsync() => _host = await WorkflowTestHost.CreateAsync(s => s.AddWorkflowModule(new DemoTaskModule()));
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<WorkflowInstance> OpenTaskAsync(Actor? by = null)
    {
        var monitor = await _host.ActorAsync("monitor");
        var actor = by ?? monitor;
        return await _host.Runtime.StartAsync(DemoTaskModule.DefinitionKey, actor, monitor.UnitId, "检查栏目更新情况", (_, _) => { });
    }

    private static Dictionary<string, string?> Unit(int id) => new() { ["unit"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    [Fact]
    public async Task Assign_HandsOverToUnit_WaitingScopeFollowsAndHandOverIsJournaled()
    {
        var task = await OpenTaskAsync();
        var education = await _host.UnitIdAsync("县教育局");
        var center = await _host.UnitIdAsync("县数字化信息服务中心");

        var v = await _host.MustFireAsync(task.Id, task.Version, T.Assign, "monitor", "请于两日内完成", Unit(education));

        var row = await _host.InstanceAsync(task.Id);
        Assert.Equal(S.Assigned, row.State);
        Assert.Equal(center, row.OwnerUnitId);           // the owner stays the creating office
        Assert.Equal(education, row.HandlingUnitId);     // the handling unit is the one it was handed to
        Assert.Equal(Roles.Editor, row.WaitingForRole);
        Assert.Equal(education, row.WaitingForUnitId);   // and the 工作台 scope follows it
        var handOver = (await _host.JournalAsync(task.Id)).Single(j => j.Trigger == T.Assign);
        Assert.Contains("\"handedToUnit\":\"县教育局\"", handOver.Data!, StringComparison.Ordinal);
        Assert.Contains($"\"handedToUnitId\":\"{education}\"", handOver.Data!, StringComparison.Ordinal);

        // The handling unit's Editor has it in the 工作台 and completes it; another unit's Editor has nothing.
        var editor = await _host.ActorAsync("editor");
        var inboxItem = Assert.Single(await _host.Inbox.ForAsync(editor), i => i.InstanceId == task.Id);
        Assert.Equal("县数字化信息服务中心", inboxItem.UnitName);
        Assert.Equal("县教育局", inboxItem.HandlingUnitName);
        Assert.DoesNotContain(await _host.Inbox.ForAsync(await _host.ActorAsync("editor2")), i => i.InstanceId == task.Id);
        await _host.MustFireAsync(task.Id, v, T.Complete, "editor");
        Assert.True((await _host.InstanceAsync(task.Id)).IsFinal);
    }

    [Fact]
    public async Task Visibility_OwnerHandlingUnitAndCountyRolesSee_OtherUnitsSeeNothingAnywhere()
    {
        var task = await OpenTaskAsync();
        var v = await _host.MustFireAsync(task.Id, task.Version, T.Assign, "monitor", null, Unit(await _host.UnitIdAsync("县教育局")));

        foreach (var user in new[] { "monitor", "admin", "observer", "supervisor", "editor", "reviewer" })
        {
            var actor = await _host.ActorAsync(user);
            Assert.NotNull(await _host.Runtime.FindVisibleAsync(task.Id, actor));
            Assert.NotNull(await _host.Runtime.LoadAsync(task.Id, actor));
            Assert.NotEmpty(await _host.Runtime.JournalAsync(task.Id, actor));
        }
        foreach (var user in new[] { "editor2", "reviewer2" })
        {
            var actor = await _host.ActorAsync(user);
            Assert.Null(await _host.Runtime.FindVisibleAsync(task.Id, actor));
            Assert.Null(await _host.Runtime.LoadAsync(task.Id, actor));
            Assert.Empty(await _host.Runtime.JournalAsync(task.Id, actor));
            Assert.Empty(await _host.Runtime.ActionsAsync(task.Id, actor));
            var before = await _host.SnapshotAsync(task.Id);
            Assert.Equal(FireStatus.NotFound, (await _host.Runtime.FireAsync(task.Id, v, T.Complete, actor, FireInput.Empty)).Status);
            Assert.Equal(before, await _host.SnapshotAsync(task.Id));
            await using var db = _host.NewDbContext();
            Assert.False(await WorkflowLists.Rows(db, actor, DemoTaskModule.DefinitionKey).AnyAsync(r => r.Instance.Id == task.Id));
        }
        // The list query shows both units to who may see it.
        await using (var db = _host.NewDbContext())
        {
            var row = await WorkflowLists.Rows(db, await _host.ActorAsync("editor"), DemoTaskModule.DefinitionKey).SingleAsync(r => r.Instance.Id == task.Id);
            Assert.Equal("县数字化信息服务中心", row.OwnerUnit);
            Assert.Equal("县教育局", row.HandlingUnit);
        }
    }

    [Fact]
    public async Task SystemActor_StartsAndHandsOver_JournalNamesTheSourceAndNoUserExists()
    {
        var system = Actor.System("job:monthly-check", "每月安全自查任务");
        var task = await OpenTaskAsync(system);
        var education = await _host.UnitIdAsync("县教育局");

        var fired = await _host.Runtime.FireAsync(task.Id, task.Version, T.Assign, system, new FireInput(null, Unit(education)));

        Assert.Equal(FireStatus.Applied, fired.Status);
        var journal = await _host.JournalAsync(task.Id);
        Assert.All(journal, j =>
        {
            Assert.Equal("system:job:monthly-check", j.ActorUserId);
            Assert.Equal("系统（每月安全自查任务）", j.ActorName);
            Assert.Null(j.ActorUnitId);
        });
        await using var db = _host.NewDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.Id.StartsWith("system:")));
        Assert.False(await db.Notifications.AnyAsync(n => n.UserId.StartsWith("system:")));
        // The audit chain names the source too.
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserName == "系统（每月安全自查任务）"));
        // The handling unit's editors were told.
        var editor = await _host.UserIdAsync("editor");
        Assert.True(await db.Notifications.AnyAsync(n => n.UserId == editor && n.InstanceId == task.Id && n.Kind == "assigned"));
        // The creator is no user: completing it tells nobody "已完成" (NotifyCreator skips the system).
        await _host.MustFireAsync(task.Id, fired.NewVersion!.Value, T.Complete, "editor");
        Assert.False(await db.Notifications.AnyAsync(n => n.InstanceId == task.Id && n.Kind == "status"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("999999")]
    [InlineData("-1")]
    public async Task Assign_UnitFieldNotAnActiveUnit_IsInvalidAndChangesNothing(string unit)
    {
        var task = await OpenTaskAsync();
        var before = await _host.SnapshotAsync(task.Id);
        var r = await _host.Runtime.FireAsync(task.Id, task.Version, T.Assign, await _host.ActorAsync("monitor"),
            new FireInput(null, new Dictionary<string, string?> { ["unit"] = unit }));
        Assert.Equal(FireStatus.Invalid, r.Status);
        Assert.Contains("承办单位", r.Message, StringComparison.Ordinal);
        Assert.Equal(before, await _host.SnapshotAsync(task.Id));
    }

    [Fact]
    public void Runtime_RulesOfADefinitionNotRegistered_FailsAtStart()
    {
        var services = new ServiceCollection();
        services.AddGovernanceCore(Path.Combine(Path.GetTempPath(), "gov-unused-" + Guid.NewGuid().ToString("N") + ".db"), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(WorkflowTestHost.Start));
        services.AddSingleton<WorkflowModule>(new DemoTaskModule()); // the descriptor without its AddServices: no DemoTaskRules
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<WorkflowRuntime>());
        Assert.Contains(nameof(DemoTaskRules), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Modules_DescriptorsReadByTheSharedParts()
    {
        var modules = _host.Get<WorkflowModules>();
        Assert.Equal(["W1", "W2", "W3", "W4", "AM", "DU", "DT"], modules.All.Select(m => m.Key));
        Assert.Equal(["ColumnRequests", "ContentReview", "CitizenMessages", "Rectification", "Accountability", "Duties", "DemoTasks"], modules.All.Select(m => m.Name));
        Assert.Equal("完成凭证", modules.PurposeName("proof"));
        Assert.Equal(["proof", "other"], modules.PurposesFor(DemoTaskModule.DefinitionKey).Select(p => p.Code));
        Assert.Same(DemoTaskModule.Definition, _host.Runtime.Registry.Latest(DemoTaskModule.DefinitionKey));
    }
}
