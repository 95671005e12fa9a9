using AngleSharp.Dom;
using Bunit;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Web;
using Governance.Web.Features.Columns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Web;

/// <summary>栏目台账: 栏目负责人 is listed, and every missing part of a row reads 「—」, never a bare 「 / 」 or 「至」.</summary>
public sealed class ColumnRegisterPageTests : BunitTestContext, IClassFixture<WebDemoDatabase>
{
    private readonly WebDemoDatabase _db;

    public ColumnRegisterPageTests(WebDemoDatabase db)
    {
        _db = db;
        db.AddServices(Services);
        Services.AddScoped<CurrentActor>();
        var auth = AddAuthorization();
        auth.SetAuthorized("editor");
        auth.SetClaims(db.ClaimsOf("editor"));
    }

    private async Task AddColumnAsync(string name, string? responsible, string? staffA, string? staffB, DateOnly? start, DateOnly? end)
    {
        await using var db = await _db.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        if (await db.Columns.AnyAsync(c => c.Name == name)) return;
        db.Columns.Add(new Column
        {
            Name = name, UnitId = _db.Actors["editor"].UnitId, Category = "专题专栏", IsSpecial = true, ResponsiblePerson = responsible,
            StaffA = staffA, StaffB = staffB, StartDate = start, EndDate = end, CreatedAtUtc = WebDemoDatabase.Now.UtcDateTime,
        });
        await db.SaveChangesAsync();
    }

    private async Task<IRenderedComponent<ColumnRegisterPage>> RenderAsync()
    {
        await AddColumnAsync("学前教育宣传月专栏", "王主任", "张三", "李四", new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 31));
        await AddColumnAsync("校园安全专栏", null, "赵六", null, new DateOnly(2026, 4, 1), null);
        Render<MudBlazor.MudPopoverProvider>();
        var cut = Render<ColumnRegisterPage>();
        cut.WaitForElement("#column-register");
        return cut;
    }

    private static IElement Row(IRenderedComponent<ColumnRegisterPage> cut, string name) =>
        cut.FindAll("#column-register tbody tr").Single(r => r.TextContent.Contains(name, StringComparison.Ordinal));

    private static string Cell(IElement row, string label) =>
        row.QuerySelector($"td[data-label='{label}']")!.TextContent.Trim();

    [Fact]
    public async Task Register_lists_the_responsible_person_and_full_rows_unchanged()
    {
        var cut = await RenderAsync();

        Assert.Contains("栏目负责人", cut.FindAll("#column-register th").Select(th => th.TextContent.Trim()));
        var full = Row(cut, "学前教育宣传月专栏");
        Assert.Equal("王主任", Cell(full, "栏目负责人"));
        Assert.Equal("张三 / 李四", Cell(full, "A岗 / B岗"));
        Assert.Equal("2026-05-01 至 2026-05-31", Cell(full, "起止"));
    }

    [Fact]
    public async Task Register_missing_staff_dates_and_responsible_person_each_read_as_a_dash()
    {
        var cut = await RenderAsync();

        // An ordinary column (seeded): nothing but its name, unit, category and address.
        var bare = Row(cut, "工作动态");
        Assert.Equal("—", Cell(bare, "栏目负责人"));
        Assert.Equal("— / —", Cell(bare, "A岗 / B岗"));
        Assert.Equal("— 至 —", Cell(bare, "起止"));
        Assert.Equal("—", Cell(bare, "最近更新"));

        var partial = Row(cut, "校园安全专栏");
        Assert.Equal("—", Cell(partial, "栏目负责人"));
        Assert.Equal("赵六 / —", Cell(partial, "A岗 / B岗"));
        Assert.Equal("2026-04-01 至 —", Cell(partial, "起止"));

        foreach (var row in cut.FindAll("#column-register tbody tr"))
        {
            Assert.DoesNotMatch(@"^\s*/|/\s*$", Cell(row, "A岗 / B岗"));
            Assert.DoesNotMatch(@"^\s*至|至\s*$", Cell(row, "起止"));
        }
    }
}
