using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Governance.Tests.Support;

/// <summary>
/// Every row of every table of a SQLite file as text (tables by name, rows by rowid, each value typed), to compare a
/// database before and after; and the files under a folder with their SHA-256.
/// </summary>
public static class DatabaseDump
{
    /// <param name="auditUpTo">Only the audit entries up to this sequence number (those written later are compared apart).</param>
    public static async Task<string> DumpAsync(string database, long? auditUpTo = null)
    {
        await using var c = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        await c.OpenAsync();
        var tables = new List<string>();
        await using (var cmd = c.CreateCommand())
        {
            // sqlite_sequence holds AUTOINCREMENT counters, not data.
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'sqlite_sequence' ORDER BY name";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        }
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            text.Append("## ").AppendLine(table);
            await using var cmd = c.CreateCommand();
            var filter = table == "AuditEntries" && auditUpTo is { } upTo ? $" WHERE Id <= {upTo}" : "";
            cmd.CommandText = $"SELECT * FROM \"{table}\"{filter} ORDER BY rowid";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                for (var i = 0; i < r.FieldCount; i++)
                {
                    if (i > 0) text.Append('|');
                    text.Append(r.IsDBNull(i) ? "∅" : r.GetValue(i) switch
                    {
                        byte[] b => "x" + Convert.ToHexString(b),
                        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                        var v => "'" + v + "'",
                    });
                }
                text.AppendLine();
            }
        }
        return text.ToString();
    }

    /// <summary>Relative path → SHA-256 of every file under <paramref name="folder"/> (none when it does not exist).</summary>
    public static SortedDictionary<string, string> Files(string folder)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(folder)) return result;
        foreach (var f in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            result[Path.GetRelativePath(folder, f).Replace('\\', '/')] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)));
        return result;
    }
}
