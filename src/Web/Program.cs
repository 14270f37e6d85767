using Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddWebShell();

var app = builder.Build();
app.UseWebShell();
app.Run();

/// <summary>Entry point, visible to tests that host the app.</summary>
public partial class Program;
