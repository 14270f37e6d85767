using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EndToEnd.Tests.Harness;

/// <summary>
/// The whole service for one test class: the real Web app on real Kestrel at a free loopback port, in this
/// process (so a test class can swap services, e.g. the clock), a fresh SQLite store file, and the real card
/// agent process with the demo back end, allowed to answer exactly this web origin — or, with <see cref="OnAHiPkiPc"/>,
/// a PC with HiPKI Local Server (tools/HiPkiEmulator) and no agent of ours.
/// Subclass it to change configuration or services; use it with <c>IClassFixture&lt;T&gt;</c>.
/// </summary>
public class ServiceUnderTest : IAsyncLifetime
{
    private WebOnKestrel? _web;
    private CardAgentProcess? _agent;
    private HiPkiStandIn? _hipki;
    private Uri? _deadAgentUrl;
    private Socket? _deadAgentPort;

    /// <summary>This fixture's own folder: the store file, the agent's demo card folder.</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "evs-e2e", Guid.NewGuid().ToString("N"));

    public string StorePath => Path.Combine(DataDirectory, "events.db");

    /// <summary>The web app's address, e.g. <c>http://127.0.0.1:41234</c> (also the origin cards sign for).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public string Origin => BaseUrl.GetLeftPart(UriPartial.Authority);

    /// <summary>Our card agent (not there on a HiPKI PC: see <see cref="HiPki"/>).</summary>
    public CardAgentProcess Agent => _agent ?? throw new InvalidOperationException(OnAHiPkiPc ? "a HiPKI PC has no agent of ours: use HiPki" : "not started");

    /// <summary>Where the app tells pages our agent is: the agent's address, or on a HiPKI PC a port nobody listens on.</summary>
    public Uri CardAgentUrl => _deadAgentUrl ?? Agent.Url;

    /// <summary>HiPKI Local Server's stand-in, when <see cref="OnAHiPkiPc"/>.</summary>
    public HiPkiStandIn HiPki => _hipki ?? throw new InvalidOperationException(OnAHiPkiPc ? "not started" : "this service runs with our agent: use Agent");

    /// <summary>
    /// The browser's PC has HiPKI Local Server and no agent of ours: the app's agent URL is a port nobody listens on,
    /// its HiPKI URL the stand-in's (on the app's clock), and every card step accepts HiPKI after our agent.
    /// </summary>
    protected virtual bool OnAHiPkiPc => false;

    /// <summary>HiPKI's trusted-site list at start, on a HiPKI PC.</summary>
    protected virtual string[] HiPkiTrustedHosts => ["127.0.0.1"];

    /// <summary>The running app's services (the same singletons the pages use).</summary>
    public IServiceProvider Services => _web?.Services ?? throw new InvalidOperationException("not started");

    public StoreProbe Store => new(Services);

    /// <summary>Each account's signed-in cookies (a context's storage state), for <see cref="BrowserSession.OpenSignedInAsync"/>.</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<string>>> SignedInStates { get; } = new(StringComparer.Ordinal);

    /// <summary>The clock the app runs on when <see cref="UseFakeTime"/> is set; move it with <c>Advance</c>/<c>SetUtcNow</c>.</summary>
    public FakeTimeProvider? Time { get; private set; }

    /// <summary>Run the app on a <see cref="FakeTimeProvider"/> starting at <see cref="FakeTimeStart"/>.</summary>
    protected virtual bool UseFakeTime => false;

    /// <summary>Monday 2026-11-23 10:00 in Taiwan.</summary>
    protected virtual DateTimeOffset FakeTimeStart => new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    /// <summary>Extra configuration (<c>Section:Key</c>) for the web app.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>Extra command-line configuration for the card agent (later values win), e.g. <c>--CardAgent:Backend=pcsc</c>.</summary>
    protected virtual IEnumerable<string> AgentArguments => [];

