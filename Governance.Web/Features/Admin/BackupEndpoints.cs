using Governance.Data.Entities;
using Governance.Workflows.Backups;
using Microsoft.AspNetCore.Authorization;

namespace Governance.Web.Features.Admin;

/// <summary>
/// A backup's download (Admin only, 第15条(一)): a plain authorized GET, so the browser saves the file itself and nothing
/// large crosses the circuit. Only a name the backup service lists is served; each download is audited.
/// </summary>
public sealed class BackupEndpoints : IFeatureEndpoints
{
    public const string DownloadPath = "/admin/backups/download";

    public static string DownloadUrl(string name) => $"{DownloadPath}/{Uri.EscapeDataString(name)}";

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(DownloadPath + "/{name}", async (string name, HttpContext http, BackupService backups, CancellationToken ct) =>
        {
            if (GovernanceClaimsFactory.ToActor(http.User) is not { } actor) return Results.Forbid();
            if (await backups.OpenForDownloadAsync(actor, name, ct) is not { } file)
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "备份不存在", detail: "备份文件不存在，或已按保留期删除。");
            return TypedResults.PhysicalFile(file.Path, BackupService.ZipContentType, file.Name);
        }).RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Admin });
    }
}
