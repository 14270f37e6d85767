using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EventStore.Kurrent.Protocol;
using Grpc.Core;
using Grpc.Net.Client;

namespace EventStore.Kurrent;

/// <summary>
/// The adapter's channel to KurrentDB: straight to the one host given, or, for a cluster, to the leader that the given
/// hosts' gossip names (asked again when a call answers not-leader). TLS is verified against the system's roots or
/// the <c>tlsCAFile</c> given; credentials go as a Basic header on every call, over TLS only.
/// </summary>
internal sealed class KurrentConnection : IAsyncDisposable
{
    private readonly KurrentConnectionString _settings;
    private readonly HttpMessageHandler? _handlerForTests;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly X509Certificate2? _ca;
    private GrpcChannel? _channel;
    private Streams.StreamsClient? _streams;

    public KurrentConnection(KurrentConnectionString settings, HttpMessageHandler? handler = null)
    {
        _settings = settings;
        _handlerForTests = handler;
        if (settings.CaFile is { } caFile)
        {
            _ca = File.Exists(caFile)
                ? X509CertificateLoader.LoadCertificateFromFile(caFile)
                : throw new FileNotFoundException($"tlsCAFile '{caFile}' does not exist", caFile);
        }

        Headers = new Metadata { { "requires-leader", "true" } };
        if (settings.UserName is { } user)
            Headers.Add("authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{settings.Password}")));
    }

    /// <summary>Sent with every call: our reads and writes go to the leader, as the command handler's read-then-append needs.</summary>
    public Metadata Headers { get; }

    public async ValueTask<Streams.StreamsClient> StreamsAsync(CancellationToken cancellationToken)
    {
        if (_streams is { } ready)
            return ready;
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_streams is null)
            {
                var endpoint = _settings.IsCluster ? await DiscoverLeaderAsync(cancellationToken) : _settings.Hosts[0];
                _channel = Open(endpoint);
                _streams = new Streams.StreamsClient(_channel);
            }

            return _streams;
        }
        finally
        {
            _connecting.Release();
        }
    }

    /// <summary>
    /// Runs a call, and when a follower answers not-leader, reconnects to the leader it names (or asks gossip again)
    /// and runs it once more.
    /// </summary>
    public async Task<T> CallAsync<T>(Func<Streams.StreamsClient, Task<T>> call, CancellationToken cancellationToken)
    {
        var client = await StreamsAsync(cancellationToken);
        try
        {
            return await call(client);
        }
        catch (RpcException e) when (e.Trailers.GetValue(KurrentProtocol.ErrorKeys.Exception) == KurrentProtocol.Errors.NotLeader)
        {
            await ReconnectAsync(e, client, cancellationToken);
            return await call(await StreamsAsync(cancellationToken));
        }
    }

    private async Task ReconnectAsync(RpcException notLeader, Streams.StreamsClient failed, CancellationToken cancellationToken)
    {
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (!ReferenceEquals(_streams, failed))
                return;
            var host = notLeader.Trailers.GetValue("leader-endpoint-host");
            var port = int.TryParse(notLeader.Trailers.GetValue("leader-endpoint-port"), System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : 0;
            var leader = host is { Length: > 0 } && port > 0 ? new KurrentConnectionString.Endpoint(host, port) : await DiscoverLeaderAsync(cancellationToken);
            var old = _channel;
            _channel = Open(leader);
            _streams = new Streams.StreamsClient(_channel);
            old?.Dispose();
        }
        finally
        {
            _connecting.Release();
        }
    }

    /// <summary>Asks each given host's gossip in turn for a live leader, retrying up to maxDiscoverAttempts.</summary>
    private async Task<KurrentConnectionString.Endpoint> DiscoverLeaderAsync(CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        for (var attempt = 0; attempt < _settings.MaxDiscoverAttempts; attempt++)
        {
            foreach (var seed in _settings.Hosts)
            {
                using var channel = Open(seed);
                try
                {
                    var info = await new Gossip.GossipClient(channel).ReadAsync(new Empty(), Headers, DateTime.UtcNow + _settings.GossipTimeout, cancellationToken);
                    var leader = info.Members.FirstOrDefault(m => m.IsAlive && m.State == MemberInfo.Types.VNodeState.Leader);
                    if (leader?.HttpEndPoint is { } endpoint)
                        return new KurrentConnectionString.Endpoint(endpoint.Address, (int)endpoint.Port);
                    reasons.Add($"{seed} knows no live leader");
                }
                catch (RpcException e)
                {
                    reasons.Add($"{seed}: {e.Status.StatusCode}");
                }
            }

            await Task.Delay(_settings.DiscoveryInterval, cancellationToken);
        }

        throw new InvalidOperationException($"no KurrentDB leader found through gossip ({string.Join("; ", reasons.Distinct())})");
    }

    private GrpcChannel Open(KurrentConnectionString.Endpoint endpoint)
    {
        var handler = _handlerForTests ?? new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = System.Threading.Timeout.InfiniteTimeSpan,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = ValidateServerCertificate },
        };
        return GrpcChannel.ForAddress($"{(_settings.Tls ? "https" : "http")}://{endpoint}", new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            // The largest event KurrentDB can hold must be readable.
            MaxReceiveMessageSize = 17 * 1024 * 1024,
        });
    }

    private bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (!_settings.VerifyCertificate)
            return true;
        if (_ca is null || certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return errors == SslPolicyErrors.None;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(_ca);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    public async ValueTask DisposeAsync()
    {
        await _connecting.WaitAsync();
        try
        {
            _channel?.Dispose();
            _channel = null;
            _streams = null;
        }
        finally
        {
            _connecting.Release();
        }

        _ca?.Dispose();
        _connecting.Dispose();
    }
}
