using System.Net;
using Governance.Tests.Support;
using Governance.Web.Features.Columns;
using Governance.Workflows.Registers;
using MiniExcelLibs;

namespace Governance.Tests.Integration;

/// <summary>
/// The register's downloads through the real app: the export is what the signed-in user may see (a unit its own columns,
/// county roles every column), never for the anonymous; the import template is the managers'.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ColumnFileEndpointTests : IClassFixture<ColumnFileEndpointTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public GovernanceAppFactory App { get; } = new();

        public void Dispose() => App.Dispose();
    }

    private readonly Fixture _f;

    public ColumnFileEndpointTests(Fixture f) => _f = f;

    private async Task<HttpClient> SignedInAsync(string user)
    {
        var client = _f.App.NewClient();
        await GovernanceAppFactory.SignInAsync(client, user);
        return client;
    }

    private static List<IDictionary<string, object?>> Rows(byte[] file) =>
        MiniExcel.Query(new MemoryStream(file), useHeaderRow: true, sheetName: ColumnRegisterImport.SheetName).Cast<IDictionary<string, object?>>().ToList();

    [Fact]
    public async Task Export_UnitGetsItsOwnColumns_CountyRoleEveryColumn_AnonymousNothing()
    {
        var editor2 = await (await SignedInAsync("editor2")).GetAsync(ColumnFileEndpoints.ExportPath);
        var supervisor = await (await SignedInAsync("supervisor")).GetAsync(ColumnFileEndpoints.ExportPath);
        var anonymous = await _f.App.NewClient().GetAsync(ColumnFileEndpoints.ExportPath);

        Assert.Equal(HttpStatusCode.OK, editor2.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", editor2.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("栏目台账-", editor2.Content.Headers.ContentDisposition!.FileNameStar, StringComparison.Ordinal);
        var own = Rows(await editor2.Content.ReadAsByteArrayAsync());
        Assert.Equal(["政务公开/财政信息", "政务公开/部门信息/县财政局/工作动态", "政务公开/部门信息/县财政局/通知公告", "政务公开/部门信息/县财政局/政策文件"],
            own.Select(r => (string?)r["栏目路径"]));
        Assert.All(own, r => Assert.Equal("县财政局", r["保障单位"]));
        var all = Rows(await supervisor.Content.ReadAsByteArrayAsync());
        Assert.Contains(all, r => (string?)r["保障单位"] == "县教育局");
        Assert.Contains(all, r => (string?)r["栏目路径"] == "政务公开/规划计划" && (string?)r["状态"] == "超期");
        // Anonymous: sent to sign in, no file.
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/login", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_ForManagersOnly()
    {
        var monitor = await (await SignedInAsync("monitor")).GetAsync(ColumnFileEndpoints.TemplatePath);
        var editor = await (await SignedInAsync("editor")).GetAsync(ColumnFileEndpoints.TemplatePath);

        Assert.Equal(HttpStatusCode.OK, monitor.StatusCode);
        var header = MiniExcel.Query(new MemoryStream(await monitor.Content.ReadAsByteArrayAsync()), useHeaderRow: false,
            sheetName: ColumnRegisterImport.SheetName).Cast<IDictionary<string, object?>>().First().Values.Select(v => v?.ToString()).ToList();
        Assert.Equal(ColumnRegisterImport.Headers, header);
        Assert.Equal(HttpStatusCode.Redirect, editor.StatusCode);
        Assert.Contains("/account/access-denied", editor.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
