namespace Governance.Data;

/// <summary>Setting Database:Provider: <c>Sqlite</c> (the default: one node, one file) or <c>Postgres</c> (several nodes).</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DatabaseProviders
{
    /// <summary>The provider a setting names (case-insensitive; empty is SQLite); a clear message for anything else.</summary>
    public static DatabaseProvider Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        _ => throw new InvalidOperationException($"Database:Provider 的值“{value}”无效：只能是 Sqlite 或 Postgres。"),
    };
}
