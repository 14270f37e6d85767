using Domain.Registration;

namespace Domain.People;

/// <summary>A person's stream folded: the citizen certificate bound now (null before the first binding).</summary>
public sealed record PersonCertificates(string? PersonKey, CitizenCertificateInfo? Current, int Bindings)
{
    public static PersonCertificates Initial { get; } = new(null, null, 0);

    /// <summary>The stream of one person: <c>person-{keyed hash of the national ID}</c>.</summary>
    public static string StreamName(string personKey) => $"person-{personKey}";

    public CertificateKey? CurrentKey => Current is { } c ? new CertificateKey(c.IssuerKeyId, c.SerialNumber) : null;

    public static PersonCertificates Evolve(PersonCertificates state, PersonEvent @event)
    {
        ArgumentNullException.ThrowIfNull(state);
        return @event switch
        {
            CitizenCertificateBound e => state with { PersonKey = e.PersonKey, Current = e.Certificate, Bindings = state.Bindings + 1 },
            CitizenCertificateReplaced e => state with { PersonKey = e.PersonKey, Current = e.Certificate, Bindings = state.Bindings + 1 },
            _ => state,
        };
    }
}
