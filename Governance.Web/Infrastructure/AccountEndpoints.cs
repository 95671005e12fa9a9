using Governance.Data.Entities;
using Microsoft.AspNetCore.Identity;

namespace Governance.Web;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        });
        // The idle timer's "the user is still at work" (wwwroot/js/session.js): authenticating the request renews the
        // sliding sign-in cookie; nothing else happens.
        app.MapPost("/account/keepalive", () => Results.NoContent());
    }
}
