using System.Globalization;
using Governance.Data.Entities;
using Governance.Workflows.Definitions.Accountability;
using Microsoft.AspNetCore.Authorization;

namespace Governance.Web.Features.Assessment;

/// <summary>
/// 年度考核 in Excel for the assessment office (第20条(二)): a plain authorized GET for the roles of the assessment page.
/// The role is checked by the policy and the rows again by the service; a missing or bad year is a Chinese 400.
/// </summary>
public sealed class AssessmentEndpoints : IFeatureEndpoints
{
    public const string ExportPath = "/assessment/export";
    public const string PageRoles = $"{Roles.AccountabilityOfficer},{Roles.Supervisor},{Roles.Observer},{Roles.Admin}";
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string ExportUrl(int year) => string.Create(CultureInfo.InvariantCulture, $"{ExportPath}?year={year}");

    public void Map(IEndpointRouteBuilder app) =>
        app.MapGet(ExportPath, async (string? year, HttpContext http, AnnualAssessment assessment, CancellationToken ct) =>
        {
            if (GovernanceClaimsFactory.ToActor(http.User) is not { } actor) return Results.Forbid();
            if (string.IsNullOrWhiteSpace(year)) return BadRequest("请指定考核年度：year（例如 2026）。");
            if (!int.TryParse(year.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var y)) return BadRequest("考核年度 year 须为四位数字，例如 2026。");
            if (AnnualAssessment.CheckYear(y) is { } error) return BadRequest(error);
            var report = await assessment.ComputeAsync(actor, y, ct);
            if (report is null) return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "无权导出年度考核");
            return Results.File(AssessmentExport.Xlsx(report), XlsxType, AssessmentExport.FileName(y));
        }).RequireAuthorization(new AuthorizeAttribute { Roles = PageRoles });

    private static IResult BadRequest(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "请求参数错误", detail: detail);
}
