using Governance.Workflows.Calendar;
using Governance.Workflows.Deadlines;
using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.Engine;
using Governance.Workflows.Identity;
using Governance.Workflows.Notifications;
using Governance.Workflows.Registers;
using Governance.Workflows.Settings;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Governance.Workflows;

public static class WorkflowsServiceCollectionExtensions
{
    /// <summary>The workflow runtime, its definitions, calendar, deadlines, notifications and the workflows' services.</summary>
    public static IServiceCollection AddGovernanceWorkflows(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // The workflows: one line each (a module brings its definition, services, navigation, states' display, attachments, API).
        services.AddWorkflowModule(new ColumnRequestsModule());
        services.AddWorkflowModule(new Definitions.ContentReview.ContentReviewModule());
        services.AddWorkflowModule(new Definitions.CitizenMessages.CitizenMessagesModule());
        services.AddWorkflowModule(new Definitions.Rectification.RectificationModule());
        services.AddWorkflowModule(new Definitions.Accountability.AccountabilityModule());
        services.AddWorkflowModule(new Definitions.Duties.DutiesModule());
        // The circular, the annual assessment and the quarterly reminder (第20条(一)(二)): reports over the workflows' data.
        Definitions.Accountability.AccountabilityReports.AddAccountabilityReports(services);
        // Live updates and cache invalidations: in the process (SQLite); the web host puts PostgresClusterEvents first on PostgreSQL.
        services.TryAddSingleton<IClusterEvents, InProcessClusterEvents>();
        services.AddSingleton<ChangeFeed>();
        services.AddSingleton<CalendarStore>();
        services.AddSingleton<Figures.DayFigures>();
        services.AddSingleton<SettingsService>();
        services.AddSingleton<DeadlinePlanner>();
        services.AddSingleton<WorkflowRuntime>();
        services.AddSingleton<Inbox>();
        services.AddSingleton<SharedInboxPages>();
        services.AddSingleton<NotificationService>();
        // E-mail (Admin → 邮件通知): the outbox job sends what the notifications queued. The SMTP password is protected with
        // Data Protection; the host decides where its keys live (the web host: the data directory's keys/).
        services.AddDataProtection();
        services.AddSingleton<Mail.SmtpMailer>();
        services.AddSingleton<Mail.MailSettingsService>();
        services.AddSingleton<Mail.MailOutboxService>();
        services.AddTransient<Mail.MailOutboxJob>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton(sp => new PreCheck.PreCheckEngine(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<PreCheck.PreCheckRulesProvider>();
        services.AddSingleton<PreCheck.DictionaryAdminService>();
        // Needs an AuditAnchorOptions from the host (the anchors' folder outside the database).
        services.AddSingleton<Audit.AuditAnchorStore>();
        services.AddSingleton<Audit.AuditLog>();
        services.AddTransient<DeadlineSweep>();
        services.AddSingleton<ColumnRegister>();
        services.AddTransient<ColumnStalenessSweep>();
        services.AddSingleton<ColumnRegisterImport>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<Volume.VolumeSeeder>();
        services.AddSingleton<Admin.UnitService>();
        services.AddScoped<Admin.UserAdminService>();
        // Needs an AttachmentStorageOptions from the host (the folder outside wwwroot).
        services.AddSingleton<Attachments.AttachmentService>();
        // Needs a BackupOptions from the host (the data, backup and attachment folders).
        services.AddSingleton<Backups.BackupService>();
        return services;
    }
}
