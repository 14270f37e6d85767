using Web.Hosting;

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
