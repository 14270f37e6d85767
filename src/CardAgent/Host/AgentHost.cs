using System.Globalization;
using System.Text.Json;
using CardAgent.Backends;
using CardAgent.Commands;
using Microsoft.Extensions.Options;

namespace CardAgent.Host;

/// <summary>
/// The thin HTTP host of API v1: loopback only, an exact-origin check on every request (GET
/// included), CORS for the allowed origins with the preflight and Private Network Access answered,
/// then one command handler per route. Bodies are never logged.
/// </summary>
public static class AgentHost
{
    private static readonly JsonSerializerOptions Json = new();

    /// <summary>Builds the agent; <paramref name="configure"/> lets tests add logging providers or configuration.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json beside the program, wherever it was started from (at login the folder is the user's home).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var section = builder.Configuration.GetSection(AgentOptions.Section);
        var options = section.Get<AgentOptions>() ?? new AgentOptions();
        builder.Services.Configure<AgentOptions>(section);
        builder.WebHost.UseUrls(LoopbackUrls.Parse(options.Urls));
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Services.AddSingleton(new OriginPolicy(options.AllowedOrigins));
        builder.Services.AddSingleton(sp => BackendFactory.Create(sp.GetRequiredService<IOptions<AgentOptions>>().Value, sp));
        builder.Services.AddSingleton<StatusCommand>();
        builder.Services.AddSingleton<ReadersCommand>();
        builder.Services.AddSingleton<CertificateCommand>();
        builder.Services.AddSingleton<AuthenticateCommand>();

        var app = builder.Build();
        // Fail at start-up, not at the first request, when the back end's configuration is wrong.
        _ = app.Services.GetRequiredService<ICardBackend>();
        app.Use(OriginGate);
        app.MapGet("/v1/status", (StatusCommand command) => Results.Json(command.Handle(), Json));
        app.MapGet("/v1/readers", async (ReadersCommand command, HttpContext context) => Answer(await command.HandleAsync(context.RequestAborted).ConfigureAwait(false)));
        app.MapPost("/v1/certificate", Certificate);
        app.MapPost("/v1/authenticate", Authenticate);
        app.MapFallback(() => Error(AgentError.BadRequest("沒有這個功能。"), 404));
        return app;
    }

    private static async Task OriginGate(HttpContext context, RequestDelegate next)
    {
        var policy = context.RequestServices.GetRequiredService<OriginPolicy>();
        var origin = context.Request.Headers.Origin.Count == 1 ? context.Request.Headers.Origin[0] : null;
        if (!LoopbackUrls.IsLoopbackHost(context.Request.Host) || !policy.IsAllowed(origin))
        {
            await WriteErrorAsync(context, AgentError.OriginNotAllowed()).ConfigureAwait(false);
            return;
        }
        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.Vary = "Origin";
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            var method = context.Request.Headers.AccessControlRequestMethod.ToString();
            if (method is not ("GET" or "POST"))
            {
                await WriteErrorAsync(context, AgentError.BadRequest("不支援的要求方法。")).ConfigureAwait(false);
                return;
            }
            headers.AccessControlAllowMethods = "GET, POST";
            // JSON bodies force this preflight; htmx's request headers are allowed (and ignored) so a page may use either fetch or htmx.
            headers.AccessControlAllowHeaders = "Content-Type, HX-Request, HX-Current-URL, HX-Target, HX-Trigger, HX-Trigger-Name";
            headers.AccessControlMaxAge = "600";
            // Private Network Access: a public page calling loopback must be explicitly allowed.
            if (string.Equals(context.Request.Headers["Access-Control-Request-Private-Network"], "true", StringComparison.OrdinalIgnoreCase))
                headers["Access-Control-Allow-Private-Network"] = "true";
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        headers.CacheControl = "no-store";
        await next(context).ConfigureAwait(false);
    }

    private static async Task<IResult> Certificate(HttpContext context, CertificateCommand command)
    {
        var (request, refused) = await ReadBodyAsync(context, RequestBodies.ParseCertificate).ConfigureAwait(false);
        if (request is null)
            return refused!;
        return Answer(context, await command.HandleAsync(request, context.RequestAborted).ConfigureAwait(false));
    }

    private static async Task<IResult> Authenticate(HttpContext context, AuthenticateCommand command)
    {
        var origin = context.Request.Headers.Origin[0];
        var (request, refused) = await ReadBodyAsync(context, json => RequestBodies.ParseAuthenticate(json, origin)).ConfigureAwait(false);
        if (request is null)
            return refused!;
        // The command owns the request and wipes its PIN when the card work is over.
        return Answer(context, await command.HandleAsync(request, context.RequestAborted).ConfigureAwait(false));
    }

    /// <summary>Reads a JSON body into a wiped-after-use buffer and parses it; a refusal when that fails.</summary>
    private static async Task<(T? Request, IResult? Refused)> ReadBodyAsync<T>(HttpContext context, RequestBodies.Parser<T> parse) where T : class
    {
        if (!IsJson(context.Request))
            return (null, Error(AgentError.BadRequest("要求內容必須是 JSON。")));
        var body = await RequestBodies.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (body is not var (buffer, length))
            return (null, Error(AgentError.BadRequest("要求內容過大或無法讀取。")));
        try
        {
            var request = parse(buffer.AsSpan(0, length));
            return request is null ? (null, Error(AgentError.BadRequest("要求內容不是正確的 JSON。"))) : (request, null);
        }
        finally
        {
            RequestBodies.Return(buffer, length);
        }
    }

    private static bool IsJson(HttpRequest request) =>
        request.ContentType is { } type && type.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static IResult Answer<T>(HttpContext context, CommandOutcome<T> outcome)
    {
        // The card's own time, so a caller (the benchmark) can tell the agent's overhead from the card's.
        context.Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture, $"card;dur={outcome.CardTime.TotalMilliseconds:0.###}");
        return Answer(outcome.Result);
    }

    private static IResult Answer<T>(AgentResult<T> result) => result.IsSuccess ? Results.Json(result.Value, Json) : Error(result.Error!);

    private static IResult Error(AgentError error, int? status = null) =>
        Results.Json(new ErrorBody(error.Code.ToString(), error.Message, error.TriesLeft, error.Issuer), Json, statusCode: status ?? error.HttpStatus);

    private static Task WriteErrorAsync(HttpContext context, AgentError error)
    {
        context.Response.StatusCode = error.HttpStatus;
        return context.Response.WriteAsJsonAsync(new ErrorBody(error.Code.ToString(), error.Message, error.TriesLeft, error.Issuer), Json);
    }

    /// <summary>The error answer of API v1.</summary>
    private sealed record ErrorBody(
        [property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error,
        [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message,
        [property: System.Text.Json.Serialization.JsonPropertyName("triesLeft"), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] int? TriesLeft,
        [property: System.Text.Json.Serialization.JsonPropertyName("issuer"), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Issuer);
}
