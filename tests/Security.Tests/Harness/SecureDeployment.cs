using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Domain.Accounts;
using EndToEnd.Tests.Harness;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using TestPki;
using Web.Authentication;
using Web.Authentication.Passwords;

namespace Security.Tests.Harness;

/// <summary>
/// The app as agency IT deploys it: Production, on real Kestrel at a loopback port, behind Debian's nginx
/// terminating TLS with a server certificate from the test PKI; <c>Web:PublicOrigin</c> is the proxy's https
/// address and <c>Web:Proxies:KnownProxies</c> lists only 127.0.0.1 (nginx's address as the app sees it).
/// One per test class.
/// </summary>
public class SecureDeployment : IAsyncLifetime
{
    public const string StaffAccount = "proxy-admin";
    public const string StaffPassword = "a long enough staff passphrase";

    /// <summary>The test PKI card of the staff account's holder: the second sign-in step.</summary>
    public const string StaffCard = "citizen-moica2-rsa";

    private WebOnKestrel? _web;
    private NginxProxy? _proxy;
    private TlsServerFiles? _tls;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "evs-security", Guid.NewGuid().ToString("N"));

    public int AppPort { get; } = FreePort.Next();

    public NginxProxy Proxy => _proxy ?? throw new InvalidOperationException("not started");

    /// <summary>https://localhost:&lt;nginx TLS port&gt;: the public origin.</summary>
    public Uri PublicOrigin => new($"https://localhost:{Proxy.HttpsPort}");

    public IServiceProvider Services => _web?.Services ?? throw new InvalidOperationException("not started");

    /// <summary>Extra configuration for a test class.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>The app's clock: the test PKI's reference instant, when its cards and CRLs are current.</summary>
    public FakeTimeProvider Clock { get; } = new(TestPkiCache.Get().ReferenceInstants.Now);

    public StoreProbe Store => new(Services);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        _tls = TestPkiCache.Get().IssueTlsServer(Path.Combine(DataDirectory, "tls"));
        _proxy = await NginxProxy.StartAsync(Path.Combine(DataDirectory, "nginx"), AppPort, _tls.CertificatePath, _tls.KeyPath);
        _web = new WebOnKestrel(this);
        _web.StartServer();
        await OpenStaffAccountAsync();
    }

    /// <summary>Opens <see cref="StaffAccount"/>, an administrator held by <see cref="StaffCard"/>'s holder (a test class may open its own instead).</summary>
    protected virtual async Task OpenStaffAccountAsync()
    {
        var accounts = Services.GetRequiredService<PasswordAccounts>();
        var holder = TestPkiCache.Get().Leaf(StaffCard).Citizen!;
        var id = Domain.Common.NationalId.Parse(holder.NationalId).Id!.Value;
        var key = Services.GetRequiredService<ReadModels.ReferenceData.NationalIdHashKey>();
        (await accounts.OpenAsync(AccountName.Of(StaffAccount), AccountKind.Staff, [Roles.Administrator], "代理測試管理者", StaffPassword, "system:test",
            new StaffCardHolder(key.Hash(id), id.Masked, holder.Name, id.LastFour))).ShouldBeNull();
    }

    /// <summary>A client that goes through nginx, trusts only the test PKI's GCA for the proxy, follows no redirects and keeps no cookies (tests read Set-Cookie).</summary>
    public HttpClient ClientThroughProxy(Uri? baseAddress = null) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = IssuedByTestGca },
        })
        { BaseAddress = baseAddress ?? PublicOrigin };

    /// <summary>A client that talks to Kestrel directly from <paramref name="localAddress"/> (a loopback address nginx is not on).</summary>
    public HttpClient ClientDirectFrom(IPAddress localAddress) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(localAddress, 0));
                    await socket.ConnectAsync(context.DnsEndPoint.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { BaseAddress = new Uri($"http://127.0.0.1:{AppPort}") };

    private bool IssuedByTestGca(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || _tls is null)
            return false;
        using var validation = new X509Chain();
        validation.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        // GCA issued the proxy's certificate; GRCA G2 (the test PKI's) is the root it chains to.
        using var root = X509CertificateLoader.LoadCertificateFromFile(TestPkiCache.Get().Ca("grca-g2").CertificateDerPath);
        validation.ChainPolicy.CustomTrustStore.Add(root);
        validation.ChainPolicy.ExtraStore.Add(_tls.Issuer);
        validation.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return validation.Build(leaf) && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None;
    }

    public async Task DisposeAsync()
    {
        if (_web is not null)
            await _web.DisposeAsync();
        if (_proxy is not null)
            await _proxy.DisposeAsync();
        _tls?.Issuer.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a process that is exiting; the temp folder is cleaned by the OS eventually
        }
    }

    private sealed class WebOnKestrel : WebApplicationFactory<Program>
    {
        private readonly SecureDeployment _owner;

        public WebOnKestrel(SecureDeployment owner)
        {
            _owner = owner;
            UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, owner.AppPort));
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("EventStore:Provider", "sqlite");
            builder.UseSetting("EventStore:Sqlite:Path", Path.Combine(_owner.DataDirectory, "events.db"));
            builder.UseSetting("Web:PublicOrigin", _owner.PublicOrigin.GetLeftPart(UriPartial.Authority));
            builder.UseSetting("Web:Proxies:KnownProxies:0", "127.0.0.1");
            builder.UseSetting("Web:Trust:Directory", TestPkiCache.Get().Root);
            builder.UseSetting("AllowedHosts", "localhost");
            builder.UseSetting("DataProtection:Certificate:Generate", "true");
            // Argon2 at a token cost: these tests are about transport and limits, not the hash's cost.
            builder.UseSetting("Authentication:Passwords:MemoryKiB", "1024");
            builder.UseSetting("Authentication:Passwords:Iterations", "1");
            foreach (var (key, value) in _owner.Settings)
                builder.UseSetting(key, value);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_owner.Clock));
        }
    }
}
