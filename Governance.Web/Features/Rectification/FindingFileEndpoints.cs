using Governance.Data.Entities;
using Governance.Workflows.Definitions.Rectification;
using Microsoft.AspNetCore.Authorization;

namespace Governance.Web.Features.Rectification;

/// <summary>W4's downloads as plain authorized GETs: the inspection report template (Monitor).</summary>
public sealed class FindingFileEndpoints : IFeatureEndpoints
{
    public const string TemplatePath = "/findings/import/template.xlsx";
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public void Map(IEndpointRouteBuilder app) =>
        app.MapGet(TemplatePath, () => Results.File(FindingImport.Template(), XlsxType, "检查问题导入模板.xlsx"))
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Monitor });
}
