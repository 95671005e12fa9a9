using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Engine;
using Governance.Workflows.PreCheck;

namespace Governance.Web.Features.CitizenMessages;

/// <summary>
/// W3's machine API (第12条, 第19条(五)): the public site and the 12345 platform post messages with their X-Api-Key, and
/// pull what is published. Bad input is a Chinese ProblemDetails per field (400), a missing or unknown key 401, more than
/// 64 KB 413; a 201 or 200 means the message is committed.
/// </summary>
public sealed class MessageApi : IFeatureEndpoints
{
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly string[] Fields = ["sourceRef", "title", "content", "category", "citizenName", "citizenPhone", "citizenEmail", "receivedAt"];

    public void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/messages").RequireAuthorization(WebSetup.ApiKeyPolicy);
        api.MapPost("", IntakeAsync);
        api.MapGet("/published", PublishedAsync);
    }

    private static async Task<IResult> IntakeAsync(HttpRequest request, CitizenMessageService service, TimeProvider time, CancellationToken ct)
    {
        if (request.ContentLength is > MaxBodyBytes) return TooLarge();
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes) return TooLarge();
        }
        var (intake, shapeErrors) = Parse(buffer.ToArray());
        if (intake is null) return Invalid(shapeErrors);
        var (valid, errors) = MessageValidator.Validate(intake, time.GetUtcNow().UtcDateTime);
        if (valid is null) return Invalid(errors);
        var client = request.HttpContext.User.FindFirstValue(ApiKeyAuthenticationHandler.ClientClaim) ?? "api";
        var result = await service.IntakeAsync(Actor.System("api:" + client, client + "接口"), client, valid, ct);
        var body = new
        {
            id = result.Id, sourceRef = result.SourceRef, state = result.State, receivedAt = ChinaTime.Iso(result.ReceivedAtUtc),
            dispatchDueAt = result.DispatchDueAtUtc is { } due ? ChinaTime.Iso(due) : null,
        };
        return result.Created ? Results.Created($"/api/v1/messages/{result.Id}", body) : Results.Ok(body);
    }

    /// <summary>Reads the JSON object field by field, so that a wrong type is named (e.g. "title 须为字符串").</summary>
    private static (MessageIntake? Intake, Dictionary<string, string> Errors) Parse(byte[] body)
    {
        var errors = new Dictionary<string, string>();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            errors[""] = "请求体须为 JSON 对象：{\"sourceRef\",\"title\",\"content\",\"category\",\"citizenName\",\"citizenPhone\",\"citizenEmail\",\"receivedAt\"}。";
            return (null, errors);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors[""] = "请求体须为 JSON 对象。";
                return (null, errors);
            }
            var values = new Dictionary<string, string?>();
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                var name = Fields.FirstOrDefault(f => string.Equals(f, p.Name, StringComparison.OrdinalIgnoreCase));
                if (name is null) continue;
                if (p.Value.ValueKind == JsonValueKind.String) values[name] = p.Value.GetString();
                else if (p.Value.ValueKind == JsonValueKind.Null) values[name] = null;
                else errors[name] = $"{name} 须为字符串";
            }
            if (errors.Count > 0) return (null, errors);
            return (new MessageIntake
            {
                SourceRef = values.GetValueOrDefault("sourceRef"), Title = values.GetValueOrDefault("title"), Content = values.GetValueOrDefault("content"),
                Category = values.GetValueOrDefault("category"), CitizenName = values.GetValueOrDefault("citizenName"),
                CitizenPhone = values.GetValueOrDefault("citizenPhone"), CitizenEmail = values.GetValueOrDefault("citizenEmail"),
                ReceivedAt = values.GetValueOrDefault("receivedAt"),
            }, errors);
        }
    }

    /// <summary>
    /// The public feed: replied messages and their replies without personal data, ordered by reply time then id.
    /// Resume with the <c>next</c> link (<c>since</c> = last reply time, <c>after</c> = last id).
    /// </summary>
    private static async Task<IResult> PublishedAsync(string? since, string? after, string? pageSize, CitizenMessageService service,
        PreCheckEngine engine, CancellationToken ct)
    {
        DateTime? sinceUtc = null;
        if (!string.IsNullOrWhiteSpace(since))
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.None, out var s) || !since.Contains('T', StringComparison.Ordinal))
                return Invalid(new() { ["since"] = "since 须为带时区的 ISO 8601 时间，例如 2026-03-02T09:30:00+08:00" });
            sinceUtc = s.UtcDateTime;
        }
        long afterId = 0;
        if (!string.IsNullOrWhiteSpace(after) && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterId)))
            return Invalid(new() { ["after"] = "after 须为非负整数（上一页最后一条的 id）" });
        var size = 50;
        if (!string.IsNullOrWhiteSpace(pageSize) && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > 200))
            return Invalid(new() { ["pageSize"] = "pageSize 须为 1 至 200 之间的整数" });
        var (items, nextSince, nextAfter) = await service.PublishedAsync(sinceUtc, afterId, size, engine, ct);
        string? next = nextSince is { } n
            ? $"/api/v1/messages/published?since={Uri.EscapeDataString(ChinaTime.IsoExact(n))}&after={nextAfter}&pageSize={size}" : null;
        return Results.Ok(new { items, next });
    }

    private static IResult Invalid(Dictionary<string, string> errors) =>
        Results.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value }), title: "请求参数错误",
            detail: string.Join("；", errors.Values));

    private static IResult TooLarge() =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "请求内容过大", detail: $"留言请求体不能超过 {MaxBodyBytes / 1024} KB。");
}
