using System.Globalization;
using Governance.Workflows.Calendar;
using System.Text.Json;
using System.Text.Json.Nodes;
using Governance.Workflows.Engine;
using Governance.Workflows.PreCheck;
using Governance.Workflows.Text;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Web.Api;

/// <summary>The JSON API (/api/v1): API key (X-Api-Key) or a signed-in user; bad input gets a Chinese ProblemDetails.</summary>
internal static class GovernanceApi
{
    public static void MapGovernanceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(WebSetup.ApiPolicy);

        // 第12条 depends on it: "N working days from day D" (D not counted), due at 23:59:59 China Standard Time.
        api.MapGet("/calendar/due", async (string? from, string? workingDays, CalendarStore calendars, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(from) || !DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return Problem("参数 from 须为 YYYY-MM-DD 格式的日期，例如 2026-02-13。");
            if (d.Year is < 2000 or > 2100) return Problem("参数 from 须在 2000 年至 2100 年之间。");
            if (string.IsNullOrWhiteSpace(workingDays) || !int.TryParse(workingDays, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 365)
                return Problem("参数 workingDays 须为 1 至 365 之间的整数。");
            var cal = await calendars.GetAsync(ct);
            var due = cal.DueAt(d, n);
            return Results.Ok(new
            {
                from = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                workingDays = n,
                dueAt = due.DueAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                calendarKnown = due.CalendarKnown,
                note = due.CalendarKnown ? null : "所涉年份尚未录入节假日安排，仅按周末计算。",
            });
        });

        api.MapPost("/precheck", PreCheckAsync);

        app.MapAttachmentApi();

        // Each workflow's read API, from its module descriptor: GET /api/v1/{segment}/{id}. Another unit's item is 404.
        var modules = app.ServiceProvider.GetRequiredService<WorkflowModules>();
        foreach (var module in modules.All)
        {
            api.MapGet($"/{module.ApiSegment}/{{id:long}}", async (long id, HttpContext http, WorkflowRuntime runtime, CancellationToken ct) =>
            {
                if (GovernanceClaimsFactory.ToActor(http.User) is not { } actor) return SignedInUserOnly();
                var item = await runtime.LoadAsync(id, actor, ct);
                if (item is null || item.Instance.DefinitionKey != module.Key) return NotFound();
                var fields = await module.ReadForApiAsync(http.RequestServices, item, actor, ct);
                var body = Summary(item);
                if (fields is not null && JsonSerializer.SerializeToNode(fields, Json) is JsonObject extra)
                    foreach (var (k, v) in extra.ToList()) body[k] = v?.DeepClone();
                return Results.Json(body, Json);
            }).WithName("read-" + module.Name);
        }

        // Any item's state and version (for scripts that then fire one action); another unit's item is 404.
        api.MapGet("/instances/{id:long}", async (long id, HttpContext http, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            if (GovernanceClaimsFactory.ToActor(http.User) is not { } actor) return SignedInUserOnly();
            var item = await runtime.LoadAsync(id, actor, ct);
            return item is null ? NotFound() : Results.Json(Summary(item), Json);
        });

        // Fire a trigger (one item per call: no bulk approval anywhere).
        api.MapPost("/instances/{id:long}/fire", async (long id, HttpRequest request, HttpContext http, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            if (GovernanceClaimsFactory.ToActor(http.User) is not { } actor) return SignedInUserOnly();
            var (body, error) = await ApiJson.ReadAsync<FireRequest>(request, MaxFireBytes, FireShape, ct);
            if (body is null) return error!;
            if (string.IsNullOrWhiteSpace(body.Trigger)) return Problem("请指定操作 trigger。");
            // Without a version the caller has not seen the item's current state: a 400, not a misleading 409.
            if (body.Version is not { } version) return Problem("请提供 version（事项当前版本号，可由 GET /api/v1/instances/{id} 获得）。");
            if (body.Fields is { Count: > 50 }) return Problem("fields 字段过多（上限 50 个）。");
            // Plain text only: no bidi overrides or invisible characters in comments and dialog fields.
            var fields = body.Fields?.ToDictionary(f => PlainText.CleanLine(f.Key), f => PlainText.CleanOrNull(f.Value));
            var result = await runtime.FireAsync(id, version, PlainText.CleanLine(body.Trigger), actor,
                new FireInput(PlainText.CleanOrNull(body.Comment), fields), ct);
            return result.Status switch
            {
                FireStatus.Applied => Results.Ok(new { state = result.NewState, version = result.NewVersion }),
                FireStatus.NotFound => NotFound(),
                FireStatus.Conflict => Results.Problem(statusCode: 409, title: result.Message),
                FireStatus.Forbidden => Results.Problem(statusCode: 403, title: result.Message),
                _ => Results.ValidationProblem(result.FieldErrors?.ToDictionary(k => k.Key, v => new[] { v.Value }) ?? [], title: result.Message),
            };
        });
    }

