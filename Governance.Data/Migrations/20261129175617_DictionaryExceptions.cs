using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Data.Migrations
{
    /// <inheritdoc />
    public partial class DictionaryExceptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ExceptionContexts",
                table: "DictionaryEntries",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            // Existing installations: the seeded placeholder entries get the default 例外语境 of PreCheckDefaults
            // (only where the entry still exists and has none; new installations are seeded with them).
            foreach (var (term, contexts) in DefaultExceptions)
            {
                var value = string.Join(" || char(10) || ", contexts.Select(c => "'" + c + "'"));
                migrationBuilder.Sql($"UPDATE \"DictionaryEntries\" SET \"ExceptionContexts\" = {value} WHERE \"Term\" = '{term}' AND \"ExceptionContexts\" IS NULL;");
            }
        }

        /// <summary>Same as PreCheckDefaults (Governance.Workflows) at the time of this migration.</summary>
        private static readonly (string Term, string[] Contexts)[] DefaultExceptions =
        [
            ("台独", ["平台独立", "平台独家", "平台独有", "平台独特", "舞台独唱", "舞台独白"]),
            ("港独", ["港独资", "港独特", "港独有"]),
            ("藏独", ["藏独特", "藏独有"]),
            ("疆独", ["疆独特", "疆独有"]),
            ("中华民国", ["中华民国时期", "中华民国成立", "中华民国临时政府", "中华民国元年"]),
            ("新发展观念", ["创新发展观念"]),
        ];

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExceptionContexts",
                table: "DictionaryEntries");
        }
    }
}
