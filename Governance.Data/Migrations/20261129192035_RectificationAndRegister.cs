using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Data.Migrations
{
    /// <inheritdoc />
    public partial class RectificationAndRegister : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedAtUtc",
                table: "Columns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CommittedCadenceDays",
                table: "Columns",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsSuspended",
                table: "Columns",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "LapseCount",
                table: "Columns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "LastUpdateUrl",
                table: "Columns",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ParentId",
                table: "Columns",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Path",
                table: "Columns",
                type: "TEXT",
                maxLength: 400,
                nullable: false,
                defaultValue: "");

            // Existing columns are top-level until moved: their path is their name.
            migrationBuilder.Sql("UPDATE Columns SET Path = Name WHERE Path = '';");

            migrationBuilder.AddColumn<int>(
                name: "SortOrder",
                table: "Columns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "StaffAUserId",
                table: "Columns",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StaffBUserId",
                table: "Columns",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Columns",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "StatusChangedAtUtc",
                table: "Columns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Columns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ColumnUpdates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ColumnId = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    InstanceId = table.Column<long>(type: "INTEGER", nullable: true),
                    RecordedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ColumnUpdates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ColumnUpdates_Columns_ColumnId",
                        column: x => x.ColumnId,
                        principalTable: "Columns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InspectionCampaigns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Quarter = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InspectionCampaigns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Findings",
                columns: table => new
                {
                    InstanceId = table.Column<long>(type: "INTEGER", nullable: false),
                    SourceRef = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ColumnId = table.Column<int>(type: "INTEGER", nullable: true),
                    CampaignId = table.Column<int>(type: "INTEGER", nullable: true),
                    WorkingDays = table.Column<int>(type: "INTEGER", nullable: false),
                    FoundAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    IsRepeat = table.Column<bool>(type: "INTEGER", nullable: false),
                    RepeatOfInstanceId = table.Column<long>(type: "INTEGER", nullable: true),
                    Report = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    ReportUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    SubmittedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DueAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RejectCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RectifiedOnTime = table.Column<bool>(type: "INTEGER", nullable: true),
                    IsCancelled = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Findings", x => x.InstanceId);
                    table.ForeignKey(
                        name: "FK_Findings_Columns_ColumnId",
                        column: x => x.ColumnId,
                        principalTable: "Columns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Findings_InspectionCampaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "InspectionCampaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Findings_WorkflowInstances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "WorkflowInstances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Columns_IsActive_Status",
                table: "Columns",
                columns: new[] { "IsActive", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Columns_ParentId",
                table: "Columns",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_Columns_Path",
                table: "Columns",
                column: "Path");

            migrationBuilder.CreateIndex(
                name: "IX_ColumnUpdates_ColumnId_UpdatedAtUtc",
                table: "ColumnUpdates",
                columns: new[] { "ColumnId", "UpdatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Findings_CampaignId",
                table: "Findings",
                column: "CampaignId");

            migrationBuilder.CreateIndex(
                name: "IX_Findings_ColumnId_Category_FoundAtUtc",
                table: "Findings",
                columns: new[] { "ColumnId", "Category", "FoundAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Findings_FoundAtUtc",
                table: "Findings",
                column: "FoundAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Findings_SourceRef",
                table: "Findings",
                column: "SourceRef",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InspectionCampaigns_Year_Quarter_Kind",
                table: "InspectionCampaigns",
                columns: new[] { "Year", "Quarter", "Kind" });

            migrationBuilder.AddForeignKey(
                name: "FK_Columns_Columns_ParentId",
                table: "Columns",
                column: "ParentId",
                principalTable: "Columns",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Columns_Columns_ParentId",
                table: "Columns");

            migrationBuilder.DropTable(
                name: "ColumnUpdates");

            migrationBuilder.DropTable(
                name: "Findings");

            migrationBuilder.DropTable(
                name: "InspectionCampaigns");

            migrationBuilder.DropIndex(
                name: "IX_Columns_IsActive_Status",
                table: "Columns");

            migrationBuilder.DropIndex(
                name: "IX_Columns_ParentId",
                table: "Columns");

            migrationBuilder.DropIndex(
                name: "IX_Columns_Path",
                table: "Columns");

            migrationBuilder.DropColumn(
                name: "ClosedAtUtc",
                table: "Columns");

            migrationBuilder.DropColumn(
                name: "CommittedCadenceDays",
                table: "Columns");

            migrationBuilder.DropColumn(
                name: "IsSuspended",
                table: "Columns");

            migrationBuilder.DropColumn(
                name: "LapseCount",
                table: "Columns");

            migrationBuilder.DropColumn(
                name: "LastUpdateUrl",
                table: "Columns");

            migrationBuilder.DropColumn(
                name: "ParentId",
                table: "Columns");

            migrationBuilder.DropColumn(
                name: "Path",
                table: "Columns");

            migrationBuilder.DropColumn(
                name: "SortOrder",
                table: "Columns");

            migrationBuilder.DropColumn(
                name: "StaffAUserId",
                table: "Columns");

            migrationBuilder.DropColumn(
                name: "StaffBUserId",
                table: "Columns");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Columns");

            migrationBuilder.DropColumn(
                name: "StatusChangedAtUtc",
                table: "Columns");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Columns");
        }
    }
}
