using System.Diagnostics;
using Governance.Data.Entities;
using Governance.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;

namespace Governance.Tests.Integration;

/// <summary>
/// <c>create-admin</c> and <c>seed-demo</c> as a county's IT staff run them: the executable in an empty folder, in
/// Production (no ASPNETCORE_ENVIRONMENT), the password on standard input or in the environment. The results are read
/// from the SQLite file itself.
/// </summary>
public sealed class CreateAdminCommandTests : IDisposable
{
    private const string GoodPassword = "fufeng2026admin";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gov-admin-" + Guid.NewGuid().ToString("N")[..10]);
    private string DataDir => Path.Combine(_dir, "data");
    private string DbPath => Path.Combine(DataDir, "governance.db");

    public CreateAdminCommandTests() => Directory.CreateDirectory(_dir);

    private sealed record Run(int ExitCode, string Output, string Error);

    /// <summary>Runs Governance.Web.dll with <paramref name="args"/> and the data folder; <paramref name="stdin"/> is
    /// written and standard input closed.</summary>
    private async Task<Run> RunAsync(string? stdin, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _dir, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Governance.Web.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.ArgumentList.Add($"--Storage:DataDirectory={DataDir}");
        info.Environment["Hangfire__Storage"] = "InMemory";
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        info.Environment.Remove("DOTNET_ENVIRONMENT");
        info.Environment.Remove(CreateAdminCommand.PasswordVariable);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        if (stdin is not null) await process.StandardInput.WriteLineAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return new Run(process.ExitCode, await output, await error);
    }

    private Task<Run> CreateAdminAsync(string? stdin, params string[] args) => RunAsync(stdin, null, ["create-admin", .. args]);

    private sealed record UserRecord(string UserName, string PasswordHash, bool MustChangePassword, bool IsDisabled, string Unit, string Roles);

