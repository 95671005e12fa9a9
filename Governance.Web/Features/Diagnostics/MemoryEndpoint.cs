using System.Diagnostics;
using System.Net;

namespace Governance.Web.Features.Diagnostics;

/// <summary>
/// For the capacity measurement only (docs/PERFORMANCE.md, <c>Governance.Benchmarks -- load</c>): with
/// <c>Diagnostics:MemoryEndpoint=true</c> and outside Production, <c>GET /diagnostics/memory</c> from loopback forces a full,
/// compacting GC and answers the managed heap and the process's resident set, so that memory per live circuit can be read
/// after a forced collection. Off by default; never mapped in Production; refused (404) to any other address.
/// </summary>
public sealed class MemoryEndpoint : IFeatureEndpoints
{
    public void Map(IEndpointRouteBuilder app)
    {
        var config = app.ServiceProvider.GetRequiredService<IConfiguration>();
        var env = app.ServiceProvider.GetRequiredService<IHostEnvironment>();
        if (!config.GetValue<bool>("Diagnostics:MemoryEndpoint") || env.IsProduction()) return;
        app.MapGet("/diagnostics/memory", (HttpContext http) =>
        {
            if (http.Connection.RemoteIpAddress is not { } ip || !IPAddress.IsLoopback(ip)) return Results.NotFound();
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            return Results.Ok(new { managedBytes = GC.GetTotalMemory(false), workingSetBytes = process.WorkingSet64 });
        }).AllowAnonymous();
    }
}
