using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Web.Hosting;

/// <summary>
/// Which node answered: every response carries <c>X-Node</c> (<c>Web:NodeName</c>, default the machine's name), so a
/// balancer's logs, an operator's curl and the cluster tests can see where a request landed.
/// </summary>
public static partial class NodeNames
{
    public const string Header = "X-Node";

    public static bool IsValid(string name) => name is { Length: > 0 } && Shape().IsMatch(name);

    /// <summary>Adds the header as the response starts (after error pages re-executed, which clear headers set before).</summary>
    public static WebApplication UseNodeHeader(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Read per request (the options cache it), not here: a bad Web:NodeName must fail the start-up checks with their one line.
        var options = app.Services.GetRequiredService<IOptions<WebOptions>>();
        app.Use((context, next) =>
        {
            var node = options.Value.Node;
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[Header] = node;
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,63}$")]
    private static partial Regex Shape();
}