    private async Task<List<UserRecord>> UsersAsync()
    {
        if (!File.Exists(DbPath)) return [];
        await using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT u.UserName, u.PasswordHash, u.MustChangePassword, u.IsDisabled, n.Name,
                   COALESCE((SELECT group_concat(r.Name) FROM AspNetUserRoles ur JOIN AspNetRoles r ON r.Id = ur.RoleId WHERE ur.UserId = u.Id), '')
            FROM AspNetUsers u JOIN Units n ON n.Id = u.UnitId ORDER BY u.UserName
            """;
        var users = new List<UserRecord>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            users.Add(new UserRecord(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetString(4), reader.GetString(5)));
        return users;
    }

    private async Task<List<(string Kind, string UserId, string Detail)>> AuditAsync()
    {
        if (!File.Exists(DbPath)) return [];
        await using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Kind, UserId, Detail FROM AuditEntries ORDER BY Id";
        var rows = new List<(string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        return rows;
    }

    private static bool Verifies(UserRecord user, string password) =>
        new PasswordHasher<AppUser>().VerifyHashedPassword(new AppUser { UserName = user.UserName, DisplayName = "" }, user.PasswordHash, password)
            != PasswordVerificationResult.Failed;

    [Fact]
    public async Task CreateAdmin_PasswordOnStdin_AdminInTheHomeUnitWhoMustChangePassword()
    {
        var run = await CreateAdminAsync(GoodPassword, "wangjian");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("已创建系统管理员 wangjian（县数字化信息服务中心）。首次登录须修改密码。", run.Output, StringComparison.Ordinal);
        var user = Assert.Single(await UsersAsync());
        Assert.Equal(("wangjian", true, false, "县数字化信息服务中心", Roles.Admin), (user.UserName, user.MustChangePassword, user.IsDisabled, user.Unit, user.Roles));
        Assert.True(Verifies(user, GoodPassword));
        var audit = Assert.Single(await AuditAsync(), a => a.Kind == CreateAdminCommand.AuditKind);
        Assert.Equal("system:cli:create-admin", audit.UserId);
        Assert.Contains("命令行创建系统管理员 wangjian（县数字化信息服务中心）", audit.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(GoodPassword, run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAdmin_PasswordFromEnvironment_Works()
    {
        var run = await RunAsync(null, new Dictionary<string, string> { [CreateAdminCommand.PasswordVariable] = GoodPassword }, "create-admin", "lina");

        Assert.True(run.ExitCode == 0, run.Error);
        var user = Assert.Single(await UsersAsync());
        Assert.Equal("lina", user.UserName);
        Assert.True(Verifies(user, GoodPassword));
    }

    [Theory]
    [InlineData("abc", "密码至少 8 位。")]
    [InlineData("abcdefghij", "密码须包含数字。")]
    [InlineData("1234567890", "密码须包含小写字母。")]
    [InlineData("", "未读到密码")]
    public async Task CreateAdmin_PasswordBreaksTheRules_RefusedInChinese_NothingStored(string password, string message)
    {
        var run = await CreateAdminAsync(password, "wangjian");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Contains("未做任何更改", run.Error, StringComparison.Ordinal);
        Assert.Empty(await UsersAsync());
        Assert.DoesNotContain(await AuditAsync(), a => a.Kind == CreateAdminCommand.AuditKind);
    }

    [Fact]
    public async Task CreateAdmin_InvalidUserName_RefusedInChinese()
    {
        var run = await CreateAdminAsync(GoodPassword, "王 建");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("用户名只能包含字母、数字和 ._-@。", run.Error, StringComparison.Ordinal);
        Assert.Empty(await UsersAsync());
    }

    [Fact]
    public async Task CreateAdmin_SecondRun_RefusedWithoutForce_AnotherAdminWithForce()
    {
        Assert.Equal(0, (await CreateAdminAsync(GoodPassword, "wangjian")).ExitCode);

        var second = await CreateAdminAsync("other2026pass", "lina");
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("已有启用的系统管理员（wangjian），未做任何更改。", second.Error, StringComparison.Ordinal);
        Assert.Equal(["wangjian"], (await UsersAsync()).Select(u => u.UserName));

        var forced = await CreateAdminAsync("other2026pass", "lina", "--force");
        Assert.True(forced.ExitCode == 0, forced.Error);
        Assert.Equal(["lina", "wangjian"], (await UsersAsync()).Select(u => u.UserName));
        Assert.All(await UsersAsync(), u => Assert.Equal(Roles.Admin, u.Roles));
        Assert.Equal(2, (await AuditAsync()).Count(a => a.Kind == CreateAdminCommand.AuditKind));
        Assert.Contains(await AuditAsync(), a => a.Detail.Contains("lina", StringComparison.Ordinal) && a.Detail.Contains("--force", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateAdmin_ForceOnExistingAccount_ResetsPasswordEnablesAndRequiresChange()
    {
        Assert.Equal(0, (await CreateAdminAsync(GoodPassword, "wangjian")).ExitCode);
        await using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE AspNetUsers SET IsDisabled = 1, MustChangePassword = 0, AccessFailedCount = 4, LockoutEnd = '2099-01-01 00:00:00+00:00'";
            await command.ExecuteNonQueryAsync();
        }

        // The only admin is disabled: without --force the account name is taken, and nothing changes.
        var refused = await CreateAdminAsync("forgot2026pass", "wangjian");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("用户名“wangjian”已存在，未做任何更改。", refused.Error, StringComparison.Ordinal);
        Assert.True(Verifies(Assert.Single(await UsersAsync()), GoodPassword));

        var forced = await CreateAdminAsync("forgot2026pass", "wangjian", "--force");
        Assert.True(forced.ExitCode == 0, forced.Error);
        var user = Assert.Single(await UsersAsync());
        Assert.True(Verifies(user, "forgot2026pass"));
        Assert.False(Verifies(user, GoodPassword));
        Assert.Equal((true, false), (user.MustChangePassword, user.IsDisabled));
        await using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT AccessFailedCount, LockoutEnd IS NULL FROM AspNetUsers";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal((0L, 1L), (reader.GetInt64(0), reader.GetInt64(1)));
        }
        Assert.Contains(await AuditAsync(), a => a.Kind == CreateAdminCommand.AuditKind && a.Detail.Contains("重置密码", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("create-admin", "wangjian", GoodPassword)]
    [InlineData("create-admin", "wangjian", "--password", GoodPassword)]
    [InlineData("create-admin", "wangjian", "--password=" + GoodPassword)]
    [InlineData("create-admin", "wangjian", "--Password:Value=" + GoodPassword)]
    [InlineData("create-admin", "wangjian", "--force", GoodPassword)]
    [InlineData("create-admin", "wangjian", "-p", GoodPassword)]
    public async Task CreateAdmin_PasswordAsArgument_Refused_NotEchoed_NothingStored(params string[] args)
    {
        // A good password on standard input too: the argument must not be taken, nor fall through to stdin.
        var run = await RunAsync(GoodPassword, null, args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(CreateAdminCommand.PasswordOnCommandLine, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(GoodPassword, run.Output + run.Error, StringComparison.Ordinal);
        Assert.Empty(await UsersAsync());
    }

    [Fact]
    public async Task CreateAdmin_NoUserName_Usage()
    {
        var run = await CreateAdminAsync(GoodPassword);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("请在命令后给出新管理员的用户名", run.Error, StringComparison.Ordinal);
        Assert.Empty(await UsersAsync());
    }

    [Fact]
    public async Task SeedDemo_InProduction_RefusedInChinese_NoDemoUsers()
    {
        var run = await RunAsync(null, null, "seed-demo");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("生产环境（Production）不能写入演示数据", run.Error, StringComparison.Ordinal);
        Assert.Empty(await UsersAsync());

        // The same command outside Production seeds the demo accounts: the refusal is the environment's.
        var staging = await RunAsync(null, null, "seed-demo", "--environment", "Staging");
        Assert.True(staging.ExitCode == 0, staging.Error);
        Assert.Contains(await UsersAsync(), u => u.UserName == "admin");
    }

    [Fact]
    public async Task UnknownVerb_UsageNamesCreateAdmin()
    {
        var run = await RunAsync(null, null, "create-amdin");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("create-admin <用户名> [--force]", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "create-admin", "wangjian" }, "wangjian", false, null)]
    [InlineData(new[] { "create-admin", "wangjian", "--force" }, "wangjian", true, null)]
    [InlineData(new[] { "create-admin", "wangjian", "--force", "--environment", "Production" }, "wangjian", true, null)]
    [InlineData(new[] { "create-admin", "wangjian", "--Storage:DataDirectory=/srv/gov", "--force" }, "wangjian", true, null)]
    [InlineData(new[] { "create-admin", "wangjian", "--urls", "http://127.0.0.1:5080" }, "wangjian", false, null)]
    [InlineData(new[] { "create-admin" }, null, false, "请在命令后给出新管理员的用户名，例如：create-admin zhangsan")]
    [InlineData(new[] { "create-admin", "wangjian", "secret" }, null, false, CreateAdminCommand.PasswordOnCommandLine)]
    [InlineData(new[] { "create-admin", "wangjian", "--environment", "Production", "secret" }, null, false, CreateAdminCommand.PasswordOnCommandLine)]
    public void Parse_Cases(string[] args, string? userName, bool force, string? error)
    {
        var parsed = CreateAdminCommand.Parse(args);
        Assert.Equal((userName, error), (parsed.UserName, parsed.Error));
        if (error is null) Assert.Equal(force, parsed.Force);
    }

    [Fact]
    public void HostArguments_DropTheVerbsFlags_SoTheNextOptionReachesTheHost()
    {
        // The host's command-line configuration would read "--force" as a key and "--environment" as its value.
        Assert.Equal(["create-admin", "wangjian", "--environment", "Production"],
            WebSetup.HostArguments(["create-admin", "wangjian", "--force", "--environment", "Production"]));
        Assert.Equal(["--force", "x"], WebSetup.HostArguments(["--force", "x"])); // no verb: untouched
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
