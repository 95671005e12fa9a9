using Bunit;
using MudBlazor.Services;

namespace Governance.Tests.Web;

/// <summary>
/// A bUnit context for MudBlazor components: loose JS interop (MudBlazor calls JS freely) and the Mud services.
/// Disposed asynchronously, because some MudBlazor services are only <see cref="IAsyncDisposable"/>.
/// </summary>
public abstract class BunitTestContext : BunitContext, IAsyncLifetime
{
    private bool _disposedAsync;

    protected BunitTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        // WaitFor… on a loaded 2-core machine: 1 s (bUnit's default) and even 5–10 s were flaky.
        DefaultWaitTimeout = TimeSpan.FromSeconds(30);
        Services.AddMudServices();
        Governance.Web.WebSetup.AddChineseMudText(Services); // as the app does
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _disposedAsync = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (!_disposedAsync) base.Dispose(disposing);
    }
}
