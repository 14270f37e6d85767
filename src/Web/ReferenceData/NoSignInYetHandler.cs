using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Web.ReferenceData;

/// <summary>
/// The default authentication scheme while no sign-in is registered: it never authenticates anyone, so pages
/// behind a policy answer 401 (challenge) or 403 (forbid) through the shell's error pages.
/// </summary>
public sealed class NoSignInYetHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "evs-no-sign-in";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
}
