using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using Web.Hosting;

namespace Security.Tests.Transport;

/// <summary>Issue 14 point 1: outside Development an http origin or demo data stops the app at start-up with one line naming the key.</summary>
public class StartUpRefusalTests
{
    [Theory]
    [InlineData("https://evs.example.gov.tw", false, "Production", null)]
    [InlineData("http://evs.example.gov.tw", false, "Production", "Web:PublicOrigin must be https://")]
    [InlineData("http://evs.example.gov.tw", false, "Staging", "Web:PublicOrigin must be https://")]
    [InlineData("http://evs.example.gov.tw", false, "Development", null)]
    [InlineData("http://localhost:5080", false, "Production", null)]
    [InlineData("http://127.0.0.1:5080", false, "Production", null)]
    [InlineData("https://evs.example.gov.tw", true, "Production", "Web:DemoData must be false")]
    [InlineData("http://localhost:5080", true, "Production", "Web:DemoData must be false")]
    [InlineData("http://localhost:5080", true, "Development", null)]
    public void The_start_up_check_refuses_an_http_origin_off_loopback_and_demo_data_outside_Development(string origin, bool demoData, string environment, string? refusal)
    {
        var problem = TransportSecurity.StartUpProblem(new TransportOptions { PublicOrigin = origin, DemoData = demoData }, environment == "Development");

        if (refusal is null)
            problem.ShouldBeNull();
        else
            problem.ShouldNotBeNull().ShouldStartWith(refusal);
    }

    [Theory]
    [InlineData("Web:PublicOrigin", "http://evs.example.gov.tw", "Web:PublicOrigin must be https://")]
    [InlineData("Web:DemoData", "true", "Web:DemoData must be false")]
    [InlineData("Web:Proxies:KnownNetworks:0", "10.0.0.0/99", "Web:Proxies:KnownNetworks")]
    [InlineData("DataProtection:Certificate:Generate", "false", "DataProtection:Certificate:Path must name the PKCS#12 file")]
    public void The_app_in_Production_does_not_start_and_says_what_to_set(string key, string value, string message)
    {
        using var app = new ProductionApp(key, value);

        var failure = Should.Throw<OptionsValidationException>(() => app.CreateClient());

        failure.Message.ShouldContain(message);
    }

    [Theory]
    [InlineData("Web:DemoData must be false outside Development", "--environment", "Production", "--Web:PublicOrigin=https://evs.example.gov.tw")]
    [InlineData("EventStore:Provider", "--EventStore:Provider=oracle")]
    [InlineData("PersonalData:NationalIdHashKey", "--EventStore:Provider=postgres", "--EventStore:Postgres:ConnectionString=Host=127.0.0.1;Port=1;Username=evs;Password=x;Database=evs")]
    [InlineData("EventStore:Postgres:ConnectionString", "--EventStore:Provider=postgres", "--EventStore:Postgres:ConnectionString=Host=127.0.0.1;Port=1;Username=evs;Password=x;Database=evs", "--PersonalData:NationalIdHashKey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")]
    [InlineData("EventStore:Sqlite:Path", "--EventStore:Sqlite:Path=/dev/null/events.db")]
    [InlineData("SecurityLog:PerAddressPerKindPerMinute", "--SecurityLog:PerAddressPerKindPerMinute=zero")]
    [InlineData("Telemetry:OtlpEndpoint", "--Telemetry:OtlpEndpoint=collector:4317")]
    [InlineData("Web:Trust:CrlRefresh:Urls", "--Web:Trust:CrlRefresh:Urls:0=ftp://moica.nat.gov.tw/complete.crl")]
    [InlineData("Web:Trust:CrlRefresh:Interval", "--Web:Trust:CrlRefresh:Interval=00:00:00")]
    [InlineData("Registration:BothCardsSwapCoolingOff", "--Registration:BothCardsSwapCoolingOff=three days")]
    [InlineData("Registration:BothCardsSwapCoolingOff", "--Registration:BothCardsSwapCoolingOff=00:00:00")]
    public async Task The_host_with_bad_settings_exits_with_code_2_and_one_line_naming_what_to_set(string named, params string[] settings)
    {
        // tools/DemoHost (what scripts/run starts, demo data on unless told otherwise) runs the same start-up guard as src/Web.
        var directory = Path.Combine(Path.GetTempPath(), "evs-security", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList =
                {
                    Path.Combine(AppContext.BaseDirectory, "DemoHost.dll"), "--environment", "Development", "--urls", "http://127.0.0.1:0", "--Web:PublicOrigin=http://localhost:5080",
                    "--EventStore:Provider=sqlite", $"--EventStore:Sqlite:Path={Path.Combine(directory, "events.db")}",
                },
                WorkingDirectory = directory,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            foreach (var setting in settings)
                start.ArgumentList.Add(setting);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            finally
            {
                // A host that started after all must not outlive the test (nor hold its output pipes open).
                if (!process.HasExited)
                    process.Kill(entireProcessTree: true);
            }

            var said = await error;
            process.ExitCode.ShouldBe(StartUpGuard.BadConfigurationExitCode, said);
            (await output).ShouldNotContain("Unhandled exception");
            said.ShouldNotContain("Unhandled exception");
            said.TrimEnd().Split('\n').ShouldHaveSingleItem(said).ShouldContain(named);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class ProductionApp(string key, string value) : WebApplicationFactory<Program>
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "evs-security", Guid.NewGuid().ToString("N"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("EventStore:Provider", "sqlite");
            builder.UseSetting("EventStore:Sqlite:Path", Path.Combine(_directory, "events.db"));
            builder.UseSetting("Web:PublicOrigin", "https://evs.example.gov.tw");
            // The key ring's certificate is a start-up check of its own: given here so each case meets only its own.
            builder.UseSetting("DataProtection:Certificate:Generate", "true");
            builder.UseSetting(key, value);
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing && Directory.Exists(_directory))
                Directory.Delete(_directory, recursive: true);
        }
    }
}
