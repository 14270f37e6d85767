namespace Web.CardSteps;

/// <summary>What made a card step's signature.</summary>
public enum CardSigner
{
    /// <summary>Our card agent: signs H(origin) ‖ H(challenge), so the signature is bound to this service's origin.</summary>
    Agent,

    /// <summary>HiPKI Local Server (中華電信跨平台網頁元件): signs whatever a page gives it, bound to no origin.</summary>
    HiPki,
}

/// <summary>Where our agent's RSA tokens must be PS256 (HiPKI's PKCS1 mode can make an RS256 token of our format).</summary>
public enum PssRequirement
{
    Never,

    /// <summary>On the steps that accept our agent only: there the origin binding is the point, and RS256 does not give it.</summary>
    AgentOnlySteps,

    Always,
}

/// <summary>
/// <c>Web:Signers</c> (docs/deployment.md, "Signers"): which signer each card step accepts. <see cref="Steps"/> keys
/// are a step name or a prefix ending in <c>-</c> (<c>registration-</c>); the longest match wins, else <see cref="Default"/>.
/// </summary>
public sealed class SignerPolicyOptions
{
    /// <summary>Signers for steps no key matches; unset means our agent only (HiPKI is a deployment's choice).</summary>
    public List<CardSigner>? Default { get; set; }

    public Dictionary<string, List<CardSigner>> Steps { get; set; } = new(StringComparer.Ordinal);

    public PssRequirement PssRequired { get; set; } = PssRequirement.AgentOnlySteps;

    /// <summary>Accept HiPKI's bare PKCS1 signature where PKCS7 is not to be had (off: PKCS7 only).</summary>
    public bool HiPkiPkcs1 { get; set; }

    /// <summary>The signers step <paramref name="step"/> accepts.</summary>
    public IReadOnlyList<CardSigner> For(string step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var match = Steps
            .Where(s => s.Key == step || (s.Key.EndsWith('-') && step.StartsWith(s.Key, StringComparison.Ordinal)))
            .OrderByDescending(s => s.Key.Length)
            .Select(s => s.Value)
            .FirstOrDefault();
        return match is { Count: > 0 } ? match.Distinct().ToList() : Default is { Count: > 0 } ? Default.Distinct().ToList() : [CardSigner.Agent];
    }

    public bool Accepts(string step, CardSigner signer) => For(step).Contains(signer);

    public bool RequiresPss(string step) => PssRequired switch
    {
        PssRequirement.Always => true,
        PssRequirement.AgentOnlySteps => !Accepts(step, CardSigner.HiPki),
        _ => false,
    };
}
