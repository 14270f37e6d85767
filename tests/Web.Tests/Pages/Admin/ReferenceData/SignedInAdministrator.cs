using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Web.ReferenceData;
using Web.Tests.ReferenceData;

namespace Web.Tests.Pages.Admin.ReferenceData;

/// <summary>
/// Stands in for sign-in, which another branch is building: a request carrying <c>X-Test-User</c> is signed in
/// as that user with the roles in <c>X-Test-Roles</c>. Requests without it stay anonymous.
/// </summary>
public sealed class TestSignInHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "test-sign-in";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers["X-Test-User"].ToString() is not { Length: > 0 } user)
            return Task.FromResult(AuthenticateResult.NoResult());
        var claims = new List<Claim> { new(ClaimTypes.Name, user) };
        claims.AddRange(Request.Headers["X-Test-Roles"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 403;
        return Task.CompletedTask;
    }
}

/// <summary>The app with the test sign-in as its default scheme.</summary>
public sealed class AdministratorApp : ReferenceDataApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TestSignInHandler>(TestSignInHandler.SchemeName, null);
            services.PostConfigure<AuthenticationOptions>(o => o.DefaultScheme = TestSignInHandler.SchemeName);
        });
    }

    /// <summary>A client signed in as <paramref name="user"/> with the administrator role (cookies kept, so antiforgery works).</summary>
    public HttpClient Administrator(string user = "admin")
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Test-User", user);
        client.DefaultRequestHeaders.Add("X-Test-Roles", ReferenceDataServiceCollectionExtensions.AdministratorRole);
        return client;
    }
}
