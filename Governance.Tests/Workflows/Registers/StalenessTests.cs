using Governance.Data.Entities;
using Governance.Workflows.Registers;

namespace Governance.Tests.Workflows.Registers;

/// <summary>
/// 第13条 with the national indicators' windows (动态要闻 14 days, 通知公告/政策文件 183, 人事/规划计划 365, warning past 80%),
/// day by day around each line. The dates are worked out by hand from a last update on Monday 2026-03-02 (China date):
/// day 14 is 03-16, day 146 is 07-26, day 183 is 09-01, day 292 is 12-19, day 365 is 2027-03-02.
/// </summary>
public sealed class StalenessTests
{
    /// <summary>2026-03-02 10:00 China time.</summary>
    private static readonly DateTime LastUpdate = new(2026, 3, 2, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Created = new(2025, 12, 1, 2, 0, 0, DateTimeKind.Utc);

    private static StalenessResult Eval(string category, int y, int m, int d, int? cadence = null, StalenessPolicy? policy = null) =>
        Staleness.Evaluate(policy ?? StalenessPolicy.Default, category, cadence, inService: true, Created, LastUpdate, new DateOnly(y, m, d));

    [Theory]
    // 动态要闻: 14 days; 80% = 11.2 → 预警 from day 12; 超期 from day 15 (more than two weeks).
    [InlineData("动态要闻", 2026, 3, 13, 11, ColumnStatus.Normal)]
    [InlineData("动态要闻", 2026, 3, 14, 12, ColumnStatus.Warning)]
    [InlineData("动态要闻", 2026, 3, 16, 14, ColumnStatus.Warning)]
    [InlineData("动态要闻", 2026, 3, 17, 15, ColumnStatus.Overdue)]
    // 通知公告 / 政策文件: 183 days; 80% = 146.4 → 预警 from day 147; 超期 from day 184.
    [InlineData("通知公告", 2026, 7, 26, 146, ColumnStatus.Normal)]
    [InlineData("通知公告", 2026, 7, 27, 147, ColumnStatus.Warning)]
    [InlineData("政策文件", 2026, 9, 1, 183, ColumnStatus.Warning)]
    [InlineData("政策文件", 2026, 9, 2, 184, ColumnStatus.Overdue)]
    // 人事 / 规划计划: 365 days; 80% = 292 → 预警 from day 293 (past the line, not on it); 超期 from day 366.
    [InlineData("人事", 2026, 12, 19, 292, ColumnStatus.Normal)]
    [InlineData("人事", 2026, 12, 20, 293, ColumnStatus.Warning)]
    [InlineData("规划计划", 2027, 3, 2, 365, ColumnStatus.Warning)]
    [InlineData("规划计划", 2027, 3, 3, 366, ColumnStatus.Overdue)]
    public void Evaluate_EachClassAroundItsWarningAndOverdueLines(string category, int y, int m, int d, int days, ColumnStatus expected)
    {
        var r = Eval(category, y, m, d);

        Assert.True(r.Watched);
        Assert.Equal(days, r.DaysSince);
        Assert.Equal(expected, r.Status);
    }

    [Fact]
    public void Evaluate_WindowsAndDueDates_ByClass()
    {
        Assert.Equal((14, new DateOnly(2026, 3, 16)), (Eval("动态要闻", 2026, 3, 3).WindowDays!.Value, Eval("动态要闻", 2026, 3, 3).DueDate!.Value));
        Assert.Equal((183, new DateOnly(2026, 9, 1)), (Eval("通知公告", 2026, 3, 3).WindowDays!.Value, Eval("通知公告", 2026, 3, 3).DueDate!.Value));
        Assert.Equal((365, new DateOnly(2027, 3, 2)), (Eval("人事", 2026, 3, 3).WindowDays!.Value, Eval("人事", 2026, 3, 3).DueDate!.Value));
    }

    [Theory]
    // A committed cadence stricter than the class is what counts: 每周 on a 动态要闻 column → 7 days (预警 from day 6: 6/7 > 80%).
    [InlineData("动态要闻", 7, 2026, 3, 7, 5, ColumnStatus.Normal)]
    [InlineData("动态要闻", 7, 2026, 3, 8, 6, ColumnStatus.Warning)]
    [InlineData("动态要闻", 7, 2026, 3, 10, 8, ColumnStatus.Overdue)]
    // A looser one does not relax the class: 每季度 (90) on 动态要闻 stays 14.
    [InlineData("动态要闻", 90, 2026, 3, 17, 15, ColumnStatus.Overdue)]
    // 每月 (30) on 规划计划: 30 days.
    [InlineData("规划计划", 30, 2026, 4, 1, 30, ColumnStatus.Warning)]
    [InlineData("规划计划", 30, 2026, 4, 2, 31, ColumnStatus.Overdue)]
    // 专题专栏: its own cadence, even a looser one than 动态要闻 (每月 → 30) …
    [InlineData("专题专栏", 30, 2026, 3, 17, 15, ColumnStatus.Normal)]
    [InlineData("专题专栏", 30, 2026, 4, 2, 31, ColumnStatus.Overdue)]
    // … and without one, the 动态要闻 window.
    [InlineData("专题专栏", null, 2026, 3, 17, 15, ColumnStatus.Overdue)]
    public void Evaluate_CommittedCadence_UsedWhenStricterAndForSpecialColumns(string category, int? cadence, int y, int m, int d, int days,
        ColumnStatus expected)
    {
        var r = Eval(category, y, m, d, cadence);

        Assert.Equal(days, r.DaysSince);
        Assert.Equal(expected, r.Status);
    }

    [Theory]
    [InlineData("互动交流")]
    [InlineData("栏目导航")]
    public void Evaluate_InteractionAndNavigation_AreNotWatched(string category)
    {
        var r = Eval(category, 2028, 1, 1);

        Assert.False(r.Watched);
        Assert.Null(r.WindowDays);
        Assert.Equal(ColumnStatus.Normal, r.Status);
    }

    [Fact]
    public void Evaluate_SuspendedOrClosed_IsNotWatched()
    {
        var r = Staleness.Evaluate(StalenessPolicy.Default, "动态要闻", null, inService: false, Created, LastUpdate, new DateOnly(2027, 1, 1));

        Assert.False(r.Watched);
        Assert.Equal(ColumnStatus.Normal, r.Status);
    }

    [Fact]
    public void Evaluate_NeverUpdated_BlankAfterTheGraceSinceCreation()
    {
        // Created 2026-03-02 10:00 China time, nothing since; grace 14 days.
        StalenessResult On(int d) => Staleness.Evaluate(StalenessPolicy.Default, "通知公告", null, true, LastUpdate, null, new DateOnly(2026, 3, d));

        Assert.Equal(ColumnStatus.Normal, On(16).Status);
        Assert.Equal(14, On(16).DaysSince);
        Assert.Equal(ColumnStatus.Blank, On(17).Status);
        Assert.Null(On(17).DueDate);
        // A shorter grace (an Admin setting) makes it blank sooner.
        var strict = StalenessPolicy.Default with { BlankGraceDays = 3 };
        Assert.Equal(ColumnStatus.Blank, Staleness.Evaluate(strict, "通知公告", null, true, LastUpdate, null, new DateOnly(2026, 3, 6)).Status);
    }

    [Fact]
    public void Evaluate_CountsChinaDates_NotUtcDates()
    {
        // Updated 2026-03-03 07:00 China time = 2026-03-02 23:00 UTC; now 2026-03-17 (China). China: 14 days (预警);
        // counted in UTC dates it would be 15 (超期).
        var updated = new DateTime(2026, 3, 2, 23, 0, 0, DateTimeKind.Utc);

        var r = Staleness.Evaluate(StalenessPolicy.Default, "动态要闻", null, true, Created, updated, new DateOnly(2026, 3, 17));

        Assert.Equal(14, r.DaysSince);
        Assert.Equal(ColumnStatus.Warning, r.Status);
        Assert.Equal(new DateOnly(2026, 3, 17), r.DueDate);
    }

    [Fact]
    public void Evaluate_AdminSettings_MoveTheLines()
    {
        // Warning share 50%: 动态要闻 warns past day 7 (day 8), not on it.
        var half = StalenessPolicy.Default with { WarningPercent = 50 };
        Assert.Equal(ColumnStatus.Normal, Eval("动态要闻", 2026, 3, 9, policy: half).Status);
        Assert.Equal(ColumnStatus.Warning, Eval("动态要闻", 2026, 3, 10, policy: half).Status);
        // A 30-day news window: day 15 is still 正常.
        var month = StalenessPolicy.Default with { NewsDays = 30 };
        Assert.Equal(ColumnStatus.Normal, Eval("动态要闻", 2026, 3, 17, policy: month).Status);
    }

    [Theory]
    [InlineData("每日", 1)]
    [InlineData("每周", 7)]
    [InlineData("每两周", 14)]
    [InlineData("每月", 30)]
    [InlineData("每季度", 90)]
    [InlineData("不定期", null)]
    public void Cadences_W1CommitmentsInDays(string cadence, int? days) => Assert.Equal(days, Cadences.Days(cadence));
}
