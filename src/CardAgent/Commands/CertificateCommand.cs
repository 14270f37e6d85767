using System.Text.Json.Serialization;
using CardAgent.Backends;
using Microsoft.Extensions.Options;

namespace CardAgent.Commands;

/// <summary>POST /v1/certificate: the DER certificate of one key on the card in a reader (no PIN needed).</summary>
public sealed class CertificateCommand(ICardBackend backend, IOptions<AgentOptions> options)
{
    public Task<CommandOutcome<CertificateResponse>> HandleAsync(CertificateRequest request, CancellationToken cancellationToken)
    {
        if (RequestChecks.Reader(request.Reader) is { } badReader)
            return Task.FromResult(new CommandOutcome<CertificateResponse>(badReader, TimeSpan.Zero));
        if (RequestChecks.Key(request.Key) is { } badKey)
            return Task.FromResult(new CommandOutcome<CertificateResponse>(badKey, TimeSpan.Zero));
        return CardStep.RunAsync(backend, request.Reader!, TimeSpan.FromSeconds(options.Value.CardTimeoutSeconds), (session, _) =>
            session.ReadCertificate(request.Key ?? "auth").Then<CertificateResponse>(certificate =>
            {
                using (certificate)
                    return session.ReadCardNumber().Then<CertificateResponse>(cardNumber => new CertificateResponse(Convert.ToBase64String(certificate.RawData), cardNumber));
            }), cancellationToken);
    }
}

/// <summary>The certificate request: which reader, which key ("auth" when absent).</summary>
public sealed record CertificateRequest(
    [property: JsonPropertyName("reader")] string? Reader,
    [property: JsonPropertyName("key")] string? Key);

/// <summary>The certificate answer: base64 DER, and the printed card number when the card carries one (unsigned).</summary>
public sealed record CertificateResponse(
    [property: JsonPropertyName("certificate")] string Certificate,
    [property: JsonPropertyName("cardNumber"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CardNumber = null);
