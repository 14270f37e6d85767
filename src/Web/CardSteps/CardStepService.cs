using System.Text.Json;
using Domain.Certificates;
using Domain.Certificates.Cards;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Pkix.Revocation;
using Pkix.Validation;
using Web.CardSteps.Trust;
using Web.Messaging;

namespace Web.CardSteps;

/// <summary>
/// The server's side of every card step (DESIGN.md, "Card steps"): issues the step's challenge for this browser
/// session, verifies the token the page posts back — challenge taken atomically for (session, step), signature over
/// this server's own configured origin and that challenge, certificate chain, validity, revocation, test CAs and key
/// usage for the expected kind — and remembers the verified card for the session.
/// </summary>
public sealed class CardStepService(
    IChallengeStore challenges,
    IVerifiedCardStore verifiedCards,
    ITrustStore trust,
    IOcspTransport ocspTransport,
    IOptions<CardStepOptions> options,
    TimeProvider time,
    Web.SecurityLog.SecurityEvents securityEvents,
    ILogger<CardStepService> logger)
{
    private readonly string _origin = options.Value.PublicOrigin;
    private readonly SignerPolicyOptions _signers = options.Value.Signers;
    private volatile SnapshotVerifiers? _verifiers;

    /// <summary>Issues the step's challenge in this request's browser session (starting one if needed).</summary>
    public CardStepView Begin(HttpContext context, CardStepDefinition step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new CardStepView(step, challenges.Issue(BrowserSession.GetOrStart(context), step.Name));
    }

    /// <summary>Verifies what the step's form posted, in this request's browser session; rejections go to <c>CardStep.Pin</c>.</summary>
    public Task<Outcome<VerifiedCard>> VerifyAsync(HttpContext context, CardStepDefinition step, CardStepInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var origin = context.Request.Headers.Origin.Count == 1 ? context.Request.Headers.Origin[0] : null;
        return VerifiedThenRotateAsync(context, step, input, origin, cancellationToken);
    }

    private async Task<Outcome<VerifiedCard>> VerifiedThenRotateAsync(
        HttpContext context, CardStepDefinition step, CardStepInput input, string? origin, CancellationToken cancellationToken)
    {
        var outcome = await VerifyAsync(BrowserSession.GetOrStart(context), step, input.Challenge, input.Token, origin, cancellationToken,
            SubjectOf(context)).ConfigureAwait(false);
        // A new id after every card that passed: whoever knew the old one (planted it, read it) holds nothing now.
        if (outcome.TryGetValue(out _))
            BrowserSession.Rotate(context);
        else
            securityEvents.Record(context, Web.SecurityLog.SecurityEventKinds.CardStepFailed, code: outcome.Rejections[0].Code, detail: $"卡片步驟 {step.Name}");
        return outcome;
    }

    /// <summary>The signed-in subject of the request, or null for an anonymous one.</summary>
    private static string? SubjectOf(HttpContext context) =>
        context.User.FindFirst(Web.Authentication.SessionClaims.Subject)?.Value is { Length: > 0 } subject ? subject : null;

    /// <summary>
    /// After a refusal — of the card, or of a field checked with it — shows the step again: the rejections go into the
    /// page's ModelState under <paramref name="prefix"/> (card rejections name the PIN field, so the default puts them
    /// there), and a fresh challenge is issued, since the one just posted is spent.
    /// </summary>
    public CardStepView Retry(PageModel page, CardStepDefinition step, IEnumerable<Domain.Common.Rejection> rejections, string prefix = CardStepInput.PropertyName) =>
        Retry(page, step, rejections, RejectionFields.Under(prefix));

    /// <summary>
    /// The same, with each rejection at the key <paramref name="fields"/> gives it. A state of the card (expired,
    /// revoked, a test CA's: <see cref="CardStepMessages.IsStateOfTheCard"/>) is no input error — no PIN typed again
    /// fixes it — so it goes to the step's notice instead, shown once by the partial, never at a field or in the summary.
    /// </summary>
    public CardStepView Retry(PageModel page, CardStepDefinition step, IEnumerable<Domain.Common.Rejection> rejections, RejectionFields fields)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(rejections);
        var all = rejections.ToList();
        page.ModelState.AddRejections(all.Where(r => !CardStepMessages.IsStateOfTheCard(r)), fields);
        return Begin(page.HttpContext, step) with { Notices = [.. all.Where(CardStepMessages.IsStateOfTheCard).DistinctBy(r => r.Message)] };
    }

    /// <summary>The cards this request's browser session has verified (most recent first).</summary>
    /// <remarks>A card verified while someone was signed in counts only for that same person.</remarks>
    public IReadOnlyList<VerifiedCard> VerifiedCards(HttpContext context)
    {
        if (BrowserSession.Find(context) is not { } session)
            return [];
        var subject = SubjectOf(context);
        return verifiedCards.Recall(session).Where(c => c.Subject is null || c.Subject == subject).ToArray();
    }

    /// <summary>Forgets every card this request's browser session verified (signing out, or a flow that must start over).</summary>
    public void ForgetVerifiedCards(HttpContext context)
    {
        if (BrowserSession.Find(context) is { } session)
            verifiedCards.Forget(session);
    }

    /// <summary>
    /// Verifies a posted token for (session, step). The challenge is spent first — whatever the token says, it is
    /// never accepted twice — and the signature is checked against this server's configured origin only.
    /// </summary>
    /// <param name="requestOrigin">The request's Origin header when it has one: a page of another origin is refused outright.</param>
    public async Task<Outcome<VerifiedCard>> VerifyAsync(
        string sessionId, CardStepDefinition step, string? challenge, string? token, string? requestOrigin, CancellationToken cancellationToken = default,
        string? subject = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(step);
        using var span = Hosting.Telemetry.Source.StartActivity("card-step verify");
        span?.SetTag("evs.card_step", step.Name);
        if (string.IsNullOrWhiteSpace(token))
        {
            // Spend the challenge all the same: a form posted without a token gets a fresh step.
            if (!string.IsNullOrEmpty(challenge))
                challenges.Take(challenge, sessionId, step.Name);
            return Refuse(step, CardStepMessages.TokenMissing(step.Kind), "no token");
        }

        var take = challenges.Take(challenge ?? "", sessionId, step.Name);
        if (take.Failure is { } challengeFailure)
            return Refuse(step, CardStepMessages.Rejection(challengeFailure, step.Kind), challengeFailure.ToString());

        // The page says which signer made the token by its format; the policy for the step decides whether that signer will do.
        var signer = HiPkiToken.IsHiPki(token) ? CardSigner.HiPki : CardSigner.Agent;
        if (!_signers.Accepts(step.Name, signer))
        {
            var refused = CardFailure.Of(CardCheck.SignerNotAllowed, $"the step accepts {string.Join(", ", _signers.For(step.Name))}, not {signer}");
            return Refuse(step, CardStepMessages.Rejection(refused, step.Kind), refused.ToString());
        }

        var verifiers = await VerifiersAsync(cancellationToken).ConfigureAwait(false);
        ValidatedCardCertificate? certificate;
        string? cardNumber;
        if (signer == CardSigner.HiPki)
        {
            var result = await verifiers.HiPki.VerifyAsync(token, _origin, requestOrigin, challenge!, step.Kind, _signers.HiPkiPkcs1, cancellationToken).ConfigureAwait(false);
            if (result.Failure is { } failure)
                return Refuse(step, CardStepMessages.Rejection(failure, step.Kind), failure.ToString());
            (certificate, cardNumber) = (result.Certificate, result.CardNumber);
        }
        else
        {
            var result = await verifiers.Agent.VerifyAsync(token, _origin, requestOrigin, challenge!, step.Kind, cancellationToken, _signers.RequiresPss(step.Name)).ConfigureAwait(false);
            if (result.Failure is { } failure)
                return Refuse(step, CardStepMessages.Rejection(failure, step.Kind, PresentedKind(failure, token)), failure.ToString());
            (certificate, cardNumber) = (result.Certificate, ReadCardNumber(token));
        }

        var card = new VerifiedCard(step.Name, step.Kind, certificate!.Facts, cardNumber, time.GetUtcNow()) { Signer = signer, Subject = subject };
        verifiedCards.Remember(sessionId, card);
        logger.LogInformation("Card step {Step}: {Kind} card verified by {Signer} (issuer key {IssuerKeyId}, serial {Serial})", step.Name, step.Kind, signer, card.Facts.IssuerKeyId, card.Facts.SerialNumber);
        return card;
    }

    private Outcome<VerifiedCard> Refuse(CardStepDefinition step, Domain.Common.Rejection rejection, string detail)
    {
        logger.LogInformation("Card step {Step}: refused {Code}", step.Name, rejection.Code);
        if (System.Diagnostics.Activity.Current is { } span && span.Source == Hosting.Telemetry.Source)
            span.SetStatus(System.Diagnostics.ActivityStatusCode.Error, rejection.Code);
        // The detail can name the certificate's subject (a person's name): kept out of the normal log level.
        logger.LogDebug("Card step {Step}: {Detail}", step.Name, detail);
        return Outcome<VerifiedCard>.Rejected(rejection);
    }

    /// <summary>The verifiers for the current trust snapshot (one validator for both signers); rebuilt only when the trust store hands out a new one.</summary>
    private async Task<SnapshotVerifiers> VerifiersAsync(CancellationToken cancellationToken)
    {
        var snapshot = await trust.GetAsync(cancellationToken).ConfigureAwait(false);
        if (_verifiers is { } current && ReferenceEquals(current.Snapshot, snapshot))
            return current;
        var ocsp = snapshot.Ocsp is { } ocspOptions ? new OcspClient(ocspTransport, ocspOptions, time) : null;
        var validator = new CardCertificateValidator(snapshot.Configuration, snapshot.Crls, ocsp, snapshot.Revocation, time);
        var verifiers = new SnapshotVerifiers(snapshot, new CardTokenVerifier(validator), new HiPkiTokenVerifier(validator, time));
        _verifiers = verifiers;
        return verifiers;
    }

    /// <summary>The verifiers and the snapshot they were built from (one reference, swapped whole).</summary>
    private sealed record SnapshotVerifiers(TrustSnapshot Snapshot, CardTokenVerifier Agent, HiPkiTokenVerifier HiPki);

    /// <summary>What kind of card the token's certificate is, to name the wrong card in the message.</summary>
    private static CertificateKind PresentedKind(CardFailure failure, string token)
    {
        if (failure.Check != CardCheck.WrongKind)
            return CertificateKind.Unknown;
        var (parsed, _) = CardToken.Parse(token);
        return parsed is not null && CertificateParser.Parse(parsed.Certificate) is { Succeeded: true } read ? read.Facts.Kind : CertificateKind.Unknown;
    }

    /// <summary>
    /// The card number the agent put beside the token (docs/architecture.md: optional <c>cardNumber</c>). It is not
    /// covered by the signature, so it is taken only as a display fact, and only when it looks like one.
    /// </summary>
    internal static string? ReadCardNumber(string token)
    {
        try
        {
            using var document = JsonDocument.Parse(token, new JsonDocumentOptions { MaxDepth = 4 });
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("cardNumber", out var value)
                   && value.ValueKind == JsonValueKind.String
                   && value.GetString() is { Length: > 0 and <= 32 } number
                   && number.All(char.IsAsciiLetterOrDigit)
                ? number
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
