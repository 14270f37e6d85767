using EventStore.Grpc.Access;
using EventStore.Grpc;
using EventStore.Kurrent;
using EventStore.Tests.Sqlite;
using EventStore.Tests.TestSupport;

namespace EventStore.Tests.Kurrent;

/// <summary>
/// The KurrentDB adapter against our endpoint with TLS and users, the way the app would meet a secured KurrentDB:
/// a certificate checked against the CA file given, Basic credentials, roles and stream scopes, read-only by default,
/// and a leader found through gossip when the string names several hosts.
/// </summary>
public sealed class KurrentEndpointAccessTests(SecuredEndpointFixture endpoint) : IClassFixture<SecuredEndpointFixture>, IAsyncLifetime
{
    private const string WriterPassword = SecuredEndpointFixture.WriterPassword;
    private const string ReaderPassword = SecuredEndpointFixture.ReaderPassword;

    private readonly List<IAsyncDisposable> _opened = [];

    public Task InitializeAsync() => Task.CompletedTask;

    private KurrentDbEventStore Open(string connectionString)
    {
        var store = new KurrentDbEventStore(connectionString);
        _opened.Add(store);
        return store;
    }

    private string Secured(string userInfo) => $"kurrentdb://{userInfo}@127.0.0.1:{endpoint.Port}?tls=true&tlsCAFile={Uri.EscapeDataString(endpoint.CaFile)}";

    [Fact]
    public async Task A_writer_appends_and_reads_over_tls_with_the_ca_file_given()
    {
        var writer = Open(Secured($"writer:{WriterPassword}"));
        var stream = TestEvents.NewStream("registration");

        var appended = await writer.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(2));

        appended.NextExpectedRevision.ShouldBe(new StreamRevision(1));
        (await writer.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 10)).Events.Select(TestEvents.N).ShouldBe([0, 1]);
    }

    [Fact]
    public async Task A_scoped_reader_reads_its_streams_and_is_refused_everything_else()
    {
        var writer = Open(Secured($"writer:{WriterPassword}"));
        var reader = Open(Secured($"registry-reader:{ReaderPassword}"));
        var registration = TestEvents.NewStream("registration");
        var person = TestEvents.NewStream("person");
        await writer.AppendToStreamAsync(registration, StreamState.NoStream, TestEvents.Many(1));
        await writer.AppendToStreamAsync(person, StreamState.NoStream, TestEvents.Many(1));

        (await reader.ReadStreamAsync(registration, Direction.Forwards, StreamRevision.Start, 10)).Events.Count.ShouldBe(1);
        await Should.ThrowAsync<UnauthorizedAccessException>(() => reader.ReadStreamAsync(person, Direction.Forwards, StreamRevision.Start, 10));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => reader.AppendToStreamAsync(registration, StreamState.Any, [TestEvents.One(9)]));
        (await reader.ReadAllAsync(Direction.Backwards, Position.End, 100)).ShouldAllBe(e => e.StreamId.StartsWith("registration-", StringComparison.Ordinal));
        (await writer.ReadStreamAsync(registration, Direction.Forwards, StreamRevision.Start, 10)).Events.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Wrong_credentials_and_an_untrusted_certificate_are_refused()
    {
        var impostor = Open(Secured($"writer:{ReaderPassword}"));
        var trustingNothing = Open($"kurrentdb://writer:{WriterPassword}@127.0.0.1:{endpoint.Port}?tls=true");

        await Should.ThrowAsync<UnauthorizedAccessException>(() => impostor.ReadHeadPositionAsync());
        var untrusted = await Should.ThrowAsync<global::Grpc.Core.RpcException>(() => trustingNothing.ReadHeadPositionAsync());
        var causes = new List<Exception>();
        for (var cause = untrusted.Status.DebugException; cause is not null; cause = cause.InnerException)
            causes.Add(cause);
        causes.ShouldContain(c => c is System.Security.Authentication.AuthenticationException, "the TLS handshake should refuse a certificate from an unknown CA");
    }

    [Fact]
    public async Task An_endpoint_without_allow_writes_is_read_only()
    {
        await using var readOnly = await KurrentEndpointHost.StartAsync(endpoint.Backing.Store, endpoint.Backing.Clock, new Dictionary<string, string?>());
        var store = Open($"kurrentdb://127.0.0.1:{readOnly.Port}?tls=false");
        var stream = TestEvents.NewStream();
        var head = await endpoint.Backing.Store.ReadHeadPositionAsync();

        await Should.ThrowAsync<UnauthorizedAccessException>(() => store.AppendToStreamAsync(stream, StreamState.Any, [TestEvents.One()]));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => store.SetStreamMetadataAsync(stream, new StreamMetadata(MaxCount: 1)));

        (await store.ReadHeadPositionAsync()).ShouldBe(head);
    }

    [Fact]
    public async Task Several_hosts_find_the_leader_through_gossip_past_one_that_does_not_answer()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var deadPort = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var store = Open($"kurrentdb://writer:{WriterPassword}@127.0.0.1:{deadPort},127.0.0.1:{endpoint.Port}?tls=true&tlsCAFile={Uri.EscapeDataString(endpoint.CaFile)}&discoveryInterval=50");
        var stream = TestEvents.NewStream("registration");

        await store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(1));

        (await store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 1)).Events.ShouldHaveSingleItem();
    }

    public async Task DisposeAsync()
    {
        foreach (var opened in _opened)
            await opened.DisposeAsync();
    }
}

/// <summary>Our endpoint with TLS (a throw-away CA), a writer and a reader scoped to <c>registration-</c>, no anonymous access.</summary>
public sealed class SecuredEndpointFixture : IAsyncLifetime
{
    public const string WriterPassword = "writer-password-1";
    public const string ReaderPassword = "reader-password-1";

    private readonly TestCertificates _certificates = new();
    private KurrentEndpointHost? _host;

    public SqliteStoreFixture Backing { get; } = new();

    public int Port => _host!.Port;

    public string CaFile => _certificates.CaFile;

    public async Task InitializeAsync() =>
        _host = await KurrentEndpointHost.StartAsync(Backing.Store, Backing.Clock, new Dictionary<string, string?>
        {
            ["AllowWrites"] = "true",
            ["Anonymous:Role"] = "none",
            ["Tls:Certificate"] = _certificates.CertificateFile,
            ["Tls:Key"] = _certificates.KeyFile,
            ["Users:0:Name"] = "writer",
            ["Users:0:PasswordHash"] = PasswordHash.Create(WriterPassword),
            ["Users:0:Role"] = "writer",
            ["Users:1:Name"] = "registry-reader",
            ["Users:1:PasswordHash"] = PasswordHash.Create(ReaderPassword),
            ["Users:1:Streams"] = "registration-",
        });

    public async Task DisposeAsync()
    {
        if (_host is not null)
            await _host.DisposeAsync();
        await Backing.DisposeAsync();
        _certificates.Dispose();
    }
}
