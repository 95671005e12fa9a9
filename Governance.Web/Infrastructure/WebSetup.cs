using System.Security.Claims;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Web.Api;
using Governance.Web.Components;
using Governance.Web.Features.Admin;
using Governance.Workflows;
using Governance.Workflows.Calendar;
using Governance.Workflows.Deadlines;
using Governance.Workflows.Engine;
using Governance.Workflows.Figures;
using Governance.Workflows.Identity;
using Governance.Workflows.Notifications;
using Governance.Workflows.Registers;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;

namespace Governance.Web;

public static class WebSetup
{
    public const string ApiPolicy = "ApiKeyOrUser";
    /// <summary>Machine callers only (the public site, the 12345 platform): an X-Api-Key, never a browser cookie.</summary>
    public const string ApiKeyPolicy = "ApiKeyOnly";

    public static string DataDirectory(IConfiguration config, IHostEnvironment env) =>
        Path.GetFullPath(config["Storage:DataDirectory"] ?? "App_Data", env.ContentRootPath);

    /// <summary>
    /// MudBlazor's built-in words (accessible names of picker, close, pager, nav-group buttons) in Chinese, even on a server
    /// whose culture is English. Call after AddMudServices.
    /// </summary>
    public static IServiceCollection AddChineseMudText(this IServiceCollection services)
    {
        services.AddTransient<MudBlazor.MudLocalizer, ChineseMudLocalizer>();
        services.AddLocalizationInterceptor(sp => new MudBlazor.DefaultLocalizationInterceptor(
            sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<MudBlazor.MudLocalizer>()) { IgnoreDefaultEnglish = true });
        return services;
    }

    public static WebApplicationBuilder AddGovernanceWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var dataDir = DataDirectory(builder.Configuration, builder.Environment);
        Directory.CreateDirectory(dataDir);
        // Database:Provider — Sqlite (the default: one node, the file below) or Postgres (ConnectionStrings:Governance; several nodes).
        var database = Database(builder.Configuration, dataDir);
        services.AddGovernanceData(database.Provider, database.ConnectionString);
        if (!database.IsSqlite)
        {
            // Several nodes: live updates and cache invalidations travel over LISTEN/NOTIFY (before AddGovernanceWorkflows,
            // which TryAdds the in-process one).
            services.AddSingleton(sp => new Governance.Workflows.Notifications.PostgresClusterEvents(database.ConnectionString,
                sp.GetRequiredService<ILogger<Governance.Workflows.Notifications.PostgresClusterEvents>>()));
            services.AddSingleton<Governance.Workflows.Notifications.IClusterEvents>(sp =>
                sp.GetRequiredService<Governance.Workflows.Notifications.PostgresClusterEvents>());
            services.AddHostedService(sp => sp.GetRequiredService<Governance.Workflows.Notifications.PostgresClusterEvents>());
        }
        services.AddGovernanceWorkflows();
        // Attachments outside wwwroot, served only through the authorized download endpoint. Several nodes share one folder
        // (Storage:AttachmentsDirectory on a shared volume).
        services.AddSingleton(new Governance.Workflows.Attachments.AttachmentStorageOptions
        {
            RootDirectory = Path.GetFullPath(builder.Configuration["Storage:AttachmentsDirectory"] ?? "files", dataDir),
        });
        builder.AddGovernanceOperations(dataDir, database);

