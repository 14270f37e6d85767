using System.Net;
using EventStore.SecurityLog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Web.Tests.Authentication;
using Web.Tests.Pages.Admin.ReferenceData;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Audit;

/// <summary>
/// The app with a small security-log cap (<see cref="Cap"/> rows per address, kind and minute), and clients that each
/// come from their own address: the in-memory test server has no socket, so the first middleware sets the connection's
/// address from <see cref="AddressHeader"/> as a TLS proxy's forwarded header would have.
/// </summary>
public sealed class SecurityLogApp : AdministratorApp
{
    public const int Cap = 5;

    private const string AddressHeader = "X-Test-Client-Address";

    public ISecurityLog Log => Get<ISecurityLog>();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new(EventStore.DependencyInjection.SecurityLogServiceCollectionExtensions.CapKey, Cap.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, AddressFromHeader>());
    }

    /// <summary>A client (cookies kept, no redirects followed) whose requests come from <paramref name="address"/>.</summary>
    public HttpClient ClientFrom(string address)
    {
        var client = SignInSupport.Client(this);
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        return client;
    }

    /// <summary>The staff account <paramref name="account"/> (opened if new) signed in with both factors from <paramref name="address"/>.</summary>
    public async Task<HttpClient> StaffFromAsync(string address, string account, string role, string holderCard = SignInSupport.StaffCard)
    {
        await SignInSupport.OpenAsync(this, account, Domain.Accounts.AccountKind.Staff, holderCard, [role]);
        var client = ClientFrom(address);
        using var response = await SignInSupport.SignInStaffAsync(this, client, account, card: holderCard);
        ((int)response.StatusCode).ShouldBe(302, "the staff sign-in should open a session");
        return client;
    }

    private sealed class AddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers[AddressHeader] is [{ } address])
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
