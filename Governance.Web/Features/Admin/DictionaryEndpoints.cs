using Governance.Data.Entities;
using Governance.Workflows.PreCheck;

namespace Governance.Web.Features.Admin;

/// <summary>
/// 错敏词库导出: a plain authorized GET so that the browser downloads the file itself (no JS interop, no size limit on the
/// circuit). Admin only (policy "Admin"); the service checks the role again.
/// </summary>
public static class DictionaryEndpoints
{
    public const string ExportPath = "/admin/dictionary/export";

    public static string ExportUrl(string format) => $"{ExportPath}?format={format}";

    public static void MapDictionaryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(ExportPath, async (string? format, HttpContext http, DictionaryAdminService dictionary, CancellationToken ct) =>
        {
            if (GovernanceClaimsFactory.ToActor(http.User) is not { } actor) return Results.Forbid();
            var f = format?.Trim().ToLowerInvariant() switch
            {
                "csv" => DictionaryFileFormat.Csv,
                "xlsx" => DictionaryFileFormat.Xlsx,
                _ => DictionaryFileFormat.Unknown,
            };
            if (f == DictionaryFileFormat.Unknown)
                return Results.Problem(statusCode: 400, title: "请求参数错误", detail: "参数 format 须为 csv 或 xlsx。");
            var export = await dictionary.ExportAsync(actor, f, ct);
            if (export.Error is not null) return Results.Problem(statusCode: 403, title: export.Error);
            return Results.File(export.Content, export.ContentType, export.FileName);
        }).RequireAuthorization(Roles.Admin);
    }
}
