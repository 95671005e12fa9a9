using Governance.Workflows.Attachments;
using Governance.Workflows.Engine;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;

namespace Governance.Web.Api;

/// <summary>
/// Attachments over HTTP, for signed-in users (cookie) only — API keys carry no unit, so they get nothing here.
/// Upload (for scripts; the Blazor page calls <see cref="AttachmentService"/> directly) and delete need the
/// X-Requested-With header, which a cross-site form cannot send; downloads are forced to "attachment" with nosniff.
/// </summary>
internal static class AttachmentApi
{
    public const string RequestedWithHeader = "X-Requested-With";

    public static void MapAttachmentApi(this IEndpointRouteBuilder app)
    {
        var signedIn = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme)
            .RequireAuthenticatedUser().Build();

        var api = app.MapGroup("/api/v1").RequireAuthorization(signedIn);

        api.MapGet("/instances/{id:long}/attachments", async (long id, HttpContext http, WorkflowRuntime runtime, AttachmentService attachments,
            CancellationToken ct) =>
        {
            if (GovernanceClaimsFactory.ToActor(http.User) is not { } actor) return Results.Forbid();
            if (await runtime.FindVisibleAsync(id, actor, ct) is null) return NotFound(AttachmentService.NotFoundMessage);
            var list = await attachments.ListAsync(id, actor, ct);
            return Results.Ok(list.Select(a => new
            {
                id = a.Id, fileName = a.FileName, purpose = a.Purpose, purposeName = a.PurposeName, contentType = a.ContentType, size = a.Size,
                sha256 = a.Sha256, uploadedBy = a.UploadedByName, uploadedAtUtc = a.UploadedAtUtc, url = $"/attachments/{a.Id}",
            }));
        });

        // Antiforgery is for forms; this is a script endpoint guarded by the X-Requested-With header instead.
        api.MapPost("/instances/{id:long}/attachments", UploadAsync).DisableAntiforgery();

        api.MapDelete("/attachments/{id:guid}", async (Guid id, HttpContext http, AttachmentService attachments, CancellationToken ct) =>
        {
            if (GovernanceClaimsFactory.ToActor(http.User) is not { } actor) return Results.Forbid();
            if (!http.Request.Headers.ContainsKey(RequestedWithHeader)) return MissingHeader();
            var error = await attachments.DeleteAsync(id, actor, ct);
            return error switch
            {
                null => Results.NoContent(),
                AttachmentService.AttachmentNotFoundMessage => NotFound(error),
                FireResult.ConflictMessage => Results.Problem(statusCode: 409, title: "数据已变化", detail: error),
                _ => Results.Problem(statusCode: 403, title: "无权操作", detail: error),
            };
        });

        // Download: outside /api so that a browser link works; 404 (the not-found page) when not visible.
        app.MapGet("/attachments/{id:guid}", async (Guid id, HttpContext http, AttachmentService attachments, CancellationToken ct) =>
        {
            if (GovernanceClaimsFactory.ToActor(http.User) is not { } actor) return Results.NotFound();
            if (await attachments.OpenAsync(id, actor, ct) is not { } opened) return Results.NotFound();
            var (info, content) = opened;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
            headers.CacheControl = "private, no-store";
            // Results.File writes Content-Disposition: attachment; filename=…; filename*=UTF-8''… (RFC 5987/6266).
            return Results.File(content, info.ContentType, info.FileName, lastModified: null, entityTag: null, enableRangeProcessing: false);
        }).RequireAuthorization(signedIn);
    }

    private static async Task<IResult> UploadAsync(long id, HttpRequest request, AttachmentService attachments, CancellationToken ct)
    {
        if (GovernanceClaimsFactory.ToActor(request.HttpContext.User) is not { } actor) return Results.Forbid();
        if (!request.Headers.ContainsKey(RequestedWithHeader)) return MissingHeader();
        if (!request.HasFormContentType) return GovernanceApi.Problem("请以 multipart/form-data 提交：file（文件）和 purpose（用途）。");
        // The multipart body may be a little larger than the file itself.
        var limit = attachments.MaxBytes + 1024 * 1024;
        if (request.ContentLength > limit) return TooLarge(attachments);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize) bodySize.MaxRequestBodySize = limit;
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit, ValueCountLimit = 20 }, ct);
        }
        catch (InvalidDataException)
        {
            return GovernanceApi.Problem("表单内容无法解析，或文件过大。");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(attachments);
        }
        if (form.Files.Count != 1 || form.Files.GetFile("file") is not { } file)
            return GovernanceApi.Problem("请在表单字段 file 中提交一个文件。");
        var purpose = form["purpose"].ToString();
        if (string.IsNullOrWhiteSpace(purpose)) purpose = AttachmentPurpose.OtherCode;
        await using var stream = file.OpenReadStream();
        var result = await attachments.UploadAsync(id, actor, purpose.Trim(), file.FileName, stream, ct);
        if (result.Succeeded) return Results.Ok(new { id = result.AttachmentId, url = $"/attachments/{result.AttachmentId}" });
        return result.Kind switch
        {
            AttachmentError.NotFound => NotFound(result.Error!),
            AttachmentError.Forbidden => Results.Problem(statusCode: 403, title: "无权操作", detail: result.Error),
            AttachmentError.TooLarge => Results.Problem(statusCode: 413, title: "文件过大", detail: result.Error),
            AttachmentError.Conflict => Results.Problem(statusCode: 409, title: "数据已变化", detail: result.Error),
            _ => GovernanceApi.Problem(result.Error!),
        };
    }

    private static IResult NotFound(string detail) => Results.Problem(statusCode: 404, title: "未找到", detail: detail);

    private static IResult TooLarge(AttachmentService attachments) =>
        Results.Problem(statusCode: 413, title: "文件过大", detail: $"文件过大：单个附件不能超过 {AttachmentService.FormatSize(attachments.MaxBytes)}。");

    private static IResult MissingHeader() =>
        GovernanceApi.Problem($"请求须带 {RequestedWithHeader} 请求头（例如 {RequestedWithHeader}: XMLHttpRequest）。");
}
