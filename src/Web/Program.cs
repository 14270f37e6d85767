var builder = WebApplication.CreateBuilder(args);
builder.Services.AddRazorPages();

var app = builder.Build();
app.MapRazorPages();
app.MapGet("/health", () => Results.Text("ok"));
app.Run();

/// <summary>Entry point, visible to tests that host the app.</summary>
public partial class Program;
