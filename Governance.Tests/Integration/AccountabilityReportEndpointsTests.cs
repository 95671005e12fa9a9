using System.Net;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Web.Features.Assessment;
using Governance.Web;
using Governance.Web.Features.Rectification;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Definitions.Rectification;
using Governance.Workflows.Engine;
using Governance.Workflows.Identity;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Governance.Tests.Integration;

/// <summary>
/// The circular and the assessment downloads through the real app: the county roles read, units are refused, a bad
/// parameter is a Chinese 400, an unknown or not yet generated circular a Chinese 404; the files open. The quarterly
/// inspection reminder is a registered recurring job.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AccountabilityReportEndpointsTests : IClassFixture<AccountabilityReportEndpointsTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public GovernanceAppFactory App { get; } = new();
        public int CampaignId { get; private set; }
        public int UnissuedCampaignId { get; private set; }

        public async Task InitializeAsync()
        {
            _ = App.Server;
            var findings = App.Services.GetRequiredService<FindingService>();
            var monitor = await ActorAsync("monitor");
            CampaignId = (await findings.CreateCampaignAsync(monitor, "2026年第1季度政府网站检查", FindingSources.Quarterly, 2026, 1)).Id!.Value;
            UnissuedCampaignId = (await findings.CreateCampaignAsync(monitor, "2026年第2季度政府网站检查", FindingSources.Quarterly, 2026, 2)).Id!.Value;
            await App.Services.GetRequiredService<CircularService>().IssueAsync(await ActorAsync("accountability"), CampaignId);
        }

        public async Task<Actor> ActorAsync(string userName)
        {
            using var scope = App.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException(userName);
            var unit = DemoSeeder.DemoUsers.First(u => u.UserName == userName).Unit;
            return new Actor(user.Id, user.DisplayName, user.UnitId, unit, (await users.GetRolesAsync(user)).ToHashSet());
        }

        public async Task<HttpClient> SignedInAsync(string userName)
        {
            var client = App.NewClient();
            await GovernanceAppFactory.SignInAsync(client, userName);
            return client;
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    private readonly Fixture _f;
    public AccountabilityReportEndpointsTests(Fixture f) => _f = f;

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return json.GetProperty("title").GetString() + "|" + (json.TryGetProperty("detail", out var d) ? d.GetString() : "");
    }

    [Fact]
    public async Task Circular_CountyRolesDownloadTheNumberedDocx_UnitsAreRefused_BadIdsSaidInChinese()
    {
        foreach (var user in new[] { "observer", "supervisor", "monitor", "accountability", "admin" })
        {
            var response = await (await _f.SignedInAsync(user)).GetAsync(CircularEndpoints.Url(_f.CampaignId));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType!.MediaType);
            Assert.StartsWith("扶政网通〔2026〕1号_关于2026年第一季度全县政府网站检查情况的通报", response.Content.Headers.ContentDisposition!.FileNameStar,
                StringComparison.Ordinal);
            using var doc = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
            Assert.Contains("扶政网通〔2026〕1号", doc.MainDocumentPart!.Document!.Body!.InnerText, StringComparison.Ordinal);
        }
        foreach (var user in new[] { "editor", "reviewer2" })
        {
            var refused = await (await _f.SignedInAsync(user)).GetAsync(CircularEndpoints.Url(_f.CampaignId));
            Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
            Assert.NotEqual("application/vnd.openxmlformats-officedocument.wordprocessingml.document", refused.Content.Headers.ContentType?.MediaType);
        }
        Assert.NotEqual(HttpStatusCode.OK, (await _f.App.NewClient().GetAsync(CircularEndpoints.Url(_f.CampaignId))).StatusCode);

        var officer = await _f.SignedInAsync("accountability");
        var bad = await officer.GetAsync("/findings/campaigns/abc/circular.docx");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("请求参数错误|检查批次编号须为正整数。", await DetailAsync(bad));
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.GetAsync("/findings/campaigns/-3/circular.docx")).StatusCode);
        var unknown = await officer.GetAsync(CircularEndpoints.Url(99999));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("检查批次不存在|", await DetailAsync(unknown));
        var notYet = await officer.GetAsync(CircularEndpoints.Url(_f.UnissuedCampaignId));
        Assert.Equal(HttpStatusCode.NotFound, notYet.StatusCode);
        Assert.StartsWith("该检查批次尚未生成通报|", await DetailAsync(notYet), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assessment_ExportForTheAssessmentRoles_YearCheckedInChinese_OthersRefused()
    {
        foreach (var user in new[] { "accountability", "supervisor", "observer", "admin" })
        {
            var response = await (await _f.SignedInAsync(user)).GetAsync(AssessmentEndpoints.ExportUrl(2026));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var ms = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
            var rows = MiniExcel.Query(ms, useHeaderRow: true, sheetName: AssessmentExport.ResultSheet).Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(21, rows.Count);
            Assert.Contains(rows, r => (string?)r["单位"] == "县教育局");
        }
        foreach (var user in new[] { "editor", "monitor", "publisher" })
            Assert.NotEqual(HttpStatusCode.OK, (await (await _f.SignedInAsync(user)).GetAsync(AssessmentEndpoints.ExportUrl(2026))).StatusCode);

        var officer = await _f.SignedInAsync("accountability");
        foreach (var (query, detail) in new[]
                 {
                     ("", "请指定考核年度：year（例如 2026）。"), ("?year=二〇二六", "考核年度 year 须为四位数字，例如 2026。"),
                     ("?year=-1", "考核年度 year 须为四位数字，例如 2026。"), ("?year=1999", "考核年度须在 2000 至 2100 之间。"),
                 })
        {
            var bad = await officer.GetAsync(AssessmentEndpoints.ExportPath + query);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("请求参数错误|" + detail, await DetailAsync(bad));
        }
    }

    [Fact]
    public void QuarterlyReminder_IsARecurringJobOfW4_DailyAt0905ChinaTime()
    {
        using var connection = _f.App.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == QuarterlyInspectionReminder.JobId);
        Assert.Equal("5 1 * * *", job.Cron);
        Assert.Equal(typeof(ModuleJobRunner), job.Job.Type);
        Assert.Equal(QuarterlyInspectionReminder.JobId, job.Job.Args[0]);
    }
}
