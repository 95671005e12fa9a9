using Governance.Data;
using Governance.Workflows.Definitions.ColumnRequests;
using Microsoft.EntityFrameworkCore;
using W1 = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow;

namespace Governance.Tests.Support.Drivers;

/// <summary>W1 in tests: a valid form, drafts, and the legitimate path to each state, on the generic host.</summary>
public sealed class ColumnRequestDriver : IWorkflowTestDriver
{
    public const string ValidUrl = "https://www.fufeng.gov.cn/zt/jiaoyu/";

    public string DefinitionKey => W1.Key;

    public async Task<string> SnapshotAsync(GovernanceDbContext db, long instanceId)
    {
        var columns = await db.Columns.CountAsync(c => c.SourceInstanceId == instanceId);
        var request = await db.ColumnRequests.AsNoTracking().SingleOrDefaultAsync(r => r.InstanceId == instanceId);
        return $"columns={columns} url={request?.SetupUrl} colId={request?.ColumnId} staff={request?.StaffA}/{request?.StaffB} name={request?.ColumnName}";
    }

    public static ColumnRequestForm ValidForm(string name = "义务教育质量提升专栏") => new()
    {
        ColumnName = name,
        Purpose = "义务教育质量提升专项工作宣传",
        StartDate = new DateTime(2026, 3, 10),
        EndDate = new DateTime(2026, 12, 31),
        ResponsiblePerson = "王主任",
        StaffA = "刘甲",
        StaffB = "陈乙",
        UpdateCadence = "每周",
        ContentSources = "本局各股室",
        ContactPhone = "0917-5212345",
    };
}

/// <summary>The W1 steps of the generic host, as extension methods so that tests read <c>host.DriveW1Async(state)</c>.</summary>
public static class ColumnRequestHostExtensions
{
    public static ColumnRequestService ColumnRequests(this WorkflowTestHost host) => host.Get<ColumnRequestService>();

    /// <summary>A draft W1 request created by <paramref name="editor"/>; returns (instance id, version).</summary>
    public static async Task<(long Id, int Version)> CreateDraftAsync(this WorkflowTestHost host, string editor = "editor", string? name = null)
    {
        var result = await host.ColumnRequests().CreateAsync(await host.ActorAsync(editor),
            ColumnRequestDriver.ValidForm(name ?? "专栏" + Guid.NewGuid().ToString("N")[..8]), submit: false);
        if (!result.Succeeded) throw new InvalidOperationException("create failed: " + result.Message);
        return (result.InstanceId!.Value, 1);
    }

    /// <summary>W1's setup: fires CompleteSetup with the column's URL.</summary>
    public static Task<int> MustFireAsync(this WorkflowTestHost host, long id, int version, string trigger, string userName, string? comment, string url) =>
        host.MustFireAsync(id, version, trigger, userName, comment, new Dictionary<string, string?> { ["url"] = url });

    /// <summary>
    /// 到期提醒 as the daily sweep fires it: the column's planned end date moved to yesterday (China date), then Expire by the
    /// system. Returns the new version.
    /// </summary>
    public static async Task<int> ExpireW1Async(this WorkflowTestHost host, long id, int version)
    {
        var yesterday = Governance.Workflows.Calendar.ChinaTime.Date(host.Clock.GetUtcNow().UtcDateTime).AddDays(-1);
        await using (var db = host.NewDbContext())
        {
            var columnId = await db.ColumnRequests.Where(r => r.InstanceId == id).Select(r => r.ColumnId).SingleAsync();
            await db.Columns.Where(c => c.Id == columnId).ExecuteUpdateAsync(s => s.SetProperty(c => c.EndDate, yesterday));
        }
        var r = await host.Runtime.FireAsync(id, version, W1.T.Expire, Governance.Workflows.Registers.ColumnStalenessSweep.SystemActor,
            Governance.Workflows.Engine.FireInput.Empty);
        if (!r.Succeeded) throw new InvalidOperationException($"Expire on #{id}: {r.Status} {r.Message}");
        return r.NewVersion!.Value;
    }

    /// <summary>
    /// A W1 request driven into <paramref name="state"/> by legitimate fires: the applicant <paramref name="editor"/>, the
    /// unit's <paramref name="reviewer"/>, supervisor and monitor.
    /// </summary>
    public static async Task<(long Id, int Version)> DriveW1Async(this WorkflowTestHost host, string state, string editor = "editor",
        string reviewer = "reviewer")
    {
        var (id, v) = await host.CreateDraftAsync(editor);
        async Task<int> Path(params (string Trigger, string User, string? Comment, string? Url)[] steps)
        {
            foreach (var (t, u, c, url) in steps)
                v = await host.MustFireAsync(id, v, t, u, c, url is null ? null : new Dictionary<string, string?> { ["url"] = url });
            return v;
        }
        var submit = (W1.T.Submit, editor, (string?)null, (string?)null);
        var approve = (W1.T.UnitApprove, reviewer, (string?)null, (string?)null);
        var bureau = (W1.T.BureauApprove, "supervisor", (string?)null, (string?)null);
        var setup = (W1.T.CompleteSetup, "monitor", (string?)null, (string?)ColumnRequestDriver.ValidUrl);
        var change = (W1.T.RequestChange, editor, (string?)"活动结束，申请关停", (string?)null);
        switch (state)
        {
            case W1.S.Draft: break;
            case W1.S.UnitReview: await Path(submit); break;
            case W1.S.BureauReview: await Path(submit, approve); break;
            case W1.S.Setup: await Path(submit, approve, bureau); break;
            case W1.S.Active: await Path(submit, approve, bureau, setup); break;
            case W1.S.ChangeReview: await Path(submit, approve, bureau, setup, change); break;
            case W1.S.Expiring:
                await Path(submit, approve, bureau, setup);
                v = await host.ExpireW1Async(id, v);
                break;
            case W1.S.Archived: await Path(submit, approve, bureau, setup, change, (W1.T.ApproveClose, "supervisor", null, null)); break;
            case W1.S.Returned: await Path(submit, (W1.T.UnitReturn, reviewer, "请补充内容来源", null)); break;
            case W1.S.Withdrawn: await Path((W1.T.Withdraw, editor, null, null)); break;
            case W1.S.Rejected: await Path(submit, approve, (W1.T.Reject, "supervisor", "不符合开设条件", null)); break;
            default: throw new ArgumentOutOfRangeException(nameof(state), state, "no path to this state");
        }
        return (id, v);
    }
}
