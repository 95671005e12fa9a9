using Governance.Data.Entities;
using Governance.Workflows.Definitions.CitizenMessages;
using Microsoft.AspNetCore.Authorization;

namespace Governance.Web.Features.CitizenMessages;

/// <summary>
/// W3's downloads as plain authorized GETs (the browser saves the file itself; nothing large crosses the circuit):
/// the import template (Monitor) and the statistics in Excel (the county roles, 第19条(五)). The role is checked by the
/// endpoint's policy and again by the statistics service; a bad period is a Chinese 400.
/// </summary>
public sealed class MessageFileEndpoints : IFeatureEndpoints
{
    public const string TemplatePath = "/messages/import/template.xlsx";
    public const string StatsExportPath = "/messages/stats/export";
    public const string StatsRoles = $"{Roles.Monitor},{Roles.Supervisor},{Roles.AccountabilityOfficer},{Roles.Observer},{Roles.Admin}";
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string StatsExportUrl(DateOnly from, DateOnly to, bool forPublication) =>
        $"{StatsExportPath}?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}&edition={(forPublication ? "public" : "full")}";

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(TemplatePath, () => Results.File(MessageImport.Template(), XlsxType, "网民留言导入模板.xlsx"))
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Monitor });

        app.MapGet(StatsExportPath, async (string? from, string? to, string? edition, HttpContext http, MessageStatistics statistics,
            TimeProvider time, CancellationToken ct) =>
        {
            if (GovernanceClaimsFactory.ToActor(http.User) is not { } actor) return Results.Forbid();
            var forPublication = edition?.Trim().ToLowerInvariant() switch
            {
                null or "" or "full" => false,
                "public" => true,
                _ => (bool?)null,
            };
            if (forPublication is null) return BadRequest("参数 edition 须为 full（统计表）或 public（公开版）。");
            var (f, t, error) = StatsPeriod.Parse(from, to);
            if (error is not null) return BadRequest(error);
            var report = await statistics.ComputeAsync(actor, f, t, ct);
            if (report is null) return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "无权导出留言统计");
            var now = time.GetUtcNow().UtcDateTime;
            byte[] file;
            if (forPublication.Value) file = MessageStatsExport.ForPublication(report, now);
            else file = MessageStatsExport.Full(report, await statistics.DetailsAsync(actor, f, t, ct) ?? [], now);
            return Results.File(file, XlsxType, MessageStatsExport.FileName(report, forPublication.Value));
        }).RequireAuthorization(new AuthorizeAttribute { Roles = StatsRoles });
    }

    private static IResult BadRequest(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "请求参数错误", detail: detail);
}
