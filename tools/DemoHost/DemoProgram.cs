using DemoHost.DemoData;
using Web.Hosting;

namespace DemoHost;

/// <summary>
/// The web app exactly as production composes it (<see cref="WebShell"/>), plus the demo data. A class of its own
/// rather than top-level statements, so that tests can reference this project beside Web without two <c>Program</c>s.
/// scripts/run starts it from src/Web, whose appsettings.json it reads.
/// </summary>
public static class DemoProgram
{
    public static int Main(string[] args) => StartUpGuard.Run(() =>
    {
        var builder = WebApplication.CreateBuilder(args);
        // The demo is on unless switched off; said in configuration so the shell's start-up check sees it too
        // (outside Development it refuses demo data: Hosting/Transport.cs).
        if (builder.Configuration[$"{WebOptions.Section}:DemoData"] is null)
            builder.Configuration[$"{WebOptions.Section}:DemoData"] = "true";
        builder.AddWebShell();
        builder.Services.AddDemoData(builder.Configuration);
        builder.Services.AddLoopbackAliasRedirect();
        var app = builder.Build();
        app.UseWebShell();
        return app;
    });
}
