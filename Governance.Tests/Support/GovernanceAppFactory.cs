using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Support;

/// <summary>
/// The real app (Program) on a real SQLite file in a temp folder, real Identity, a real Hangfire server on in-memory
/// storage. <see cref="StartKestrel"/> serves it on loopback for the browser tests.
/// </summary>
public sealed class GovernanceAppFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "gov-tests-" + Guid.NewGuid().ToString("N")[..10]);
    public const string ApiKey = "test-api-key-0123456789";
    private bool _kestrel;

    /// <summary>More registrations for this app instance (e.g. a workflow module only the tests know).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseStaticWebAssets(); // blazor.web.js, MudBlazor and wwwroot/lib outside Development
        // UseSetting (not ConfigureAppConfiguration): Program reads these before Build().
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Hangfire:Storage", "InMemory");
        builder.UseSetting("Seed:Demo", "true");
        builder.UseSetting("Api:DemoKey", ApiKey);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (ConfigureServices is { } configure) builder.ConfigureServices(configure);
        if (_kestrel) UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Starts the app on real Kestrel and returns its base address (http://localhost:port).</summary>
    public Uri StartKestrel()
    {
        _kestrel = true;
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // localhost rather than 127.0.0.1 (STACK.md: scripts behave on localhost).
        return new Uri(address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
    }

    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the real login form (antiforgery token and all); returns the response of the post.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password = "Fufeng@2026")
    {
        var page = await client.GetStringAsync("/account/login");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.UserName"] = userName, ["Input.Password"] = password,
        });
        return await client.PostAsync("/account/login", form);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>App instances share Hangfire's global configuration: never run them in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AppCollection
{
    public const string Name = "App";
}
