using System.Security.Claims;
using System.Text.Encodings.Web;
using EndToEnd.Tests.Harness;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Web.ReferenceData;

namespace EndToEnd.Tests.Admin.ReferenceData;

/// <summary>
/// The service with every visitor signed in as the administrator "admin": a stand-in for sign-in, which another
/// branch is building (the pages' policy is the real one).
/// </summary>
public sealed class AdministratorService : ServiceUnderTest
{
    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, EveryoneIsAdministrator>(EveryoneIsAdministrator.SchemeName, null);
        services.PostConfigure<AuthenticationOptions>(o => o.DefaultScheme = EveryoneIsAdministrator.SchemeName);
    }

    private sealed class EveryoneIsAdministrator(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "test-administrator";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var identity = new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, ReferenceDataServiceCollectionExtensions.AdministratorRole)], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
