using Domain.People;
using EventStore.Serialization;
using ReadModels.Projections;

namespace ReadModels.People;

/// <summary>
/// The citizen-certificate index (<c>people_citizen_certificates</c>): every certificate ever bound to a person,
/// by (issuer key id, serial), with the person's key, masked ID and name, and when the binding began and ended
/// (a replacement ends the previous one). Card sign-in asks it "whose is this certificate?".
/// </summary>
public sealed class CitizenCertificatesProjection : Projection
{
    public const string ProjectionName = "people-citizen-certificates";

    public CitizenCertificatesProjection(EventTypeRegistry registry)
        : base(registry)
    {
        On<CitizenCertificateBound>((e, recorded, w) => Bind(w, e.PersonKey, e.MaskedNationalId, e.Name, e.Certificate, e.Path, e.BoundAt));
        On<CitizenCertificateReplaced>(async (e, recorded, w) =>
        {
            await w.ExecuteAsync(
                $"UPDATE {w.Table("people_citizen_certificates")} SET ended_at_us = @at WHERE issuer_key_id = @IssuerKeyId AND serial = @Serial AND ended_at_us IS NULL",
                new { at = UnixMicros.Of(e.ReplacedAt), IssuerKeyId = e.PreviousIssuerKeyId, Serial = e.PreviousSerialNumber });
            await Bind(w, e.PersonKey, e.MaskedNationalId, e.Name, e.Certificate, e.Path, e.ReplacedAt);
        });
    }

    public override string Name => ProjectionName;

    public override int Version => 1;

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        new("people_citizen_certificates",
            "issuer_key_id TEXT NOT NULL, serial TEXT NOT NULL, person_key TEXT NOT NULL, masked_id TEXT NOT NULL, name TEXT NOT NULL, "
            + "subject TEXT NOT NULL, not_before_us INTEGER NOT NULL, not_after_us INTEGER NOT NULL, path TEXT NOT NULL, bound_at_us INTEGER NOT NULL, ended_at_us INTEGER, "
            + "PRIMARY KEY (issuer_key_id, serial)",
            "person_key"),
    ];

    private static Task<int> Bind(ProjectionWriter w, string personKey, string masked, string name, Domain.Registration.CitizenCertificateInfo certificate, string path, DateTimeOffset at) =>
        // A certificate bound again after it ended (a person going back to an older card) starts a new binding.
        w.ExecuteAsync(
            $"""
            INSERT INTO {w.Table("people_citizen_certificates")}
                (issuer_key_id, serial, person_key, masked_id, name, subject, not_before_us, not_after_us, path, bound_at_us, ended_at_us)
            VALUES (@IssuerKeyId, @SerialNumber, @personKey, @masked, @name, @SubjectDn, @notBefore, @notAfter, @path, @at, NULL)
            ON CONFLICT (issuer_key_id, serial) DO UPDATE SET person_key = excluded.person_key, masked_id = excluded.masked_id, name = excluded.name, subject = excluded.subject, not_before_us = excluded.not_before_us, not_after_us = excluded.not_after_us, path = excluded.path, bound_at_us = excluded.bound_at_us, ended_at_us = excluded.ended_at_us
            """,
            new
            {
                certificate.IssuerKeyId,
                certificate.SerialNumber,
                personKey,
                masked,
                name,
                certificate.SubjectDn,
                notBefore = UnixMicros.Of(certificate.NotBefore),
                notAfter = UnixMicros.Of(certificate.NotAfter),
                path,
                at = UnixMicros.Of(at),
            });
}
