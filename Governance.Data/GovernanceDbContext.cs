using Governance.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Governance.Data;

/// <summary>
/// The one model. On SQLite (the default) it is this type; on PostgreSQL <see cref="PostgresGovernanceDbContext"/>
/// derives from it so that each provider's committed migrations bind to their own context type, while the app keeps
/// asking for <c>IDbContextFactory&lt;GovernanceDbContext&gt;</c>.
/// </summary>
public class GovernanceDbContext : IdentityDbContext<AppUser, IdentityRole, string>
{
    public GovernanceDbContext(DbContextOptions<GovernanceDbContext> options) : base(options)
    {
    }

    /// <summary>For the provider-specific derived context.</summary>
    protected GovernanceDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<WorkflowInstance> WorkflowInstances => Set<WorkflowInstance>();
    public DbSet<JournalEntry> JournalEntries => Set<JournalEntry>();
    public DbSet<Deadline> Deadlines => Set<Deadline>();
    public DbSet<Reminder> Reminders => Set<Reminder>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<OutboxMail> MailOutbox => Set<OutboxMail>();
    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();
    public DbSet<CalendarYear> CalendarYears => Set<CalendarYear>();
    public DbSet<Setting> Settings => Set<Setting>();
    public DbSet<Column> Columns => Set<Column>();
    public DbSet<ColumnUpdate> ColumnUpdates => Set<ColumnUpdate>();
    public DbSet<Finding> Findings => Set<Finding>();
    public DbSet<InspectionCampaign> InspectionCampaigns => Set<InspectionCampaign>();
    public DbSet<AccountabilityMeasure> AccountabilityMeasures => Set<AccountabilityMeasure>();
    public DbSet<MeasureLink> MeasureLinks => Set<MeasureLink>();
    public DbSet<Circular> Circulars => Set<Circular>();
    public DbSet<DutyTask> DutyTasks => Set<DutyTask>();
    public DbSet<ColumnRequest> ColumnRequests => Set<ColumnRequest>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ContentItem> ContentItems => Set<ContentItem>();
    public DbSet<CitizenMessage> CitizenMessages => Set<CitizenMessage>();
    public DbSet<ContentRevision> ContentRevisions => Set<ContentRevision>();
    public DbSet<InstanceParticipant> InstanceParticipants => Set<InstanceParticipant>();
    public DbSet<DictionaryEntry> DictionaryEntries => Set<DictionaryEntry>();
    public DbSet<AllowedHost> AllowedHosts => Set<AllowedHost>();
    public DbSet<ApprovedSource> ApprovedSources => Set<ApprovedSource>();
    public DbSet<FigureDay> FigureDays => Set<FigureDay>();
    public DbSet<FigureWatermark> FigureWatermarks => Set<FigureWatermark>();
    public DbSet<MessageDayFigure> MessageDayFigures => Set<MessageDayFigure>();
    public DbSet<MessageMonthFigure> MessageMonthFigures => Set<MessageMonthFigure>();
    public DbSet<ReplyDayFigure> ReplyDayFigures => Set<ReplyDayFigure>();
    public DbSet<ReplyMonthFigure> ReplyMonthFigures => Set<ReplyMonthFigure>();
    public DbSet<FindingDayFigure> FindingDayFigures => Set<FindingDayFigure>();
    public DbSet<FindingMonthFigure> FindingMonthFigures => Set<FindingMonthFigure>();
    public DbSet<FindingClosedDayFigure> FindingClosedDayFigures => Set<FindingClosedDayFigure>();
    public DbSet<FindingClosedMonthFigure> FindingClosedMonthFigures => Set<FindingClosedMonthFigure>();
    public DbSet<ReplyUnitTotal> ReplyUnitTotals => Set<ReplyUnitTotal>();
    public DbSet<FindingUnitTotal> FindingUnitTotals => Set<FindingUnitTotal>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(GovernanceDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored as their names: readable in the database and stable when members are added.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }
}
