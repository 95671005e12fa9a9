using System.Globalization;
using Governance.Data.Entities;
using Governance.Workflows.Definitions.Accountability;
using Microsoft.AspNetCore.Authorization;

namespace Governance.Web.Features.Rectification;

/// <summary>
/// The campaign's circular (通报, 第20条(一)) as a plain authorized GET of its .docx: the county roles read a circular once
/// an AccountabilityOfficer or a Monitor has generated it (the campaigns page gives it its number first); a unit's staff
/// are refused by the policy. A campaign id that is no number is a Chinese 400; an unknown campaign or one without a
/// circular yet a Chinese 404.
/// </summary>
public sealed class CircularEndpoints : IFeatureEndpoints
{
    public const string ReadRoles = $"{Roles.AccountabilityOfficer},{Roles.Monitor},{Roles.Supervisor},{Roles.Observer},{Roles.Admin}";
    public const string IssueRoles = $"{Roles.AccountabilityOfficer},{Roles.Monitor}";
    private const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static string Url(int campaignId) =>
        string.Create(CultureInfo.InvariantCulture, $"/findings/campaigns/{campaignId}/circular.docx");

    public void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/findings/campaigns/{id}/circular.docx", async (string id, HttpContext http, CircularService circulars, CancellationToken ct) =>
        {
            if (GovernanceClaimsFactory.ToActor(http.User) is not { } actor) return Results.Forbid();
            if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var campaignId) || campaignId <= 0)
                return Problem(StatusCodes.Status400BadRequest, "请求参数错误", "检查批次编号须为正整数。");
            var (data, problem) = await circulars.BuildAsync(actor, campaignId, ct);
            return problem switch
            {
                CircularProblem.Forbidden => Problem(StatusCodes.Status403Forbidden, "无权查看通报", null),
                CircularProblem.NotFound => Problem(StatusCodes.Status404NotFound, "检查批次不存在", null),
                CircularProblem.NotIssued => Problem(StatusCodes.Status404NotFound, "该检查批次尚未生成通报", "请由督查问责人员或监测员在“检查批次与通报”页面生成通报。"),
                _ => Results.File(CircularDocument.Render(data!), DocxType, CircularService.FileName(data!)),
            };
        }).RequireAuthorization(new AuthorizeAttribute { Roles = ReadRoles });

    private static IResult Problem(int status, string title, string? detail) => Results.Problem(statusCode: status, title: title, detail: detail);
}
