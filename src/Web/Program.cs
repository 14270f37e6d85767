using Web.Hosting;
using Web.Pages.Admin.Staff;

// `Web admin create-first …` opens a new deployment's first administrator and exits (docs/deployment.md).
if (FirstAdministrator.IsCommand(args))
    return FirstAdministrator.Run(args, Console.In, Console.Out, Console.Error, interactive: !Console.IsInputRedirected);

return StartUpGuard.Run(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddWebShell();
    var app = builder.Build();
    app.UseWebShell();
    return app;
});

/// <summary>Entry point, visible to tests that host the app.</summary>
public partial class Program;
