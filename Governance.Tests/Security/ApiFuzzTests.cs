using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Governance.Data;
using Governance.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Security;

/// <summary>
/// At least 1,000 malformed requests per API endpoint (seeded, reproducible): bad JSON, wrong types, huge strings, control
/// and invisible characters, wrong content types, odd ids and queries. None may be a 500, and no row may be added.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ApiFuzzTests(DevelopmentAppFixture f) : IClassFixture<DevelopmentAppFixture>
{
    private const int PerEndpoint = 1000;

    private static readonly string[] Weird =
    [
        "", " ", "null", "true", "0", "-1", "1e309", "NaN", "\u0000", "\u001f\u0007", "\u200B\u202E\u2066", "\uFEFF{}", "\uD800",
        "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "%00", "\r\nSet-Cookie: a=b", "{{", "]]", "\"", "\\",
        "UnitApprove", "Submit", "Publish", "政策文件", "转载", "138\u200B1234\u200B5678",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "text/plain", "application/xml", "multipart/form-data",
        "application/x-www-form-urlencoded", "application/json; charset=utf-7", "", "*/*",
    ];

    private static string RandomText(Random r)
    {
        switch (r.Next(6))
        {
            case 0: return Weird[r.Next(Weird.Length)];
            case 1: return new string('字', r.Next(1, 70_000));
            case 2: return new string((char)r.Next(0, 0x20), r.Next(1, 50));
            default:
                var sb = new StringBuilder();
                for (int i = r.Next(0, 40); i > 0; i--) sb.Append((char)r.Next(0, 0xFFFF));
                return sb.ToString();
        }
    }

    private static string JsonString(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    private static object RandomValue(Random r) => r.Next(8) switch
    {
        0 => JsonString(RandomText(r)),
        1 => r.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
        2 => "[" + string.Join(",", Enumerable.Range(0, r.Next(5)).Select(_ => r.Next())) + "]",
        3 => "{\"a\":" + JsonString(RandomText(r)) + "}",
        4 => "null",
        5 => r.Next(2) == 0 ? "true" : "false",
        6 => "99999999999999999999999",
        _ => new string('[', r.Next(1, 200)),
    };

    private static HttpContent RandomBody(Random r, string[] fields)
    {
        string body = r.Next(5) switch
        {
            0 => RandomText(r),
            1 => "{" + string.Join(",", fields.Where(_ => r.Next(3) > 0).Select(k => JsonString(k) + ":" + RandomValue(r))) + "}",
            2 => "{" + string.Join(",", fields.Select(k => JsonString(k) + ":" + RandomValue(r))),                  // truncated
            3 => "[" + string.Join(",", fields.Select(_ => RandomValue(r))) + "]",
            _ => new string('{', r.Next(1, 2000)),
        };
        var content = new ByteArrayContent(r.Next(10) == 0 ? RandomBytes(r) : Encoding.UTF8.GetBytes(body));
        var type = ContentTypes[r.Next(ContentTypes.Length)];
        if (type.Length > 0 && MediaTypeHeaderValue.TryParse(type, out var parsed)) content.Headers.ContentType = parsed;
        return content;
    }

    private static byte[] RandomBytes(Random r)
    {
        var bytes = new byte[r.Next(1, 4096)];
        r.NextBytes(bytes);
        return bytes;
    }

    private static string RandomId(Random r) => r.Next(6) switch
    {
        0 => r.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
        1 => "-" + r.Next(),
        2 => "99999999999999999999999",
        // No NUL in a path: Kestrel refuses such a request line itself (400) and the in-process client throws before sending.
        3 => Uri.EscapeDataString(RandomText(r) is { Length: <= 200 } t ? t.Replace("\0", "", StringComparison.Ordinal) : "x"),
        4 => "0",
        _ => r.Next(1, 50).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string RandomGuid(Random r) => r.Next(3) == 0 ? Guid.NewGuid().ToString() : RandomId(r);

    private static string Q(Random r) => Uri.EscapeDataString(RandomText(r) is { Length: < 2000 } t ? t : "x");

    private async Task<Dictionary<string, int>> CountsAsync()
    {
        await using var db = await f.App.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        return new Dictionary<string, int>
        {
            ["instances"] = await db.WorkflowInstances.CountAsync(), ["journal"] = await db.JournalEntries.CountAsync(),
            ["audit"] = await db.AuditEntries.CountAsync(), ["attachments"] = await db.Attachments.CountAsync(),
            ["notifications"] = await db.Notifications.CountAsync(), ["content"] = await db.ContentItems.CountAsync(),
            ["columnRequests"] = await db.ColumnRequests.CountAsync(), ["deadlines"] = await db.Deadlines.CountAsync(),
        };
    }

    public static TheoryData<string> Endpoints => new()
    {
        "GET /api/v1/calendar/due", "POST /api/v1/precheck", "GET /api/v1/column-requests/{id}", "GET /api/v1/instances/{id}",
        "POST /api/v1/instances/{id}/fire", "GET /api/v1/instances/{id}/attachments", "POST /api/v1/instances/{id}/attachments",
        "DELETE /api/v1/attachments/{id}", "GET /attachments/{id}", "GET /admin/dictionary/export",
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task MalformedRequests_NeverA500_NothingStored(string endpoint)
    {
        // Seed from the endpoint's text (string.GetHashCode is randomized per process): the same requests every run.
        var r = new Random(endpoint.Aggregate(20261129, (h, c) => unchecked(h * 31 + c)));
        // Signed in as the observer (sees items, may change nothing) and with the API key: both doors are fuzzed.
        var user = await f.SignedInAsync("observer");
        var admin = await f.SignedInAsync("admin");
        var key = f.KeyClient();
        var before = await CountsAsync();
        var failures = new List<string>();
        for (int i = 0; i < PerEndpoint; i++)
        {
            var client = endpoint.Contains("dictionary", StringComparison.Ordinal) ? admin : r.Next(3) == 0 ? key : user;
            HttpRequestMessage request = endpoint switch
            {
                "GET /api/v1/calendar/due" => new(HttpMethod.Get, $"/api/v1/calendar/due?from={Q(r)}&workingDays={Q(r)}"),
                "POST /api/v1/precheck" => new(HttpMethod.Post, "/api/v1/precheck")
                    { Content = RandomBody(r, ["title", "body", "category", "origin", "sourceOrg", "hasMap", "mapApprovalNo", "hasInterpretation"]) },
                "GET /api/v1/column-requests/{id}" => new(HttpMethod.Get, $"/api/v1/column-requests/{RandomId(r)}"),
                "GET /api/v1/instances/{id}" => new(HttpMethod.Get, $"/api/v1/instances/{RandomId(r)}"),
                "POST /api/v1/instances/{id}/fire" => new(HttpMethod.Post, $"/api/v1/instances/{(r.Next(2) == 0 ? f.RequestId.ToString() : RandomId(r))}/fire")
                    { Content = RandomBody(r, ["trigger", "version", "comment", "fields"]) },
                "GET /api/v1/instances/{id}/attachments" => new(HttpMethod.Get, $"/api/v1/instances/{RandomId(r)}/attachments"),
                "POST /api/v1/instances/{id}/attachments" => new(HttpMethod.Post, $"/api/v1/instances/{(r.Next(2) == 0 ? f.RequestId.ToString() : RandomId(r))}/attachments")
                    { Content = RandomBody(r, ["file", "purpose"]) },
                "DELETE /api/v1/attachments/{id}" => new(HttpMethod.Delete, $"/api/v1/attachments/{RandomGuid(r)}"),
                "GET /attachments/{id}" => new(HttpMethod.Get, $"/attachments/{RandomGuid(r)}"),
                _ => new(HttpMethod.Get, $"/admin/dictionary/export?format={Q(r)}"),
            };
            if (r.Next(4) == 0) request.Headers.TryAddWithoutValidation("X-Requested-With", RandomText(r) is { Length: < 100 } h ? h : "x");
            var response = await client.SendAsync(request);
            if ((int)response.StatusCode >= 500) failures.Add($"#{i} {request.Method} {request.RequestUri} → {(int)response.StatusCode}");
        }
        Assert.Empty(failures.Take(10));
        Assert.Equal(before, await CountsAsync());
    }
}
