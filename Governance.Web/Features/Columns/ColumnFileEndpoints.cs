using Governance.Workflows.Registers;
using Microsoft.AspNetCore.Authorization;

namespace Governance.Web.Features.Columns;

/// <summary>
/// The register in Excel as plain authorized GETs (the browser saves the file; nothing large crosses the circuit): the
/// export of the columns the signed-in user may see (a unit its own, county roles all), and the import template (managers).
/// </summary>
public sealed class ColumnFileEndpoints : IFeatureEndpoints
{
    public const string ExportPath = "/columns/export.xlsx";
    public const string TemplatePath = "/columns/import/template.xlsx";
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(ExportPath, async (HttpContext http, ColumnRegisterImport excel, TimeProvider time, CancellationToken ct) =>
        {
            if (GovernanceClaimsFactory.ToActor(http.User) is not { } actor) return Results.Forbid();
            return Results.File(await excel.ExportAsync(actor, ct), XlsxType, ColumnRegisterImport.ExportFileName(time.GetUtcNow().UtcDateTime));
        }).RequireAuthorization();

        app.MapGet(TemplatePath, () => Results.File(ColumnRegisterImport.Template(), XlsxType, "栏目台账导入模板.xlsx"))
            .RequireAuthorization(new AuthorizeAttribute { Roles = $"{Data.Entities.Roles.Monitor},{Data.Entities.Roles.Admin}" });
    }
}