    /// <summary>Replace or add services after the app registered its own.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        var port = FreePort.Next();
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        if (UseFakeTime)
            Time = new FakeTimeProvider(FakeTimeStart);
        if (OnAHiPkiPc)
        {
            // Bound and never listening, for the fixture's life: connections are refused, and no other server (the
            // stand-in below included) can be handed the same port by the OS.
            _deadAgentPort = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _deadAgentPort.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _deadAgentUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_deadAgentPort.LocalEndPoint!).Port}");
            _hipki = await HiPkiStandIn.StartAsync(Path.Combine(DataDirectory, "hipki-cards"), new FakeTimeProvider(FakeTimeStart), HiPkiTrustedHosts);
        }
        else
        {
            _agent = await CardAgentProcess.StartAsync(Path.Combine(DataDirectory, "cards"), Origin, AgentArguments);
        }
        _web = new WebOnKestrel(this, port);
        _web.StartServer();
    }

    public async Task DisposeAsync()
    {
        if (_web is not null)
            await _web.DisposeAsync();
        if (_agent is not null)
            await _agent.DisposeAsync();
        if (_hipki is not null)
            await _hipki.DisposeAsync();
        _deadAgentPort?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a process that is exiting; the temp folder is cleaned by the OS eventually
        }
    }

    /// <summary>The administrator account <see cref="SignInAsAdministratorAsync"/> opens, held by <see cref="StaffCard"/>'s holder.</summary>
    public const string AdministratorAccount = "e2e-administrator";

    public const string AdministratorPassword = "Keeps-the-service-running-7";

    /// <summary>
    /// Opens <see cref="AdministratorAccount"/> unless it exists and signs <paramref name="session"/> in with both factors;
    /// tests whose subject is an administrator's page take it through <see cref="BrowserSession.OpenSignedInAsync"/>.
    /// </summary>
    public async Task SignInAsAdministratorAsync(BrowserSession session)
    {
        var accounts = Services.GetRequiredService<Web.Authentication.Passwords.PasswordAccounts>();
        var account = Domain.Accounts.AccountName.Of(AdministratorAccount);
        if (!await accounts.ExistsAsync(account))
            (await accounts.OpenAsync(account, Domain.Accounts.AccountKind.Staff, [Web.Authentication.Roles.Administrator], "系統管理者", AdministratorPassword, "e2e", StaffHolder())).ShouldBeNull();
        await Account.SignInDriver.StaffSignInAsync(session, AdministratorAccount, AdministratorPassword);
    }

    /// <summary>The test PKI card whose holder (王小明) holds the staff accounts the browser tests open: their second sign-in step.</summary>
    public const string StaffCard = "citizen-moica2-rsa";

    /// <summary>The holder of <paramref name="card"/> (default <see cref="StaffCard"/>) as an administrator records them (keyed hash with this service's key).</summary>
    public Domain.Accounts.StaffCardHolder StaffHolder(string card = StaffCard)
    {
        var citizen = TestPki.TestPkiCache.Get().Leaf(card).Citizen!;
        var id = Domain.Common.NationalId.Parse(citizen.NationalId).Id!.Value;
        var key = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ReadModels.ReferenceData.NationalIdHashKey>(Services);
        return new Domain.Accounts.StaffCardHolder(key.Hash(id), id.Masked, citizen.Name, id.LastFour);
    }

    private sealed class WebOnKestrel : WebApplicationFactory<Program>
    {
        private readonly ServiceUnderTest _owner;

        public WebOnKestrel(ServiceUnderTest owner, int port)
        {
            _owner = owner;
            UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("EventStore:Provider", "sqlite");
            builder.UseSetting("EventStore:Sqlite:Path", _owner.StorePath);
            builder.UseSetting("DataProtection:Certificate:Generate", "true");
            builder.UseSetting("Web:CardAgentUrl", _owner.CardAgentUrl.ToString());
            if (_owner._hipki is { } hipki)
            {
                builder.UseSetting("Web:HiPkiUrl", hipki.Origin);
                builder.UseSetting("Web:Signers:Default:0", "Agent");
                builder.UseSetting("Web:Signers:Default:1", "HiPki");
                builder.UseSetting("Web:Signers:Steps:registration-:1", "HiPki");
                builder.UseSetting("Web:Signers:Steps:grants-:1", "HiPki");
            }
            // Card tokens are signed for the origin the browser uses; the test PKI's CAs and CRLs are the trust.
            builder.UseSetting("Web:PublicOrigin", _owner.Origin);
            // Both loopback names reach this service (a test opens it as localhost to be an origin the agent does not allow).
            builder.UseSetting("AllowedHosts", "127.0.0.1;localhost");
            builder.UseSetting("Web:Trust:Directory", TestPki.TestPkiCache.Get().Root);
            // Argon2 at a token cost: these tests are about pages, several hosts sign people in at once on two cores, and
            // the production cost (half a second a hash) is measured in docs/authentication.md, not here.
            builder.UseSetting("Authentication:Passwords:MemoryKiB", "1024");
            builder.UseSetting("Authentication:Passwords:Iterations", "1");
            // One browser address and a few accounts sign in all day here; the limits are tested in tests/Security.Tests.
            foreach (var action in new[] { "SignIn", "CardStep", "LookUp", "Receipt" })
            {
                builder.UseSetting($"Web:RateLimits:{action}:PerAddress", "1000000");
                builder.UseSetting($"Web:RateLimits:{action}:PerSubject", "1000000");
            }
            foreach (var (key, value) in _owner.Settings)
                builder.UseSetting(key, value);
            builder.ConfigureTestServices(services =>
            {
                if (_owner.Time is { } time)
                    services.AddSingleton<TimeProvider>(time);
                _owner.ConfigureServices(services);
            });
        }
    }
}
