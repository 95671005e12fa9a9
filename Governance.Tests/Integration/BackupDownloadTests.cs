using System.Net;
using Governance.Tests.Support;
using Governance.Web;
using Governance.Web.Features.Admin;
using Governance.Workflows.Audit;
using Governance.Workflows.Backups;
using Governance.Workflows.Engine;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Integration;

/// <summary>
/// 第15条(一) on the running app: Admin downloads a backup (audited), nobody else can, only the backups' own names are
/// served; the daily backup and anchor jobs are scheduled; the running portal holds its data directory.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class BackupDownloadTests(GovernanceAppFactory app) : IClassFixture<GovernanceAppFactory>
{
    private async Task<HttpClient> ClientAsync(string? user)
    {
        var client = app.NewClient();
        if (user is not null) await GovernanceAppFactory.SignInAsync(client, user);
        return client;
    }

    [Fact]
    public async Task Admin_DownloadsABackup_OthersCannot_OnlyBackupNamesServed_Audited()
    {
        using var admin = await ClientAsync("admin");
        var backups = app.Services.GetRequiredService<BackupService>();
        var made = await backups.CreateAsync(Actor.System("test", "测试"), BackupService.Manual);
        Assert.True(made.Succeeded, made.Message);
        var name = made.Backup!.Name;

        var response = await admin.GetAsync(BackupEndpoints.DownloadUrl(name));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(name, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(await File.ReadAllBytesAsync(backups.PathOf(name)!), await response.Content.ReadAsByteArrayAsync());
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<Governance.Data.GovernanceDbContext>>().CreateDbContextAsync())
        {
            var last = await db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync();
            Assert.Equal("backup.download", last.Kind);
            Assert.Contains(name, last.Detail, StringComparison.Ordinal);
        }

        using var editor = await ClientAsync("editor");
        var denied = await editor.GetAsync(BackupEndpoints.DownloadUrl(name));
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
        Assert.NotEqual("application/zip", denied.Content.Headers.ContentType?.MediaType);

        using var anonymous = await ClientAsync(null);
        var login = await anonymous.GetAsync(BackupEndpoints.DownloadUrl(name));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains("/account/login", login.Headers.Location?.OriginalString, StringComparison.Ordinal);

        foreach (var bad in new[] { "..%2Fgovernance.db", "governance.db", "backup-20990101-daily.zip", "backup-x.zip" })
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{BackupEndpoints.DownloadPath}/{bad}")).StatusCode);
    }

    [Fact]
    public void RunningPortal_SchedulesTheDailyJobs_AndHoldsItsDataDirectory()
    {
        _ = app.Server;

        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var jobs = connection.GetRecurringJobs().ToDictionary(j => j.Id, j => j.Cron);
        Assert.Equal(OperationsSetup.DefaultBackupCron, jobs["daily-backup"]);
        Assert.Equal(OperationsSetup.DefaultAnchorCron, jobs["audit-anchor"]);
        // The modules' own jobs (the recurring duties and the daily digest), run by id through the one runner.
        Assert.Equal("0 * * * *", jobs["recurring-duties"]);
        Assert.Equal("5 * * * *", jobs["daily-digest"]);
        Assert.Null(DataDirectoryLock.TryAcquire(app.DataDirectory));
        Assert.Equal(Path.Combine(app.DataDirectory, "audit-anchors"), app.Services.GetRequiredService<AuditAnchorOptions>().Directory);
    }
}
