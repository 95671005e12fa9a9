using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Governance.Tests.Support;

namespace Governance.Tests.Security;

/// <summary>User-name enumeration, lockout abuse from one address, and the change-password page as a guessing oracle.</summary>
[Collection(AppCollection.Name)]
public sealed class SignInAbuseTests(HardeningFixture f) : IClassFixture<HardeningFixture>
{
    private const string Failed = "用户名或密码错误。连续 5 次错误账号将锁定 15 分钟，如需帮助请联系系统管理员。";
    private const string Throttled = "登录失败次数过多，请 15 分钟后再试。";

    private static async Task<string?> ErrorOf(HttpResponseMessage response)
    {
        var m = Regex.Match(await HardeningFixture.HtmlAsync(response), "id=\"login-error\">([^<]*)<");
        return m.Success ? m.Groups[1].Value : null;
    }

    [Fact]
    public async Task SignIn_WrongUnknownLockedDisabled_AllGetTheSameMessage()
    {
        await f.CreateUserAsync("enum-real", "Right-pass-2026");
        await f.CreateUserAsync("enum-locked", "Right-pass-2026");
        await f.CreateUserAsync("enum-disabled", "Right-pass-2026", disabled: true);
        for (var i = 0; i < 5; i++)
            await HardeningFixture.SignInAsync(f.NewClient("10.1.0.1"), "enum-locked", "wrong-" + i);
        Assert.True(await f.IsLockedOutAsync("enum-locked"));

        var wrong = await HardeningFixture.SignInAsync(f.NewClient("10.1.0.2"), "enum-real", "wrong-password");
        var unknown = await HardeningFixture.SignInAsync(f.NewClient("10.1.0.3"), "enum-nobody", "wrong-password");
        var locked = await HardeningFixture.SignInAsync(f.NewClient("10.1.0.4"), "enum-locked", "Right-pass-2026");
        var lockedWrong = await HardeningFixture.SignInAsync(f.NewClient("10.1.0.5"), "enum-locked", "wrong-password");
        var disabled = await HardeningFixture.SignInAsync(f.NewClient("10.1.0.6"), "enum-disabled", "wrong-password");
        foreach (var response in new[] { wrong, unknown, locked, lockedWrong, disabled })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Failed, await ErrorOf(response));
        }
        // Who knows the password of a disabled account is told why it does not work.
        var disabledRight = await HardeningFixture.SignInAsync(f.NewClient("10.1.0.7"), "enum-disabled", "Right-pass-2026");
        Assert.Equal("该账号已停用，请联系系统管理员。", await ErrorOf(disabledRight));
    }

    [Fact]
    public async Task SignIn_UnknownOrLockedUser_TakesAboutAsLongAsAWrongPassword()
    {
        await f.CreateUserAsync("timing-real", "Right-pass-2026");
        await f.CreateUserAsync("timing-locked", "Right-pass-2026");
        for (var i = 0; i < 5; i++)
            await HardeningFixture.SignInAsync(f.NewClient("10.2.0.1"), "timing-locked", "wrong-" + i);
        async Task<double> MedianMs(string user, string ipPrefix)
        {
            var times = new List<double>();
            for (var i = 0; i < 4; i++)
            {
                var client = f.NewClient($"{ipPrefix}.{i + 1}");
                var page = await client.GetStringAsync("/account/login");
                var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
                var form = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.UserName"] = user, ["Input.Password"] = "wrong-password",
                });
                var sw = Stopwatch.StartNew();
                await client.PostAsync("/account/login", form);
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            return (times[1] + times[2]) / 2;
        }
        var real = await MedianMs("timing-real", "10.2.1");
        var unknown = await MedianMs("timing-nobody", "10.2.2");
        var locked = await MedianMs("timing-locked", "10.2.3");
        // Without the dummy hash an unknown user answered in ~4 ms against ~60 ms (PBKDF2); now both pay for one hash.
        Assert.True(unknown >= real * 0.5, $"unknown {unknown:0.0} ms vs wrong password {real:0.0} ms");
        Assert.True(locked >= real * 0.5, $"locked {locked:0.0} ms vs wrong password {real:0.0} ms");
    }

    [Fact]
    public async Task SignIn_TooManyFailuresFromOneAddress_ThrottledThere_NotElsewhere_UntilTheWindowPasses()
    {
        for (var i = 0; i < HardeningFixture.MaxFailuresPerAddress; i++)
        {
            var r = await HardeningFixture.SignInAsync(f.NewClient("10.3.0.1"), $"spray-{i}", "Spring2026");
            Assert.Equal(Failed, await ErrorOf(r));
        }
        // Even the right password is not tried from that address now: no account gets locked from there.
        var throttled = await HardeningFixture.SignInAsync(f.NewClient("10.3.0.1"), "observer");
        Assert.Equal(HttpStatusCode.OK, throttled.StatusCode);
        Assert.Equal(Throttled, await ErrorOf(throttled));
        var elsewhere = await HardeningFixture.SignInAsync(f.NewClient("10.3.0.2"), "observer");
        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);

        f.Time.Advance(TimeSpan.FromMinutes(16));
        var later = await HardeningFixture.SignInAsync(f.NewClient("10.3.0.1"), "observer");
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentPassword_CountsTowardsLockout()
    {
        await f.CreateUserAsync("pw-guess", "Right-pass-2026");
        var client = f.NewClient("10.4.0.1");
        Assert.Equal(HttpStatusCode.Redirect, (await HardeningFixture.SignInAsync(client, "pw-guess", "Right-pass-2026")).StatusCode);
        Dictionary<string, string> Fields(string current) => new()
        {
            ["Input.Current"] = current, ["Input.New"] = "New-pass-2026x", ["Input.Confirm"] = "New-pass-2026x",
        };
        for (var i = 0; i < 4; i++)
        {
            var r = await HardeningFixture.PostFormAsync(client, "/account/change-password", "change-password", Fields("guess-" + i));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("当前密码不正确", await HardeningFixture.HtmlAsync(r), StringComparison.Ordinal);
        }
        Assert.False(await f.IsLockedOutAsync("pw-guess"));
        var fifth = await HardeningFixture.PostFormAsync(client, "/account/change-password", "change-password", Fields("guess-5"));
        Assert.Equal(HttpStatusCode.Redirect, fifth.StatusCode);
        Assert.Equal("/account/login", fifth.Headers.Location!.OriginalString);
        Assert.True(await f.IsLockedOutAsync("pw-guess"));
        // Signed out: the session is gone.
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }
}
