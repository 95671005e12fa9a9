using Governance.Data;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using W3 = Governance.Workflows.Definitions.CitizenMessages.CitizenMessageWorkflow;

namespace Governance.Tests.Support.Drivers;

/// <summary>W3 in tests: a message through the intake, and the legitimate path to each state, on the generic host.</summary>
public sealed class CitizenMessageDriver : IWorkflowTestDriver
{
    public string DefinitionKey => W3.Key;

    public async Task<string> SnapshotAsync(GovernanceDbContext db, long instanceId)
    {
        var m = await db.CitizenMessages.AsNoTracking().SingleAsync(x => x.InstanceId == instanceId);
        return $"reply={m.ReplyText} repliedAt={m.RepliedAtUtc} onTime={m.RepliedOnTime} ext={m.ExtensionDays}/{m.ExtensionRequestedDays} " +
               $"returns={m.ReturnCount} assignedAt={m.AssignedAtUtc} invalid={m.IsInvalid} closed={m.ClosedAtUtc}";
    }

    public static MessageIntake Intake(string? sourceRef = null, string content = "请问今年义务教育阶段招生报名时间是什么时候？") => new()
    {
        SourceRef = sourceRef ?? "WEB-" + Guid.NewGuid().ToString("N")[..10], Title = "咨询招生报名时间", Content = content, Category = "咨询",
        CitizenName = "王小明", CitizenPhone = "13912345678", CitizenEmail = "wxm@example.com",
    };
}

public static class CitizenMessageHostExtensions
{
    public static CitizenMessageService Messages(this WorkflowTestHost host) => host.Get<CitizenMessageService>();

    /// <summary>A message received through the API now (the system actor); returns (id, version).</summary>
    public static async Task<(long Id, int Version)> ReceiveMessageAsync(this WorkflowTestHost host, MessageIntake? intake = null)
    {
        var (valid, errors) = MessageValidator.Validate(intake ?? CitizenMessageDriver.Intake(), host.Clock.GetUtcNow().UtcDateTime);
        if (valid is null) throw new InvalidOperationException(string.Join("; ", errors.Values));
        var result = await host.Messages().IntakeAsync(Actor.System("api:test", "测试接口"), "测试接口", valid);
        return (result.Id, (await host.InstanceAsync(result.Id)).Version);
    }

    public static Dictionary<string, string?> UnitField(int unitId) =>
        new() { ["unit"] = unitId.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>Assigned by the Monitor to <paramref name="unit"/>; returns the new version.</summary>
    public static async Task<int> AssignAsync(this WorkflowTestHost host, long id, int version, string unit = "县教育局") =>
        await host.MustFireAsync(id, version, W3.T.Assign, "monitor", null, UnitField(await host.UnitIdAsync(unit)));

    /// <summary>The handling unit's editor saves a reply draft; returns the new version.</summary>
    public static async Task<int> SaveReplyAsync(this WorkflowTestHost host, long id, int version, string reply, string editor = "editor")
    {
        var r = await host.Messages().SaveReplyAsync(id, version, await host.ActorAsync(editor), reply);
        if (!r.Succeeded) throw new InvalidOperationException("save reply: " + r.Message);
        return r.NewVersion!.Value;
    }
}
