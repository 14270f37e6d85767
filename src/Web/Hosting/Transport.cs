using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Web.Hosting;

/// <summary>
/// The transport part of the <c>Web</c> section (docs/deployment.md, "Proxy, TLS and cookies"): the public origin,
/// the proxies whose <c>X-Forwarded-For</c>/<c>-Proto</c> are believed, and whether demo data is on.
/// </summary>
public sealed class TransportOptions
{
    public string PublicOrigin { get; set; } = "";

    /// <summary><c>Web:DemoData</c>: tools/DemoHost's published accounts and repository-derived anchors.</summary>
    public bool DemoData { get; set; }

    public ProxyOptions Proxies { get; set; } = new();
}

/// <summary><c>Web:Proxies</c>: the reverse proxies in front of the app; a request from any other address has its forwarded headers ignored.</summary>
public sealed class ProxyOptions
{
    /// <summary>Single addresses, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

/// <summary>
/// How this deployment is reached, decided once at start-up from <c>Web:PublicOrigin</c> and the environment.
/// Secure (an https origin): HSTS, HTTPS redirection, and every cookie <c>Secure</c> with the <c>__Host-</c> prefix.
/// Outside Development the origin must be https; the only exception is a loopback origin (<c>localhost</c>,
/// <c>127.0.0.0/8</c>, <c>[::1]</c>), which no other machine's browser can use: the test hosts and a local trial.
/// </summary>
public sealed class TransportSecurity
{
    private const string HostPrefix = "__Host-";

    public TransportSecurity(string publicOrigin)
    {
        Secure = Uri.TryCreate(publicOrigin, UriKind.Absolute, out var origin) && origin.Scheme == Uri.UriSchemeHttps;
        Origin = origin;
    }

    public bool Secure { get; }

    public Uri? Origin { get; }

    /// <summary>The cookie name as sent: <c>__Host-</c> + <paramref name="name"/> on a secure deployment (the browser then insists on Secure, Path=/ and no Domain).</summary>
    public string CookieName(string name) => Secure && !name.StartsWith(HostPrefix, StringComparison.Ordinal) ? HostPrefix + name : name;

    /// <summary>The one refusal of this section, or null: outside Development an http origin off loopback, or demo data.</summary>
    public static string? StartUpProblem(TransportOptions options, bool development)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (development)
            return null;
        if (options.DemoData)
            return "Web:DemoData must be false outside Development: the demo opens an admin account with a published password and trusts anchors whose keys are public";
        if (Uri.TryCreate(options.PublicOrigin, UriKind.Absolute, out var origin) && origin.Scheme == Uri.UriSchemeHttp && !IsLoopback(origin))
            return "Web:PublicOrigin must be https:// outside Development (the address of the TLS-terminating proxy, e.g. https://evs.example.gov.tw)";
        foreach (var proxy in options.Proxies.KnownProxies)
        {
            if (!IPAddress.TryParse(proxy, out _))
                return $"Web:Proxies:KnownProxies: '{proxy}' is not an IP address";
        }
        foreach (var network in options.Proxies.KnownNetworks)
        {
            if (!System.Net.IPNetwork.TryParse(network, out _))
                return $"Web:Proxies:KnownNetworks: '{network}' is not a network in CIDR notation (e.g. 10.0.0.0/24)";
        }
        return null;
    }

    private static bool IsLoopback(Uri origin) =>
        origin.IsLoopback || (IPAddress.TryParse(origin.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}

/// <summary>Registers and applies <see cref="TransportSecurity"/>; WebShell calls each once.</summary>
public static class TransportHosting
{
    public static WebApplicationBuilder AddTransportSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var development = builder.Environment.IsDevelopment();
        services.AddOptions<TransportOptions>()
            .BindConfiguration(WebOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TransportOptions>>(new TransportValidation(development));

        var transport = new TransportSecurity(builder.Configuration[$"{WebOptions.Section}:PublicOrigin"] ?? "");
        services.AddSingleton(transport);

        // Forwarded headers only from the configured proxies: ASP.NET Core's default trusts all of loopback, which
        // behind a proxy on the same host is right but must be said, not assumed.
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            var proxies = builder.Configuration.GetSection($"{WebOptions.Section}:Proxies").Get<ProxyOptions>() ?? new ProxyOptions();
            foreach (var proxy in proxies.KnownProxies)
            {
                if (IPAddress.TryParse(proxy, out var address))
                    options.KnownProxies.Add(address);
            }
            foreach (var network in proxies.KnownNetworks)
            {
                if (System.Net.IPNetwork.TryParse(network, out var parsed))
                    options.KnownIPNetworks.Add(parsed);
            }
        });

        // AllowedHosts from configuration; left at "*" outside Development it means the public origin's host only.
        services.PostConfigure<HostFilteringOptions>(options =>
        {
            if (development || transport.Origin is null)
                return;
            if (options.AllowedHosts.Count == 0 || options.AllowedHosts.Contains("*"))
                options.AllowedHosts = [transport.Origin.IdnHost];
            options.AllowEmptyHosts = false;
        });

        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            // The defaults leave out localhost; a deployment that says https means it for whatever host it serves.
            options.ExcludedHosts.Clear();
        });
        services.AddHttpsRedirection(options =>
        {
            options.RedirectStatusCode = StatusCodes.Status308PermanentRedirect;
            options.HttpsPort = transport.Origin is { } origin ? origin.Port : 443;
        });

        // Every cookie's name and flags, in one place: the sign-in, antiforgery and TempData cookies here; the browser
        // session and return cookies ask TransportSecurity.CookieName for theirs.
        services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, options =>
        {
            options.Cookie.Name = transport.CookieName(options.Cookie.Name!);
            if (transport.Secure)
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        });
        services.PostConfigure<AntiforgeryOptions>(options =>
        {
            options.Cookie.Name = transport.CookieName(options.Cookie.Name!);
            if (transport.Secure)
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        });
        services.Configure<CookieTempDataProviderOptions>(options =>
        {
            options.Cookie.Name = transport.CookieName("evs-tempdata");
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.Path = "/";
            if (transport.Secure)
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        });
        services.Configure<CookiePolicyOptions>(options =>
        {
            options.MinimumSameSitePolicy = SameSiteMode.Strict;
            options.HttpOnly = HttpOnlyPolicy.Always;
            options.Secure = transport.Secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        return builder;
    }

    /// <summary>First in the pipeline: the client's address and scheme as the proxy saw them, then HTTPS only.</summary>
    public static WebApplication UseTransportSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders();
        if (app.Services.GetRequiredService<TransportSecurity>().Secure)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseCookiePolicy();
        return app;
    }

    private sealed class TransportValidation(bool development) : IValidateOptions<TransportOptions>
    {
        public ValidateOptionsResult Validate(string? name, TransportOptions options) =>
            TransportSecurity.StartUpProblem(options, development) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
