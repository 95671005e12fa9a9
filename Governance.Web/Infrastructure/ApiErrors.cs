using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Web;

/// <summary>
/// Every error under /api, in every environment, is a Chinese ProblemDetails (application/problem+json) without
/// internals: no exception type, message or stack trace, only a trace id to find the log entry. Malformed requests
/// (<see cref="BadHttpRequestException"/>: bad JSON, wrong content type, body too large) are 4xx, not 500; responses
/// that would leave with an empty error body (401/403 challenges, 404, 405 …) get one.
/// </summary>
internal sealed class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public static bool IsApi(HttpContext ctx) => ctx.Request.Path.StartsWithSegments("/api");

    public async Task InvokeAsync(HttpContext ctx)
    {
        try
        {
            await next(ctx);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            return; // the client went away
        }
        catch (Exception ex) when (!ctx.Response.HasStarted)
        {
            var status = ex switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                JsonException or FormatException => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status500InternalServerError,
            };
            if (status >= 500) logger.LogError(ex, "API 请求处理失败 {Method} {Path}", ctx.Request.Method, ctx.Request.Path);
            else logger.LogInformation("API 请求格式错误 {Method} {Path}: {Message}", ctx.Request.Method, ctx.Request.Path, ex.Message);
            ctx.Response.Clear();
            await WriteAsync(ctx, status, DetailFor(status));
            return;
        }
        if (ctx.Response.StatusCode >= 400 && !ctx.Response.HasStarted && ctx.Response.ContentLength is null
            && string.IsNullOrEmpty(ctx.Response.ContentType))
        {
            await WriteAsync(ctx, ctx.Response.StatusCode, DetailFor(ctx.Response.StatusCode));
        }
    }

    public static string TitleFor(int status) => status switch
    {
        400 => "请求参数错误",
        401 => "未登录或 API 密钥无效",
        403 => "无权执行此操作",
        404 => "资源不存在",
        405 => "不支持该请求方法",
        409 => "操作冲突",
        411 => "缺少请求长度",
        413 => "请求内容过大",
        415 => "不支持的内容类型",
        429 => "请求过于频繁",
        >= 500 => "服务器内部错误",
        _ => "请求失败",
    };

    private static string DetailFor(int status) => status switch
    {
        400 => "请求格式不正确：请求体须为有效的 JSON，字段类型须与接口说明一致。",
        401 => "请先登录，或在请求头 X-Api-Key 中提供有效的 API 密钥。",
        403 => "您没有执行此操作的权限。",
        404 => "请求的资源不存在，或您无权查看。",
        405 => "该地址不支持此请求方法。",
        413 => "请求内容超过上限。",
        415 => "请以 application/json 提交请求体。",
        >= 500 => "服务器处理请求时出错，请稍后重试；如持续出现请联系系统管理员并提供跟踪编号。",
        _ => "请求未能完成。",
    };

    public static Task WriteAsync(HttpContext ctx, int status, string detail)
    {
        ctx.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = TitleFor(status), Detail = detail };
        problem.Extensions["traceId"] = ctx.TraceIdentifier;
        return Results.Problem(problem).ExecuteAsync(ctx);
    }
}

/// <summary>Reads a JSON request body with a size limit and turns every way it can be wrong into a Chinese 400/413/415.</summary>
internal static class ApiJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, int maxBytes, string shape, CancellationToken ct)
        where T : class
    {
        if (!request.HasJsonContentType())
            return (null, Results.Problem(statusCode: 415, title: ApiErrorMiddleware.TitleFor(415), detail: "请以 application/json 提交请求体。"));
        if (request.ContentLength > maxBytes) return (null, TooLarge(maxBytes));
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes) return (null, TooLarge(maxBytes));
        }
        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options);
            return value is null ? (null, Api.GovernanceApi.Problem("请求体不能为空，须为 JSON 对象：" + shape)) : (value, null);
        }
        catch (JsonException)
        {
            return (null, Api.GovernanceApi.Problem("请求体须为 JSON 对象：" + shape));
        }
    }

    private static IResult TooLarge(int maxBytes) =>
        Results.Problem(statusCode: 413, title: ApiErrorMiddleware.TitleFor(413), detail: $"请求内容过大（上限 {maxBytes / 1024} KB）。");
}
