using System.Net;
using System.Net.Sockets;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Security;
using Pkix.Revocation;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;
using BcCertificateParser = Org.BouncyCastle.X509.X509CertificateParser;

namespace TestPki.Ocsp;

/// <summary>What the responder does with the nonce of a request.</summary>
public enum NonceBehaviour
{
    Echo,
    Omit,
    Wrong,
}

/// <summary>Test knobs: each makes the responder misbehave in one way a client must catch.</summary>
public sealed record OcspResponderBehaviour
{
    /// <summary>Sign with a key nobody certified.</summary>
    public bool SignWithWrongKey { get; init; }

    /// <summary>Answer with thisUpdate ten days ago and nextUpdate nine days ago.</summary>
    public bool Stale { get; init; }

    public NonceBehaviour Nonce { get; init; } = NonceBehaviour.Echo;

    /// <summary>Wait this long before answering (for client timeouts).</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.Zero;

    /// <summary>Sign as this responder (certificate DER, PKCS#8 key) and include its certificate, instead of the CA.</summary>
    public (byte[] CertificateDer, byte[] PrivateKeyPkcs8)? DelegatedResponder { get; init; }
}

/// <summary>One CA the responder answers for: its certificate, its private key (PKCS#8 DER) and the serials it revoked.</summary>
/// <param name="KnownSerials">Serials it issued (upper-case hex); null answers "good" for any serial not revoked.</param>
public sealed record OcspCa(byte[] CertificateDer, byte[] PrivateKeyPkcs8, IReadOnlySet<string> RevokedSerials, IReadOnlySet<string>? KnownSerials = null)
{
    /// <summary>
    /// A CA of a generated PKI: revoked and known serials from the manifest (extra cards answer "unknown"). The manifest
    /// lists leaves only, so a CA that certifies other CAs (a root) answers "good" for any serial it did not revoke.
    /// </summary>
    public static OcspCa From(PkiManifest pki, string caName)
    {
        ArgumentNullException.ThrowIfNull(pki);
        var ca = pki.Ca(caName);
        var issued = pki.Leaves.Where(l => l.Issuer == caName).ToList();
        var certifiesCas = pki.Cas.Any(c => c.Issuer == caName && c.Name != caName);
        var pem = File.ReadAllText(ca.KeyPath);
        var key = System.Security.Cryptography.PemEncoding.Find(pem);
        return new OcspCa(
            ca.CertificateDer(),
            Convert.FromBase64String(pem[key.Base64Data]),
            issued.Where(l => l.Case == LeafCase.Revoked).Select(l => l.SerialNumber).ToHashSet(),
            certifiesCas ? null : issued.Select(l => l.SerialNumber).ToHashSet());
    }

    /// <summary>Every CA of a generated PKI.</summary>
    public static IEnumerable<OcspCa> AllOf(PkiManifest pki)
    {
        ArgumentNullException.ThrowIfNull(pki);
        return pki.Cas.Select(c => From(pki, c.Name));
    }
}

