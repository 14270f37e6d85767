using System.Text.RegularExpressions;
using Domain.Certificates;

namespace Web.CardSteps;

/// <summary>
/// One card step of a feature: its name (challenges are bound to it), the kind of card it expects, and how the
/// shared partial <c>_CardStep</c> presents it. Declare it once per page as a static field.
/// </summary>
public sealed partial record CardStepDefinition
{
    /// <param name="name">Lower-case letters, digits and dashes, unique per feature step, e.g. <c>registration-organisation-card</c>.</param>
    /// <param name="kind">Organisation (機關憑證) or citizen (自然人憑證).</param>
    public CardStepDefinition(string name, CertificateKind kind)
    {
        if (!StepName().IsMatch(name ?? ""))
            throw new ArgumentException($"'{name}' is not a step name: lower-case letters, digits and dashes.", nameof(name));
        if (kind is not (CertificateKind.Organisation or CertificateKind.Citizen))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A card step expects an organisation or a citizen card.");
        Name = name!;
        Kind = kind;
    }

    public string Name { get; }

    public CertificateKind Kind { get; }

    /// <summary>The id of the element the step lives in, which htmx swaps with the handler's answer.</summary>
    public required string TargetId { get; init; }

    /// <summary>The step's heading (機關憑證確認, 自然人憑證確認 …).</summary>
    public required string Heading { get; init; }

    /// <summary>One sentence under the heading: what the step is for.</summary>
    public string? Lead { get; init; }

    /// <summary>The page's named handler that verifies the card (<c>OnPostVerifyCard</c> → <c>VerifyCard</c>).</summary>
    public string Handler { get; init; } = "VerifyCard";

    /// <summary>The submit button's text.</summary>
    public string SubmitLabel { get; init; } = "確認";

    /// <summary>The feature's own fields, shown above the card and posted with the token (機關代號, 身分證統一編號 …).</summary>
    public IReadOnlyList<CardStepField> Fields { get; init; } = [];

    /// <summary>機關憑證 or 自然人憑證.</summary>
    public string KindName => CardStepMessages.KindName(Kind);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex StepName();
}

/// <summary>
/// A text field of the feature posted with the card step. <see cref="Name"/> is the bound property's model name
/// (<c>Input.NationalId</c>); the partial shows the posted value back and the errors ModelState holds for it.
/// </summary>
/// <param name="Name">The form field name, e.g. <c>Input.NationalId</c>.</param>
/// <param name="Label">The label, in the seeds' terms (身分證統一編號).</param>
/// <param name="Hint">A hint under the label, or null.</param>
/// <param name="MaxLength">The longest value the field takes.</param>
/// <param name="InputMode">The virtual keyboard to offer (<c>text</c>, <c>numeric</c>).</param>
/// <param name="AutoComplete">The autocomplete token (<c>off</c> for personal data that must not be remembered).</param>
public sealed record CardStepField(string Name, string Label, string? Hint = null, int MaxLength = 64, string InputMode = "text", string AutoComplete = "off")
{
    /// <summary>The element id tag helpers would give the field (so error summaries link to it).</summary>
    public string Id => Name.Replace('.', '_').Replace('[', '_').Replace(']', '_');
}

/// <summary>What the partial renders: the step and the challenge issued for it in this browser session.</summary>
public sealed record CardStepView(CardStepDefinition Step, IssuedChallenge Challenge)
{
    /// <summary>
    /// What the last attempt found about the card itself (expired, revoked, a test CA's), which no input fixes: the
    /// partial says it once in a notice with whom to ask, never at the PIN (set by <c>CardStepService.Retry</c>).
    /// </summary>
    public IReadOnlyList<Domain.Common.Rejection> Notices { get; init; } = [];
}

/// <summary>
/// What a card step form posts, bound by the page as <c>[BindProperty] public CardStepInput CardStep { get; set; }</c>:
/// the challenge it was issued and the agent's token. Never a PIN: the PIN field has no name.
/// </summary>
public sealed class CardStepInput
{
    /// <summary>The property name pages bind it to; rejections of the card go under <c>CardStep.Pin</c>.</summary>
    public const string PropertyName = "CardStep";

    /// <summary>The ModelState key of the PIN field, where the step shows what is wrong with the card.</summary>
    public const string PinKey = $"{PropertyName}.{CardStepMessages.PinField}";

    public string? Challenge { get; set; }

    /// <summary>The card token JSON (docs/architecture.md), exactly as the agent returned it, or HiPKI's answer in the <c>hipki/1</c> wrapper.</summary>
    public string? Token { get; set; }
}

/// <summary>
/// A card this browser session proved it holds: the step, the kind, the validated certificate's facts, the card
/// number and when. <see cref="CardNumber"/> is what the agent read from the card beside the certificate; nothing
/// signs it, so it is shown and recorded as the card's printed number, never relied on to identify anyone.
/// </summary>
public sealed record VerifiedCard(string Step, CertificateKind Kind, CertificateFacts Facts, string? CardNumber, DateTimeOffset VerifiedAt)
{
    /// <summary>What made the signature (pages show it beside the card).</summary>
    public CardSigner Signer { get; init; } = CardSigner.Agent;

    /// <summary>Who was signed in when the card was verified (their session subject), or null: such a card counts only for them.</summary>
    public string? Subject { get; init; }
}

/// <summary>The model of the partial <c>_CardNumber</c>: a card number to show with where it came from, or none, and the signer.</summary>
public sealed record CardNumberView(string? Value, CardSigner Signer = CardSigner.Agent);
