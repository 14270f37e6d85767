var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:61280");

var app = builder.Build();
app.MapGet("/v1/status", () => Results.Json(new { version = "0.1.0", backends = Array.Empty<string>() }));
app.Run();