    private const int MaxFireBytes = 256 * 1024;
    private const string FireShape = "{\"trigger\": \"操作\", \"version\": 版本号, \"comment\": \"意见\", \"fields\": {\"名称\": \"值\"}}。";

    private const int MaxPreCheckBytes = 2 * 1024 * 1024;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// 机器预审: the same engine the editing screen uses. The body is read and parsed here so that malformed or oversized
    /// input gets a Chinese ProblemDetails (400), never a 500.
    /// </summary>
    private static async Task<IResult> PreCheckAsync(HttpRequest request, PreCheckEngine engine, PreCheckRulesProvider rules, CancellationToken ct)
    {
        if (request.ContentLength is > MaxPreCheckBytes) return Problem("请求内容过大（上限 2 MB）。");
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxPreCheckBytes) return Problem("请求内容过大（上限 2 MB）。");
        }
        PreCheckRequest? body;
        try
        {
            body = JsonSerializer.Deserialize<PreCheckRequest>(buffer.ToArray(), Json);
        }
        catch (JsonException)
        {
            return Problem("请求体须为 JSON 对象：{\"title\",\"body\",\"category\",\"origin\",\"sourceOrg\",\"hasMap\",\"mapApprovalNo\",\"hasInterpretation\"}。");
        }
        if (body is null) return Problem("请求体不能为空。");
        if (string.IsNullOrWhiteSpace(body.Title) && string.IsNullOrWhiteSpace(body.Body)) return Problem("标题和正文不能同时为空。");
        var result = engine.Check(new PreCheckInput(body.Title, body.Body, body.Category, body.Origin, body.SourceOrg, body.HasMap,
            body.MapApprovalNo, body.HasInterpretation), await rules.GetAsync(ct));
        return Results.Ok(new
        {
            blocking = result.Blocking,
            title = result.Title,
            text = result.Text,
            hits = result.Hits.Select(h => new
            {
                rule = h.Rule, severity = h.Severity, field = h.Field, start = h.Start, length = h.Length, match = h.Match,
                message = h.Message, suggestion = h.Suggestion,
            }),
        });
    }

    internal sealed record PreCheckRequest(string? Title, string? Body, string? Category, string? Origin, string? SourceOrg, bool HasMap,
        string? MapApprovalNo, bool HasInterpretation);

    /// <summary>What every workflow's item shows in the API: identity, state, version, units, deadline, the actions one may take.</summary>
    private static JsonObject Summary(ItemView item)
    {
        var i = item.Instance;
        return new JsonObject
        {
            ["id"] = i.Id, ["number"] = i.Number, ["workflow"] = i.DefinitionKey, ["title"] = i.Title, ["state"] = i.State,
            ["stateName"] = item.StateName, ["version"] = i.Version, ["unit"] = item.OwnerUnitName, ["handlingUnit"] = item.HandlingUnitName,
            ["dueAt"] = item.OpenDeadline is { } d ? ChinaTime.Iso(d.DueAtUtc) : null,
            ["actions"] = new JsonArray(item.Actions.Where(a => a.IsEnabled).Select(a => (JsonNode?)JsonValue.Create(a.Trigger)).ToArray()),
        };
    }

    /// <summary>An API key names no person and no unit: reading items and acting on them need a signed-in user.</summary>
    private static IResult SignedInUserOnly() =>
        Results.Problem(statusCode: 403, title: "无权操作", detail: "查看或办理事项须以登录用户身份进行，API 密钥不能办理事项。");

    private static IResult NotFound() => Results.Problem(statusCode: 404, title: FireResult.NotFoundMessage);

    internal static IResult Problem(string detail) =>
        Results.Problem(statusCode: 400, title: "请求参数错误", detail: detail);

    internal sealed record FireRequest(string? Trigger, int? Version, string? Comment, Dictionary<string, string?>? Fields);
}
