using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Definitions.Rectification;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using W4 = Governance.Workflows.Definitions.Rectification.RectificationWorkflow;

namespace Governance.Tests.Support.Drivers;

/// <summary>W4 in tests: a finding raised by the Monitor, and the legitimate path to each state, on the generic host.</summary>
public sealed class RectificationDriver : IWorkflowTestDriver
{
    public string DefinitionKey => W4.Key;

    public async Task<string> SnapshotAsync(GovernanceDbContext db, long instanceId)
    {
        var f = await db.Findings.AsNoTracking().SingleAsync(x => x.InstanceId == instanceId);
        return $"report={f.Report} url={f.ReportUrl} submitted={f.SubmittedAtUtc} due={f.DueAtUtc} rejects={f.RejectCount} closed={f.ClosedAtUtc} " +
               $"onTime={f.RectifiedOnTime} cancelled={f.IsCancelled} days={f.WorkingDays}";
    }
}

public static class RectificationHostExtensions
{
    public static FindingService Findings(this WorkflowTestHost host) => host.Get<FindingService>();

    public static async Task<NewFinding> FindingAsync(this WorkflowTestHost host, string unit = "县教育局",
        FindingSeverity severity = FindingSeverity.General, string category = FindingCategories.Typo, int? columnId = null, int? workingDays = null,
        string? sourceRef = null) =>
        new(await host.UnitIdAsync(unit), FindingSources.DailyMonitoring, category, severity, null,
            "“工作动态”栏目 3 月 1 日信息中“教育局”误写为“教有局”。", "http://www.fufeng.gov.cn/jyj/gzdt/1.html", columnId, null, workingDays, sourceRef);

    /// <summary>A finding raised by the Monitor against <paramref name="unit"/>; returns (id, version).</summary>
    public static async Task<(long Id, int Version)> RaiseFindingAsync(this WorkflowTestHost host, NewFinding? finding = null, string by = "monitor")
    {
        var result = await host.Findings().RaiseAsync(finding ?? await host.FindingAsync(), await host.ActorAsync(by));
        if (!result.Succeeded) throw new InvalidOperationException("raise: " + result.Error);
        return (result.InstanceId!.Value, (await host.InstanceAsync(result.InstanceId.Value)).Version);
    }

    /// <summary>The unit's editor saves the report; returns the new version.</summary>
    public static async Task<int> SaveReportAsync(this WorkflowTestHost host, long id, int version, string report = "已更正错别字并重新发布。",
        string? url = "http://www.fufeng.gov.cn/jyj/gzdt/1.html", string editor = "editor")
    {
        var r = await host.Findings().SaveReportAsync(id, version, await host.ActorAsync(editor), report, url);
        if (!r.Succeeded) throw new InvalidOperationException("save report: " + r.Message);
        return r.NewVersion!.Value;
    }

    /// <summary>A finding driven into <paramref name="state"/> by legitimate fires (the unit's editor, the monitor).</summary>
    public static async Task<(long Id, int Version)> DriveW4Async(this WorkflowTestHost host, string state, NewFinding? finding = null)
    {
        var (id, v) = await host.RaiseFindingAsync(finding);
        if (state == W4.S.Issued) return (id, v);
        v = await host.MustFireAsync(id, v, W4.T.Acknowledge, "editor");
        if (state == W4.S.Acknowledged) return (id, v);
        v = await host.MustFireAsync(id, v, W4.T.Start, "editor");
        if (state == W4.S.Rectifying) return (id, v);
        v = await host.SaveReportAsync(id, v);
        v = await host.MustFireAsync(id, v, W4.T.Submit, "editor");
        if (state == W4.S.Submitted) return (id, v);
        if (state == W4.S.Closed) return (id, await host.MustFireAsync(id, v, W4.T.Verify, "monitor"));
        if (state == W4.S.Cancelled) return (id, await host.MustFireAsync(id, v, W4.T.Cancel, "monitor", "重复下发"));
        throw new ArgumentOutOfRangeException(nameof(state), state, "no path to this state");
    }
}
