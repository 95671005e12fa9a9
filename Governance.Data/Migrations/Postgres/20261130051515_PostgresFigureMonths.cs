using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PostgresFigureMonths : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FigureWatermarks",
                columns: table => new
                {
                    Family = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    FromDay = table.Column<DateOnly>(type: "date", nullable: false),
                    ThroughDay = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FigureWatermarks", x => x.Family);
                });

            migrationBuilder.CreateTable(
                name: "FindingClosedMonthFigures",
                columns: table => new
                {
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Closed = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FindingClosedMonthFigures", x => new { x.Month, x.UnitId });
                });

            migrationBuilder.CreateTable(
                name: "FindingMonthFigures",
                columns: table => new
                {
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    Raised = table.Column<int>(type: "integer", nullable: false),
                    Closed = table.Column<int>(type: "integer", nullable: false),
                    ClosedOnTime = table.Column<int>(type: "integer", nullable: false),
                    Repeats = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FindingMonthFigures", x => new { x.Month, x.UnitId });
                });

            migrationBuilder.CreateTable(
                name: "ReplyMonthFigures",
                columns: table => new
                {
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    Replied = table.Column<int>(type: "integer", nullable: false),
                    OnTime = table.Column<int>(type: "integer", nullable: false),
                    Late = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReplyMonthFigures", x => new { x.Month, x.UnitId });
                });

            // The days already built: their months' rows from their day rows, so that a reader of month rows finds what the
            // markers promise.
            migrationBuilder.Sql("""
                INSERT INTO "ReplyMonthFigures" ("Month", "UnitId", "Replied", "OnTime", "Late")
                SELECT CAST(date_trunc('month', "Day") AS date), "UnitId", SUM("Replied"), SUM("OnTime"), SUM("Late") FROM "ReplyDayFigures" GROUP BY 1, "UnitId";
                INSERT INTO "FindingMonthFigures" ("Month", "UnitId", "Raised", "Closed", "ClosedOnTime", "Repeats")
                SELECT CAST(date_trunc('month', "Day") AS date), "UnitId", SUM("Raised"), SUM("Closed"), SUM("ClosedOnTime"), SUM("Repeats") FROM "FindingDayFigures" GROUP BY 1, "UnitId";
                INSERT INTO "FindingClosedMonthFigures" ("Month", "UnitId", "Closed")
                SELECT CAST(date_trunc('month', "Day") AS date), "UnitId", SUM("Closed") FROM "FindingClosedDayFigures" GROUP BY 1, "UnitId";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FigureWatermarks");

            migrationBuilder.DropTable(
                name: "FindingClosedMonthFigures");

            migrationBuilder.DropTable(
                name: "FindingMonthFigures");

            migrationBuilder.DropTable(
                name: "ReplyMonthFigures");
        }
    }
}
