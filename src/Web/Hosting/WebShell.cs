using EventStore.DependencyInjection;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using FluentValidation;
using Microsoft.Extensions.WebEncoders;
using ReadModels.DependencyInjection;
using Web.Pages.Audit;
using Web.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Mvc;
using Web.CardSteps;
using Web.Pages.Grants;
using Web.Pages.Health;
using Web.Htmx;
using Web.Logging;
using Web.Messaging;
using Web.Navigation;
using Web.ReferenceData;
using Web.Pages.Registration;
using Web.Security;
using Web.State;
using Web.Validation;

namespace Web.Hosting;

/// <summary>
/// The application's services and request pipeline, in one place so Program.cs stays two lines and the
/// test hosts run exactly what production runs.
/// </summary>
public static class WebShell
{
    /// <summary>The antiforgery header htmx requests carry (set by wwwroot/js/site.js from the page's meta tag).</summary>
    public const string AntiforgeryHeader = "RequestVerificationToken";

    public static WebApplicationBuilder AddWebShell(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // ASP.NET Core's own request lines print the whole URL, query string included, and its Debug/Trace
        // lines can print handler arguments: RequestLoggingMiddleware writes the one request line instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore", level => level >= LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", level => level >= LogLevel.Warning);
        builder.Logging.QuietHostFailureWhileStarting();

        // Outside Development ASP.NET Core expects published output for static files; scripts/run and the browser
        // tests run the build output, whose Web.staticwebassets.runtime.json maps wwwroot and the compressed copies.
        // Published output has no such manifest, and then this does nothing.
        builder.WebHost.UseStaticWebAssets();

        services.AddOptions<WebOptions>()
            .Bind(builder.Configuration.GetSection(WebOptions.Section))
            .Validate(o => o.CardAgentUrl.IsAbsoluteUri && o.CardAgentUrl.Scheme is "http" or "https",
                "Web:CardAgentUrl must be an absolute http(s) URL")
            .Validate(o => o.ReadModelWait > TimeSpan.Zero, "Web:ReadModelWait must be a positive time span, e.g. 00:00:10")
            .Validate(o => NodeNames.IsValid(o.Node), "Web:NodeName must be 1 to 63 letters, digits, '.', '-' or '_' (it names this node in the X-Node header)")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddEventStore(builder.Configuration);
        services.AddReadModels(builder.Configuration);

        // Razor Pages validate the antiforgery token on every POST, PUT and DELETE by default; htmx sends it as a header.
        services.AddRazorPages()
            .AddMvcOptions(options =>
            {
                // FluentValidation (through the Mediator pipeline) is the one validator; no implicit [Required].
                options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
                ZhTwModelBindingMessages.Apply(options.ModelBindingMessageProvider);
            });
        // Chinese text goes out as text, not as &#x...; entities (HTML-significant characters are still encoded).
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddAntiforgery(options =>
        {
            options.HeaderName = AntiforgeryHeader;
            options.Cookie.Name = "evs-antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
        });

        ValidationSetup.ApplyGlobalSettings();
        services.AddValidatorsFromAssemblyContaining<WebOptions>(ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddMediator(options =>
        {
            options.Namespace = "Web.Messaging.Generated";
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
        });

        services.AddSingleton<FeatureCatalog>();
        services.TryAddSingleton<ReadModelWait>();
        services.AddHttpContextAccessor();
        services.TryAddSingleton<CommandPipeline>();
        services.TryAddSingleton<FormCommandIds>();

        // Feature areas register their own services here, one call each.
        builder.AddServerState();
        builder.Services.AddSecurityLog(builder.Configuration);
        builder.Services.TryAddSingleton<Web.SecurityLog.SecurityEvents>();
        services.AddCardSteps();
        services.AddWebAuthentication(builder.Configuration);
        services.AddReferenceData(builder.Configuration);
        services.AddRegistration(builder.Configuration);
        services.AddHandlerGrants();
        services.AddAudit(builder.Configuration);
        builder.AddKurrentEndpointWhenEnabled();
        builder.AddTransportSecurity();
        builder.AddAbuseLimits();
        builder.AddHealthProbes();
        builder.AddTelemetry();
        return builder;
    }

    public static WebApplication UseWebShell(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseNodeHeader();
        app.UseTransportSecurity();
        app.UseMiddleware<RequestLoggingMiddleware>();
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/Error");
        app.UseStatusCodePagesWithReExecute("/Error/{0}");
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseNoStoreUnlessCached();
        app.UseMiddleware<VaryByHtmxMiddleware>();
        app.UseRouting();
        app.Use(RequestLoggingMiddleware.RecordMatchedRoute);
        app.UseWebAuthentication();
        app.UseAbuseLimits();
        app.UseReadYourWrites();
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        app.MapHealthProbes();
        app.MapKurrentEndpointWhenEnabled();
        return app;
    }
}
