using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Governance.Data;

/// <summary>
/// The model on PostgreSQL (Database:Provider=Postgres): the same tables as <see cref="GovernanceDbContext"/>, its own
/// migrations (Migrations/Postgres), and the Data Protection key ring that every node shares.
/// </summary>
public sealed class PostgresGovernanceDbContext(DbContextOptions<PostgresGovernanceDbContext> options)
    : GovernanceDbContext(options), IDataProtectionKeyContext
{
    /// <summary>The keys that protect the sign-in and antiforgery cookies: one ring for every node.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // Instants are UTC DateTimes everywhere (STACK.md), and SQLite hands them back with Kind=Unspecified. Npgsql would map
        // DateTime to timestamptz and refuse Kind=Unspecified; here they are `timestamp without time zone` holding UTC, written
        // whatever their Kind and read back as Unspecified — the code meets the same values on both providers.
        configurationBuilder.Properties<DateTime>().HaveColumnType("timestamp without time zone").HaveConversion<UtcAsUnspecified>();
    }

    private sealed class UtcAsUnspecified() : ValueConverter<DateTime, DateTime>(
        v => DateTime.SpecifyKind(v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : v, DateTimeKind.Unspecified),
        v => DateTime.SpecifyKind(v, DateTimeKind.Unspecified));
}
