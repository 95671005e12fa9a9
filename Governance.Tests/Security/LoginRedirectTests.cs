using System.Net;
using Governance.Tests.Support;

namespace Governance.Tests.Security;

/// <summary>Item: open redirect after sign-in. ReturnUrl must stay on this site whatever is hidden in it.</summary>
[Collection(AppCollection.Name)]
public sealed class LoginRedirectTests(HardeningFixture f) : IClassFixture<HardeningFixture>
{
    [Theory]
    [InlineData("%2F%09%2Fevil.example%2Fphish", "/")]             // tab: browsers drop it → //evil.example
    [InlineData("%2F%0A%2Fevil.example%2Fphish", "/")]             // newline: was a 500
    [InlineData("%2F%0D%0ASet-Cookie%3Ax%3D1", "/")]               // header injection attempt
    [InlineData("%2F%2Fevil.example", "/")]
    [InlineData("%2F%5Cevil.example", "/")]
    [InlineData("%2F%20%2Fevil.example", "/")]
    [InlineData("https%3A%2F%2Fevil.example%2F", "/")]
    [InlineData("%2F%252F%2Fevil.example", "/")]                   // decodes again to ///evil.example
    [InlineData("%2F%E2%80%AE%2Fevil.example", "/")]               // invisible format character
    [InlineData("evil.example", "/")]
    [InlineData("%2Fcolumn-requests%2F1", "/column-requests/1")]
    [InlineData("%2Fcolumns%3Fq%3D%E6%95%99", "/columns?q=%E6%95%99")] // non-ASCII: was a 500, now percent-encoded
    public async Task SignIn_WithReturnUrl_RedirectsOnlyToThisSite(string encodedReturnUrl, string expectedLocation)
    {
        var client = f.NewClient();
        var response = await HardeningFixture.SignInAsync(client, "observer", loginUrl: "/account/login?ReturnUrl=" + encodedReturnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expectedLocation, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/\t/evil.example/phish", "/")]
    [InlineData("/\u00a0/evil.example", "/")]
    [InlineData("~/admin", "/admin")]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    [InlineData("/content/12#history", "/content/12#history")]
    [InlineData("/columns?q=教育", "/columns?q=%E6%95%99%E8%82%B2")]
    public void SafeReturnUrl_Cases(string? returnUrl, string expected) =>
        Assert.Equal(expected, Governance.Web.SafeRedirect.LocalOrHome(returnUrl));
}