/// <summary>
/// A real OCSP responder (RFC 6960 over HTTP POST) on 127.0.0.1 and a free port, answering good,
/// revoked or unknown from the test PKI's CA data, with knobs for the failures a client must detect.
/// Used by tests as a class and by <c>TestPki serve-ocsp</c>.
/// </summary>
public sealed class OcspResponder : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(BcCertificate Certificate, AsymmetricKeyParameter Key, OcspCa Data)> _cas;
    private readonly TimeProvider _time;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stopping = new();
    private int _requests;

    private OcspResponder(IEnumerable<OcspCa> cas, TimeProvider time, int port)
    {
        _time = time;
        var parser = new BcCertificateParser();
        _cas = cas.Select(c => (parser.ReadCertificate(c.CertificateDer), PrivateKeyFactory.CreateKey(c.PrivateKeyPkcs8), c)).ToList();
        Url = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    /// <summary>The current knobs; change them between requests.</summary>
    public OcspResponderBehaviour Behaviour { get; set; } = new();

    /// <summary>How many requests were answered (tests check that a cache or a CRL avoided the network).</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>Starts listening on 127.0.0.1 at a free port (or the one given).</summary>
    public static OcspResponder Start(IEnumerable<OcspCa> cas, TimeProvider? time = null, int port = 0) =>
        new(cas, time ?? TimeProvider.System, port == 0 ? FreePort() : port);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (HttpListenerException)
        {
            // The listener was stopped while waiting for a request: the normal way out.
        }

        _listener.Close();
        _stopping.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body).ConfigureAwait(false);
            var answer = await AnswerAsync(body.ToArray(), _stopping.Token).ConfigureAwait(false);
            context.Response.ContentType = "application/ocsp-response";
            context.Response.ContentLength64 = answer.Length;
            await context.Response.OutputStream.WriteAsync(answer, _stopping.Token).ConfigureAwait(false);
            context.Response.Close();
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client gave up (timeout tests) or the responder is stopping.
        }
    }

    /// <summary>One answer, as the HTTP loop and the in-process transport both give it: after the configured delay, counted.</summary>
    private async Task<byte[]> AnswerAsync(byte[] request, CancellationToken cancellationToken)
    {
        var behaviour = Behaviour;
        if (behaviour.Delay > TimeSpan.Zero)
            await Task.Delay(behaviour.Delay, cancellationToken).ConfigureAwait(false);
        byte[] answer;
        try
        {
            answer = Respond(new OcspReq(request), behaviour);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException or OcspException)
        {
            answer = new OCSPRespGenerator().Generate(OCSPRespGenerator.MalformedRequest, null).GetEncoded();
        }

        Interlocked.Increment(ref _requests);
        return answer;
    }

    /// <summary>
    /// This responder as an OCSP transport inside the process (no HTTP): the OCSP client and the validator are tested
    /// against it; the host's HTTP transport has tests of its own against <see cref="Url"/>. The timeout is enforced as
    /// a transport must; once the responder is disposed it answers "unreachable".
    /// </summary>
    public IOcspTransport InProcess => new InProcessTransport(this);

    private sealed class InProcessTransport(OcspResponder responder) : IOcspTransport
    {
        public async Task<OcspTransportResult> PostAsync(Uri responderUrl, byte[] request, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (responder._stopping.IsCancellationRequested)
                return new OcspTransportResult(null, false, $"{responderUrl} does not answer (the responder is stopped)");
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, responder._stopping.Token);
            deadline.CancelAfter(timeout);
            try
            {
                return new OcspTransportResult(await responder.AnswerAsync(request, deadline.Token).ConfigureAwait(false), false, null);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new OcspTransportResult(null, true, null);
            }
        }
    }

    private byte[] Respond(OcspReq request, OcspResponderBehaviour behaviour)
    {
        var requests = request.GetRequestList();
        var id = requests[0].GetCertID();
        var ca = _cas.FirstOrDefault(c => id.MatchesIssuer(c.Certificate));
        var (signerCertificate, signerKey) = ca.Certificate is null ? (_cas[0].Certificate, _cas[0].Key) : (ca.Certificate, ca.Key);
        if (behaviour.DelegatedResponder is var (delegateDer, delegateKey))
            (signerCertificate, signerKey) = (new BcCertificateParser().ReadCertificate(delegateDer), PrivateKeyFactory.CreateKey(delegateKey));
        if (behaviour.SignWithWrongKey)
            signerKey = WrongKeyFor(signerKey);

        var now = _time.GetUtcNow().UtcDateTime;
        var thisUpdate = behaviour.Stale ? now.AddDays(-10) : now.AddMinutes(-1);
        var nextUpdate = behaviour.Stale ? now.AddDays(-9) : now.AddHours(1);
        var generator = new BasicOcspRespGenerator(new RespID(signerCertificate.SubjectDN));
        foreach (var single in requests)
        {
            var certId = single.GetCertID();
            var serial = certId.SerialNumber.ToString(16).ToUpperInvariant();
            if (serial.Length % 2 == 1) serial = "0" + serial;
            CertificateStatus? status = ca.Certificate is null || (ca.Data.KnownSerials is { } known && !known.Contains(serial))
                ? new UnknownStatus()
                : ca.Data.RevokedSerials.Contains(serial)
                    ? new RevokedStatus(now.AddDays(-2), Org.BouncyCastle.Asn1.X509.CrlReason.KeyCompromise)
                    : CertificateStatus.Good;
            generator.AddResponse(certId, status, thisUpdate, nextUpdate, null);
        }

        var nonce = request.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce);
        if (behaviour.Nonce != NonceBehaviour.Omit && nonce is not null)
        {
            var value = behaviour.Nonce == NonceBehaviour.Wrong ? new DerOctetString(new DerOctetString(new byte[32]).GetEncoded()) : nonce;
            generator.SetResponseExtensions(new X509Extensions(new Dictionary<DerObjectIdentifier, X509Extension>
            {
                [OcspObjectIdentifiers.PkixOcspNonce] = new(false, (Asn1OctetString)value),
            }));
        }

        var algorithm = signerKey is ECPrivateKeyParameters ? "SHA256WITHECDSA" : "SHA256WITHRSA";
        var basic = generator.Generate(new Asn1SignatureFactory(algorithm, signerKey), [signerCertificate], now);
        return new OCSPRespGenerator().Generate(OCSPRespGenerator.Successful, basic).GetEncoded();
    }

    private static AsymmetricKeyParameter WrongKeyFor(AsymmetricKeyParameter key)
    {
        IAsymmetricCipherKeyPairGenerator generator;
        if (key is ECPrivateKeyParameters ec)
        {
            generator = new Org.BouncyCastle.Crypto.Generators.ECKeyPairGenerator();
            generator.Init(new ECKeyGenerationParameters(ec.Parameters, new SecureRandom()));
        }
        else
        {
            generator = new Org.BouncyCastle.Crypto.Generators.RsaKeyPairGenerator();
            generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), new SecureRandom(), 2048, 64));
        }

        return generator.GenerateKeyPair().Private;
    }
}