        var keys = services.AddDataProtection().SetApplicationName("Governance");
        if (database.IsSqlite)
            // The keys that protect the sign-in and antiforgery cookies live with the data, not in the service account's home
            // (which a system service may not have): sessions survive a restart, and a backup of the data folder holds them.
            keys.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDir, "keys")));
        else
            // Several nodes: one key ring in the database, so a cookie issued by one node is read by every other.
            keys.PersistKeysToDbContext<PostgresGovernanceDbContext>();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(c =>
        {
            c.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.TopCenter;
            c.SnackbarConfiguration.VisibleStateDuration = 4000;
        });
        services.AddChineseMudText();
        services.AddCascadingAuthenticationState();
        // Open circuits re-check their user every minute (disabled, password/roles changed, idle): see SessionLifetime.cs.
        services.AddOptions<SessionLifetimeOptions>();
        services.AddScoped<CircuitActivity>();
        services.AddSingleton<SessionCheck>();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SessionRevalidatingStateProvider>();
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentActor>();
        services.Configure<SignInThrottleOptions>(builder.Configuration.GetSection("Security:SignInThrottle"));
        services.AddSingleton<SignInThrottle>();
        services.AddProblemDetails();
        // Behind a TLS reverse proxy: forwarded headers from the configured proxies only; HSTS when set (ReverseProxy.cs).
        services.AddGovernanceReverseProxy(builder.Configuration);
        // Cookies are Secure when the browser's request was HTTPS (the proxy's X-Forwarded-Proto, once believed).
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        // Malformed requests to minimal API endpoints throw BadHttpRequestException in every environment, so that
        // ApiErrorMiddleware answers them with a Chinese 400 (not an empty body, not a stack trace).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Chinese text in server-rendered HTML as characters, not &#x…; entities.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));

        // Identity: local accounts only (no self-registration), lockout after 5 failures, passwords ≥ 8 characters.
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
                o.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<GovernanceDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<GovernanceClaimsFactory>()
            .AddErrorDescriber<ChineseIdentityErrorDescriber>()
            .AddDefaultTokenProviders();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            o.Cookie.Name = "gov.auth";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // Idle sign-out: the ticket lives for the idle timeout (an Admin setting, read at each sign-in) and slides.
            o.ExpireTimeSpan = TimeSpan.FromMinutes(Governance.Workflows.Settings.SessionSettings.DefaultIdleMinutes);
            o.SlidingExpiration = true;
            o.Events.OnSigningIn = SessionCookie.OnSigningInAsync;
            // API calls get status codes, not redirects.
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser())
            .AddPolicy(ApiKeyPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireClaim(ApiKeyAuthenticationHandler.ClientClaim))
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin));

        // Hangfire: SQLite storage in App_Data, or the portal's PostgreSQL database (schema hangfire) shared by every node's
        // server (InMemory in tests); jobs are idempotent, deadlines are our own rows.
        var storage = HangfireStorage(builder.Configuration, database);
        services.AddHangfire((sp, c) =>
        {
            c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (storage == "InMemory") c.UseInMemoryStorage();
            else if (storage == "PostgreSql")
                c.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(database.ConnectionString), new Hangfire.PostgreSql.PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire",
                    QueuePollInterval = TimeSpan.FromSeconds(2),
                    PrepareSchemaIfNecessary = true,
                });
            else c.UseSQLiteStorage(Path.Combine(dataDir, "hangfire.db"), new SQLiteStorageOptions
            {
                QueuePollInterval = TimeSpan.FromSeconds(2),
            });
        });
        if (builder.Configuration.GetValue("Hangfire:Server", true))
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = 2;
                o.SchedulePollingInterval = TimeSpan.FromSeconds(5);
                // One server per node; the dashboard tells them apart by machine and process.
                o.ServerName = $"governance:{Environment.MachineName}:{Environment.ProcessId}";
            });
        return builder;
    }

    /// <summary>The database the settings name; a clear Chinese message when PostgreSQL is chosen without a connection string.</summary>
    public static DatabaseConnection Database(IConfiguration config, string dataDirectory)
    {
        var provider = DatabaseProviders.Parse(config["Database:Provider"]);
        if (provider == DatabaseProvider.Sqlite)
        {
            var path = Path.GetFullPath(config["Database:Path"] ?? Path.Combine(dataDirectory, "governance.db"));
            return new DatabaseConnection(provider, DataServiceCollectionExtensions.SqliteConnectionString(path)) { SqlitePath = path };
        }
        var cs = config.GetConnectionString("Governance");
        if (string.IsNullOrWhiteSpace(cs))
            throw new InvalidOperationException(
                "Database:Provider 为 Postgres 时须设置连接字符串 ConnectionStrings:Governance（环境变量 ConnectionStrings__Governance），" +
                "例如 Host=127.0.0.1;Port=5432;Database=governance;Username=governance;Password=…");
        return new DatabaseConnection(provider, cs);
    }

    /// <summary>Setting Hangfire:Storage; by default the database's own kind.</summary>
    public static string HangfireStorage(IConfiguration config, DatabaseConnection database) =>
        config["Hangfire:Storage"] ?? (database.IsSqlite ? "SQLite" : "PostgreSql");

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        // API calls get the status code; ApiErrorMiddleware then writes the Chinese ProblemDetails body once every
        // scheme has challenged (the API policy challenges the cookie and the API-key scheme in turn).
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/hangfire"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Applies migrations (never EnsureCreated), seeds reference data, and demo data in Development.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        // Every workflow's rules must be registered: fail at start, never at the first action.
        _ = app.Services.GetRequiredService<WorkflowRuntime>();
        await using var scope = app.Services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<GovernanceDbContext>>();
        await using (var db = await factory.CreateDbContextAsync()) await db.Database.MigrateAsync();
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        var demo = app.Environment.IsDevelopment() || app.Configuration.GetValue<bool>("Seed:Demo");
        if (demo && app.Environment.IsProduction())
        {
            // The demo accounts' password is in the README: never on a production server.
            app.Logger.LogWarning("Seed:Demo is ignored in Production (演示数据不写入生产环境).");
            demo = false;
        }
        if (demo)
            await seeder.SeedDemoAsync(app.Configuration["Api:DemoKey"]);
        else
            await seeder.SeedReferenceDataAsync();
    }

    /// <summary>Options of the verbs themselves, kept from the host's command-line configuration (which would take
    /// <c>--force</c> as a key and the next argument as its value).</summary>
    private static readonly string[] VerbFlags = [CreateAdminCommand.ForceFlag];

    /// <summary>The command line as the host should read it: without the verbs' own flags.</summary>
    public static string[] HostArguments(string[] args) => IsVerb(args) ? [.. args.Where(a => !VerbFlags.Contains(a))] : args;

    /// <summary>The verbs of this file; <see cref="OperationsVerbs.Usage"/> follows it.</summary>
    public const string Usage = """
        用法 (usage): dotnet run --project Governance.Web [-- <命令>]   或发布后: dotnet Governance.Web.dll [<命令>]
          (无命令)         启动门户 / run the portal
          migrate          应用数据库迁移后退出 / apply migrations and exit
          create-admin <用户名> [--force]
                           创建系统管理员，密码从标准输入或环境变量 GOVERNANCE_ADMIN_PASSWORD 读取，首次登录须修改；
                           已有启用的管理员时须加 --force / create an administrator
          seed-demo        写入演示单位、用户与 API 密钥（幂等；生产环境拒绝）/ seed demo data (not in Production)
          sweep            立即运行一次到期提醒扫描与栏目巡检（与后台任务相同，可与其他节点同时运行）/ run the sweeps once
          seed-volume [--years 3]
                           写入一个县若干年的业务量（每三年约 10 万条留言、2 万个整改问题、5 万篇信息、5000 个专栏申请，
                           含流转记录、时限与提醒；幂等；生产环境拒绝）/ seed a county's realistic years (not in Production)

        """;

    /// <summary>`migrate`, `create-admin` and `seed-demo`: run and exit. Returns null when the first argument is no verb.</summary>
    public static async Task<int?> RunVerbAsync(this WebApplication app, string[] args)
    {
        // Only a bare first word is a verb: host options (--urls, --environment, --contentRoot, --Key=Value) reach the host.
        var verb = IsVerb(args) ? args[0] : null;
        switch (verb)
        {
            case null:
                return null;
            case "migrate":
                await using (var scope = app.Services.CreateAsyncScope())
                await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync())
                {
                    await db.Database.MigrateAsync();
                }
                Console.WriteLine("数据库迁移完成 (migrations applied).");
                return 0;
            case CreateAdminCommand.Verb:
                return await CreateAdminCommand.RunAsync(app.Services, args);
            case "seed-demo":
                if (app.Environment.IsProduction())
                {
                    Console.Error.WriteLine("生产环境（Production）不能写入演示数据：演示账号的密码是公开的。"
                        + "请用 create-admin 创建系统管理员，再由管理员在“用户管理”中创建用户。未做任何更改。");
                    return 1;
                }
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync())
                        await db.Database.MigrateAsync();
                    await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedDemoAsync(app.Configuration["Api:DemoKey"]);
                }
                Console.WriteLine("演示数据已就绪 (demo data seeded).");
                return 0;
            case "sweep":
                // The same jobs Hangfire runs (deadline reminders, the register's staleness sweep), once, now. Safe beside the
                // running portal and on several nodes at once: each reminder is claimed by one sweep only.
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var sent = await scope.ServiceProvider.GetRequiredService<DeadlineSweep>().RunAsync(CancellationToken.None);
                    await scope.ServiceProvider.GetRequiredService<ColumnStalenessSweep>().RunAsync(CancellationToken.None);
                    Console.WriteLine($"扫描完成：发送到期提醒 {sent} 条 (sweeps done, reminders sent: {sent}).");
                }
                return 0;
            case VolumeCommand.Verb:
                return await VolumeCommand.RunAsync(app, args);
            case "audit":
                return await OperationsVerbs.AuditAsync(app, args);
            case "backup":
                return await OperationsVerbs.BackupAsync(app);
            case "restore":
                return await OperationsVerbs.RestoreAsync(app, args);
            default:
                Console.Error.WriteLine($"未知命令: {verb}");
                Console.Error.Write(Usage);
                Console.Error.WriteLine(OperationsVerbs.Usage);
                return 2;
        }
    }

    /// <summary>Assemblies besides the app's that registered workflow modules (their pages are routable too).</summary>
    public static IReadOnlyList<System.Reflection.Assembly> ModuleAssemblies(WorkflowModules modules) =>
        modules.All.Select(m => m.GetType().Assembly).Where(a => a != typeof(WebSetup).Assembly && a != typeof(WorkflowModule).Assembly)
            .Distinct().ToList();

    /// <summary>Whether the command line starts with a verb (a bare word) rather than host options.</summary>
    public static bool IsVerb(string[] args) => args.Length > 0 && args[0].Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=');

    public static WebApplication UseGovernanceWeb(this WebApplication app)
    {
        app.UseGovernanceReverseProxy();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        // /api: Chinese ProblemDetails for every error in every environment (inside the developer exception page).
        app.UseWhen(ApiErrorMiddleware.IsApi, a => a.UseMiddleware<ApiErrorMiddleware>());
        app.UseMiddleware<ApiOriginCheckMiddleware>();
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/Error", createScopeForErrors: true);
        // A wrong address gets the not-found page. Not inside UseWhen: a branch does not carry the global route builder,
        // and the re-executed request found no endpoint (an empty 404). API callers get their status codes and
        // ProblemDetails, not the HTML page: the feature is switched off for them.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.Use((ctx, next) =>
        {
            if ((ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/hangfire"))
                && ctx.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
                pages.Enabled = false;
            return next(ctx);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<MustChangePasswordMiddleware>();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode()
            .AddAdditionalAssemblies([.. ModuleAssemblies(app.Services.GetRequiredService<WorkflowModules>())]);
        app.MapAccountEndpoints();
        app.MapGovernanceApi();
        FeatureEndpoints.MapAll(app);
        app.MapDictionaryEndpoints();
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdminDashboardFilter()],
            DashboardTitle = "后台任务",
            IgnoreAntiforgeryToken = false,
        });
        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        jobs.AddOrUpdate<DeadlineSweep>("deadline-sweep", s => s.RunAsync(CancellationToken.None),
            app.Configuration["Hangfire:SweepCron"] ?? Cron.Minutely());
        // Every minute: the e-mails the notifications queued (Admin → 邮件通知; nothing while mail is off).
        jobs.AddOrUpdate<Governance.Workflows.Mail.MailOutboxJob>("mail-outbox", j => j.RunAsync(CancellationToken.None),
            app.Configuration["Mail:Cron"] ?? Cron.Minutely());
        app.ScheduleOperationsJobs();
        // Daily at 00:05 China time (16:05 UTC the day before): the register's staleness sweep (第13条) and the steps the
        // workflows add to it.
        jobs.AddOrUpdate<ColumnStalenessSweep>("column-sweep", s => s.RunAsync(CancellationToken.None),
            app.Configuration["Hangfire:ColumnSweepCron"] ?? "5 16 * * *");
        // Hourly, and at once after the working-day calendar changes (it drops the message figures): the day figures of
        // settled items for the days not built yet (docs/ARCHITECTURE.md, "Day figures"). Safe to run twice.
        jobs.AddOrUpdate<DayFigures>("day-figures", f => f.RunAsync(CancellationToken.None), app.Configuration["Hangfire:DayFiguresCron"] ?? "20 * * * *");
        var background = app.Services.GetRequiredService<IBackgroundJobClient>();
        app.Services.GetRequiredService<IClusterEvents>().Subscribe(CalendarStore.Topic,
            _ => background.Enqueue<DayFigures>(f => f.RunAsync(CancellationToken.None)));
        return app;
    }
}

/// <summary>/hangfire for Admin only: 401 when not signed in, 403 for other roles.</summary>
internal sealed class AdminDashboardFilter : Hangfire.Dashboard.IDashboardAuthorizationFilter
{
    public bool Authorize(Hangfire.Dashboard.DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && user.IsInRole(Roles.Admin);
    }
}

/// <summary>A user whose password was set by Admin must choose a new one before anything else.</summary>
internal sealed class MustChangePasswordMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext ctx)
    {
        if (ctx.User.FindFirstValue(GovernanceClaimsFactory.MustChangePassword) == "true"
            && !ctx.Request.Path.StartsWithSegments("/account") && !ctx.Request.Path.StartsWithSegments("/_framework")
            && !ctx.Request.Path.StartsWithSegments("/_content") && !ctx.Request.Path.StartsWithSegments("/api")
            && !Path.HasExtension(ctx.Request.Path.Value))
        {
            ctx.Response.Redirect("/account/change-password");
            return Task.CompletedTask;
        }
        return next(ctx);
    }
}
