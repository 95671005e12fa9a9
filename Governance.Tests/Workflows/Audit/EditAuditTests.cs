using System.Text.Json;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Audit;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;

namespace Governance.Tests.Workflows.Audit;

/// <summary>
/// 第15条 防篡改: a field edit (<see cref="WorkflowRuntime.EditAsync"/>) is in the hashed audit chain with each field's
/// value before and after, not only in the journal — so rewriting what an edit changed breaks the verification.
/// </summary>
public sealed class EditAuditTests
{
    [Fact]
    public async Task EditAsync_ChangedFields_BeforeAndAfterInTheHashedAuditEntryAndTheJournal()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var (id, v) = await host.CreateDraftAsync(name: "旧的专栏名称");
        var form = ColumnRequestDriver.ValidForm("新的专栏名称");
        form.StaffB = "王\"丙\"";

        var result = await host.ColumnRequests().UpdateAsync(id, v, await host.ActorAsync("editor"), form);

        Assert.Equal(FireStatus.Applied, result.Status);
        await using var db = host.NewDbContext();
        var entry = await db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal("edit", entry.Kind);
        Assert.Contains("ColumnRequest[" + id + "].ColumnName：\"旧的专栏名称\" → \"新的专栏名称\"", entry.Detail, StringComparison.Ordinal);
        Assert.Contains("WorkflowInstance[" + id + "].Title：\"旧的专栏名称\" → \"新的专栏名称\"", entry.Detail, StringComparison.Ordinal);
        Assert.Contains("ColumnRequest[" + id + "].StaffB：\"陈乙\" → \"王\\\"丙\\\"\"", entry.Detail, StringComparison.Ordinal);
        // Unchanged fields are not listed.
        Assert.DoesNotContain("Purpose", entry.Detail, StringComparison.Ordinal);
        Assert.Equal(AuditLog.ComputeHash(entry), entry.Hash);

        var journal = (await host.JournalAsync(id)).Last();
        Assert.Equal(WorkflowRuntime.EditTrigger, journal.Trigger);
        using var data = JsonDocument.Parse(journal.Data!);
        var changes = data.RootElement.GetProperty("changes").EnumerateArray()
            .Select(c => (c.GetProperty("field").GetString(), c.GetProperty("before").GetString(), c.GetProperty("after").GetString())).ToList();
        Assert.Contains(("ColumnName", "旧的专栏名称", "新的专栏名称"), changes);
        Assert.Contains(("StaffB", "陈乙", "王\"丙\""), changes);

        var audit = host.Get<AuditLog>();
        Assert.True((await audit.VerifyAsync()).Intact);
        // Rewriting what the edit recorded (the old name) breaks the chain at that entry.
        await db.AuditEntries.Where(a => a.Id == entry.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Detail, entry.Detail.Replace("旧的专栏名称", "别的名称", StringComparison.Ordinal)));
        var broken = await audit.VerifyAsync();
        Assert.False(broken.Intact);
        Assert.Equal(entry.Id, broken.FirstBrokenId);
    }

    [Fact]
    public async Task EditAsync_ConcernedUnitsAddedAndRemoved_RowsInTheAuditEntry()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var finance = await host.UnitIdAsync("县财政局");
        var form = await host.ContentFormAsync();
        form.ConcernedUnitIds = [finance];
        var (id, v) = await host.ContentDraftAsync(form);
        var health = await host.UnitIdAsync("县卫生健康局");
        form.ConcernedUnitIds = [health];

        var result = await host.Contents().UpdateAsync(id, v, await host.ActorAsync("editor"), form);

        Assert.Equal(FireStatus.Applied, result.Status);
        await using var db = host.NewDbContext();
        var entry = await db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal("edit", entry.Kind);
        Assert.Contains($".UnitId：\"{finance}\" → null", entry.Detail, StringComparison.Ordinal);
        Assert.Contains($"InstanceParticipant[新增].UnitId：null → \"{health}\"", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditAsync_Refused_WritesNoAuditEntry()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var (id, v) = await host.CreateDraftAsync();
        await using var db = host.NewDbContext();
        var before = await db.AuditEntries.CountAsync();

        var stale = await host.ColumnRequests().UpdateAsync(id, v + 1, await host.ActorAsync("editor"), ColumnRequestDriver.ValidForm("改名"));

        Assert.Equal(FireStatus.Conflict, stale.Status);
        Assert.Equal(before, await db.AuditEntries.CountAsync());
    }
}
