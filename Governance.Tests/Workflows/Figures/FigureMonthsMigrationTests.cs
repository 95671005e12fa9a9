using Governance.Data;
using Governance.Data.Entities;
using Governance.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Workflows.Figures;

/// <summary>
/// A database whose days were built before the month rows existed: the migration that adds them (FigureMonths /
/// PostgresFigureMonths) fills them from the day rows, so that a reader of month rows finds what the day markers promise.
/// On the provider of the run (SQLite, or PostgreSQL in test.sh's second run).
/// </summary>
public sealed class FigureMonthsMigrationTests
{
    [Fact]
    public async Task Upgrade_FillsTheMonthRowsFromTheDaysAlreadyBuilt()
    {
        await using var target = await TargetAsync();
        await using var services = new ServiceCollection().AddLogging().AddGovernanceData(TestDatabase.Provider, target.ConnectionString)
            .BuildServiceProvider();
        var factory = services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var before = TestDatabase.Provider == DatabaseProvider.Postgres ? "20261130031534_PostgresDayFigures" : "20261130031413_DayFigures";
            await db.GetService<IMigrator>().MigrateAsync(before);
            // Two units in March (two days each for 7), one day in April; the closed findings of two March days.
            db.ReplyDayFigures.AddRange(
                new ReplyDayFigure { Day = new(2026, 3, 2), UnitId = 7, Replied = 3, OnTime = 2, Late = 1 },
                new ReplyDayFigure { Day = new(2026, 3, 31), UnitId = 7, Replied = 2, OnTime = 2, Late = 0 },
                new ReplyDayFigure { Day = new(2026, 3, 5), UnitId = 9, Replied = 1, OnTime = 0, Late = 1 },
                new ReplyDayFigure { Day = new(2026, 4, 1), UnitId = 7, Replied = 4, OnTime = 4, Late = 0 });
            db.FindingDayFigures.AddRange(
                new FindingDayFigure { Day = new(2026, 3, 2), UnitId = 7, Raised = 2, Closed = 1, ClosedOnTime = 1, Repeats = 0 },
                new FindingDayFigure { Day = new(2026, 3, 20), UnitId = 7, Raised = 1, Closed = 1, ClosedOnTime = 0, Repeats = 1 });
            db.FindingClosedDayFigures.AddRange(
                new FindingClosedDayFigure { Day = new(2026, 3, 4), UnitId = 7, Closed = 1 },
                new FindingClosedDayFigure { Day = new(2026, 3, 25), UnitId = 7, Closed = 2 });
            await db.SaveChangesAsync();
        }

        await using (var db = await factory.CreateDbContextAsync()) await db.Database.MigrateAsync();

        await using (var db = await factory.CreateDbContextAsync())
        {
            // Replied, on time / late.
            Assert.Equal(["2026-03 7: 5 4/1", "2026-03 9: 1 0/1", "2026-04 7: 4 4/0"],
                (await db.ReplyMonthFigures.OrderBy(r => r.Month).ThenBy(r => r.UnitId).ToListAsync())
                .Select(r => $"{r.Month:yyyy-MM} {r.UnitId}: {r.Replied} {r.OnTime}/{r.Late}"));
            var findings = Assert.Single(await db.FindingMonthFigures.ToListAsync());
            Assert.Equal((new DateOnly(2026, 3, 1), 7, 3, 2, 1, 1), (findings.Month, findings.UnitId, findings.Raised, findings.Closed, findings.ClosedOnTime, findings.Repeats));
            var closed = Assert.Single(await db.FindingClosedMonthFigures.ToListAsync());
            Assert.Equal((new DateOnly(2026, 3, 1), 7, 3), (closed.Month, closed.UnitId, closed.Closed));
        }
    }

    private sealed class Target(string connectionString, Func<ValueTask> dispose) : IAsyncDisposable
    {
        public string ConnectionString => connectionString;
        public ValueTask DisposeAsync() => dispose();
    }

    private static async Task<Target> TargetAsync()
    {
        if (TestDatabase.Provider == DatabaseProvider.Postgres)
        {
            var pg = await TestDatabase.CreateEmptyPostgresAsync();
            return new Target(pg.ConnectionString, pg.DisposeAsync);
        }
        var folder = Directory.CreateTempSubdirectory("figure-months-");
        return new Target(DataServiceCollectionExtensions.SqliteConnectionString(Path.Combine(folder.FullName, "governance.db")), () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
            return ValueTask.CompletedTask;
        });
    }
}
