using System.Text.Json;
using CardAgent.Backends;
using CardAgent.Host;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HiPkiEmulator;

/// <summary>
/// The HTTP side of the emulator: HiPKI's routes on loopback, no CORS headers on the API (as HiPKI sends
/// none), the trusted-site check on every card call, and the popup and add-site pages from <c>www/</c>.
/// </summary>
public static class EmulatorHost
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var options = builder.Configuration.GetSection(EmulatorOptions.Section).Get<EmulatorOptions>() ?? new EmulatorOptions();
        if (string.IsNullOrEmpty(options.CardsDirectory))
            throw new InvalidOperationException("HiPki:CardsDirectory must name the folder of card images (*.card.json)");
        builder.WebHost.UseUrls(LoopbackUrls.Parse(options.Urls));
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new TrustedSites(options));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new DemoBackend(options.CardsDirectory, sp.GetRequiredService<ILogger<DemoBackend>>()));
        builder.Services.AddSingleton<CardService>();

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            // A DNS-rebinding page reaches loopback under its own host name: answer only loopback names.
            if (!LoopbackUrls.IsLoopbackHost(context.Request.Host))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            context.Response.Headers.CacheControl = "no-store";
            await next(context).ConfigureAwait(false);
        });
        app.MapGet("/", () => Results.Content(Page("index.html").Replace("{version}", CardService.ServerVersion, StringComparison.Ordinal), "text/html; charset=utf-8"));
        app.MapGet("/popupForm", () => Results.Content(Page("popupForm.html"), "text/html; charset=utf-8"));
        app.MapGet("/ChtPopupForm", () => Results.Content(Page("popupForm.html"), "text/html; charset=utf-8"));
        app.MapGet("/addDomain", () => Results.Content(Page("addDomain.html"), "text/html; charset=utf-8"));
        app.MapGet("/popup.js", () => Results.Content(Page("popup.js"), "text/javascript; charset=utf-8"));
        app.MapGet("/addDomain.js", () => Results.Content(Page("addDomain.js"), "text/javascript; charset=utf-8"));
        app.MapPost("/addDomain", AddDomainAsync);
        app.MapMethods("/pkcs11info", ["GET", "POST"], Pkcs11InfoAsync);
        app.MapPost("/sign", SignAsync);
        return app;
    }

    private static string Page(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "www", name));

    private static async Task<IResult> Pkcs11InfoAsync(HttpContext context, CardService cards, TrustedSites trusted)
    {
        var form = await FormAsync(context).ConfigureAwait(false);
        if (Untrusted(context, form, trusted))
            return Results.Json(CardService.Failure(ReturnCodes.UntrustedSite, func: "pkcs11info"), Json);
        var withCertificates = string.Equals(context.Request.Query["withcert"], "true", StringComparison.OrdinalIgnoreCase);
        return Results.Json(await Task.Run(() => cards.Pkcs11Info(withCertificates)).ConfigureAwait(false), Json);
    }

    private static async Task<IResult> SignAsync(HttpContext context, CardService cards, TrustedSites trusted)
    {
        var form = await FormAsync(context).ConfigureAwait(false);
        if (Untrusted(context, form, trusted))
            return Results.Json(CardService.Failure(ReturnCodes.UntrustedSite), Json);
        var package = SignPackage.Parse(form?["tbsPackage"]);
        if (package is null)
            return Results.Json(CardService.Failure(ReturnCodes.BadJson), Json);
        return Results.Json(await Task.Run(() => cards.Sign(package)).ConfigureAwait(false), Json);
    }

    /// <summary>Adds a host name, asked for by the add-site page only: its Origin is this emulator's own.</summary>
    private static async Task<IResult> AddDomainAsync(HttpContext context, TrustedSites trusted)
    {
        var form = await FormAsync(context).ConfigureAwait(false);
        if (!IsOwnPage(context))
            return Results.Json(CardService.Failure(ReturnCodes.ForbiddenDomain, func: "addDomain"), Json, statusCode: StatusCodes.Status403Forbidden);
        var domain = form?["domain"].ToString();
        if (!TrustedSites.IsHostName(domain))
            return Results.Json(CardService.Failure(ReturnCodes.BadParameter, func: "addDomain"), Json);
        trusted.Add(domain!);
        return Results.Json(new Dictionary<string, object?> { ["func"] = "addDomain", ["ret_code"] = ReturnCodes.Success }, Json);
    }

    /// <summary>
    /// The site asking: the origin the popup received the request from (its <c>site</c> field, only believed
    /// when the call comes from the emulator's own popup page), else the request's Origin. A call without
    /// Origin is a local program, not a web page, and is let through.
    /// </summary>
    private static bool Untrusted(HttpContext context, IFormCollection? form, TrustedSites trusted)
    {
        var origin = context.Request.Headers.Origin.Count == 1 ? context.Request.Headers.Origin[0] : null;
        if (string.IsNullOrEmpty(origin))
            return false;
        var site = IsOwnPage(context) ? form?["site"].ToString() : origin;
        return !Uri.TryCreate(site, UriKind.Absolute, out var uri) || !trusted.Contains(uri.Host);
    }

    private static bool IsOwnPage(HttpContext context) =>
        context.Request.Headers.Origin.Count == 1 && context.Request.Headers.Origin[0] == $"{context.Request.Scheme}://{context.Request.Host}";

    private static async Task<IFormCollection?> FormAsync(HttpContext context) =>
        context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false) : null;
}
