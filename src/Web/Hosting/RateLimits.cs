using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Web.Authentication;
using Web.CardSteps;

namespace Web.Hosting;

/// <summary>The actions that are limited: each is counted per client address and per account or certificate.</summary>
public enum LimitedAction
{
    SignIn,
    CardStep,
    LookUp,
    Receipt,
}

/// <summary>One action's permits per <see cref="RateLimitOptions.Window"/>.</summary>
public sealed class ActionLimit
{
    /// <summary>Per client address (an agency behind one NAT address shares it: keep it well above one person's use).</summary>
    public int PerAddress { get; set; }

    /// <summary>Per account, certificate or signed-in person.</summary>
    public int PerSubject { get; set; }
}

/// <summary>
/// <c>Web:RateLimits</c> (docs/deployment.md, "Abuse limits"): permits per window for sign-in, card steps,
/// look-ups and receipts, and the request body limit of every endpoint that does not set its own (imports do).
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Web:RateLimits";

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public ActionLimit SignIn { get; set; } = new() { PerAddress = 60, PerSubject = 10 };

    public ActionLimit CardStep { get; set; } = new() { PerAddress = 120, PerSubject = 20 };

    public ActionLimit LookUp { get; set; } = new() { PerAddress = 120, PerSubject = 30 };

    public ActionLimit Receipt { get; set; } = new() { PerAddress = 120, PerSubject = 30 };

    /// <summary>Bytes a request body may have unless its page says otherwise (the reference-data import allows its files).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public ActionLimit For(LimitedAction action) => action switch
    {
        LimitedAction.SignIn => SignIn,
        LimitedAction.CardStep => CardStep,
        LimitedAction.LookUp => LookUp,
        _ => Receipt,
    };
}

/// <summary>
/// ASP.NET Core rate limiting over <see cref="LimitedAction"/>s, answering 429 with the zh-TW error page, and the
/// small default request body limit. WebShell calls each method once.
/// </summary>
public static class RateLimitHosting
{
    private static readonly object SubjectKey = new();

    public static WebApplicationBuilder AddAbuseLimits(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.Window > TimeSpan.Zero && o.MaxRequestBodyBytes > 0
                && Enum.GetValues<LimitedAction>().All(a => o.For(a).PerAddress > 0 && o.For(a).PerSubject > 0),
                "Web:RateLimits: Window and MaxRequestBodyBytes must be positive, and every PerAddress and PerSubject at least 1")
            .ValidateOnStart();
        // Kestrel refuses larger bodies with 413; a page that takes files raises its own with [RequestSizeLimit].
        builder.Services.Configure<KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, options, byAddress: true)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, options, byAddress: false)));
            limiter.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(options.Window.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                // The status-code page (UseStatusCodePagesWithReExecute) writes the zh-TW page for 429.
                return ValueTask.CompletedTask;
            };
        });
        return builder;
    }

    /// <summary>After authentication (the signed-in person is a subject): finds the subject, then limits.</summary>
    public static WebApplication UseAbuseLimits(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(FindSubject);
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Which limited action a request is, or null; only posts and look-up pages count.</summary>
    public static LimitedAction? Classify(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path;
        var post = HttpMethods.IsPost(request.Method);
        if (path.StartsWithSegments("/Queries") || path.StartsWithSegments("/Admin/GrantSearch"))
            return LimitedAction.LookUp;
        if (path.StartsWithSegments("/Registration/Receipts"))
            return LimitedAction.Receipt;
        if (!post)
            return null;
        if (path.StartsWithSegments("/Account/SignIn"))
            return LimitedAction.SignIn;
        return request.Query["handler"].ToString().StartsWith("Verify", StringComparison.OrdinalIgnoreCase) ? LimitedAction.CardStep : null;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions options, bool byAddress)
    {
        if (Classify(context.Request) is not { } action)
            return RateLimitPartition.GetNoLimiter("");
        var limit = options.For(action);
        string key;
        if (byAddress)
        {
            key = $"{action}|address|{context.Connection.RemoteIpAddress}";
        }
        else if (context.Items[SubjectKey] is string subject)
        {
            key = $"{action}|subject|{subject}";
        }
        else
        {
            return RateLimitPartition.GetNoLimiter("");
        }
        var permits = byAddress ? limit.PerAddress : limit.PerSubject;
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = options.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    // The account typed in, the certificate in a card token, or the signed-in person: hashed, so the limiter's
    // keys hold no account names or certificates.
    private static async Task FindSubject(HttpContext context, RequestDelegate next)
    {
        if (Classify(context.Request) is { } action)
        {
            string? subject = SignedInUser.From(context.User)?.Subject;
            if (subject is null && HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
            {
                IFormCollection form;
                try
                {
                    form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
                }
                catch (Microsoft.AspNetCore.Http.BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                    return;
                }
                subject = action == LimitedAction.SignIn && form["Input.Account"].ToString() is { Length: > 0 } account
                    ? "account:" + account.Trim().ToUpperInvariant()
                    : CertificateOf(form[$"{CardStepInput.PropertyName}.Token"].ToString());
            }
            if (subject is not null)
                context.Items[SubjectKey] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(subject)));
        }
        await next(context).ConfigureAwait(false);
    }

    private static string? CertificateOf(string token)
    {
        if (token.Length == 0)
            return null;
        try
        {
            using var json = JsonDocument.Parse(token);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("certificate", out var certificate)
                && certificate.GetString() is { Length: > 0 } value ? "certificate:" + value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
