using Governance.Tests.Support;
using Governance.Workflows.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Workflows.Audit;

/// <summary>第15条 防篡改: an edit or a deletion in the audit table is found by the verification.</summary>
public sealed class AuditLogTests
{
    [Fact]
    public async Task VerifyAsync_EditedOrDeletedEntry_IsDetected()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var audit = host.Services.GetRequiredService<AuditLog>();
        for (var i = 0; i < 3; i++) await audit.WriteAsync("u1", "测试", "test", $"第 {i} 条");
        Assert.True((await audit.VerifyAsync()).Intact);

        await using (var db = host.NewDbContext())
        {
            var ids = await db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync();
            var middle = ids[^2];
            await db.AuditEntries.Where(a => a.Id == middle).ExecuteUpdateAsync(s => s.SetProperty(a => a.Detail, "被篡改"));
            var edited = await audit.VerifyAsync();
            Assert.False(edited.Intact);
            Assert.Equal(middle, edited.FirstBrokenId);

            await db.AuditEntries.Where(a => a.Id == middle).ExecuteDeleteAsync();
            var deleted = await audit.VerifyAsync();
            Assert.False(deleted.Intact);
            Assert.Equal(middle, deleted.FirstBrokenId);
            Assert.Contains($"第 {middle} 条记录缺失", deleted.Message, StringComparison.Ordinal);
        }
    }
}
