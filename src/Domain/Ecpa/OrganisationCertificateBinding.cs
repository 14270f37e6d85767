using Domain.Certificates;
using Domain.Common;
using Domain.People;
using Domain.ReferenceData;
using Domain.Registration;

namespace Domain.Ecpa;

/// <summary>The personnel officer uploading a certificate: who, and every personnel report of theirs (the rule is applied here).</summary>
public sealed record Uploader(string PersonKey, string Name, IReadOnlyList<IPersonnelReport> Reports);

/// <summary>
/// 機關憑證上傳, step 3: bind the organisation card verified in step 1 to the agency code entered in step 2.
/// </summary>
/// <param name="DirectoryEntry">The directory's entry for <see cref="Agency"/>, or null when it has none.</param>
/// <param name="CertificateBoundToAgency">The agency the certificate is bound to now (a projection lookup), or null.</param>
public sealed record BindOrganisationCertificate(
    Guid CommandId,
    AgencyCode Agency,
    string Actor,
    DateTimeOffset Now,
    CertificateFacts Certificate,
    string? CardNumber,
    AgencyDirectoryEntry? DirectoryEntry,
    Uploader Uploader,
    string? CertificateBoundToAgency) : IStreamCommand<OrganisationCertificateDecider, AgencyCertificate, BindOrganisationCertificate, EcpaAgencyEvent>
{
    private readonly DateTimeOffset now = Now.ToUniversalTime();

    /// <summary>The agency's uploaded-certificate stream.</summary>
    public string StreamName => AgencyCertificate.StreamName(Agency);

    public DateTimeOffset Now { get => now; init => now = value.ToUniversalTime(); }
}

/// <summary>An agency's eCPA certificate stream folded: the organisation certificate bound now.</summary>
public sealed record AgencyCertificate(OrganisationCertificateInfo? Current)
{
    public static AgencyCertificate Initial { get; } = new((OrganisationCertificateInfo?)null);

    /// <summary>The stream of one agency's uploaded organisation certificate: <c>ecpa-agency-{agencyCode}</c>.</summary>
    public static string StreamName(AgencyCode agency) => $"ecpa-agency-{agency.Value}";

    public CertificateKey? CurrentKey => Current is { } c ? new CertificateKey(c.IssuerKeyId, c.SerialNumber) : null;

    public static AgencyCertificate Evolve(AgencyCertificate state, EcpaAgencyEvent @event) => @event switch
    {
        OrganisationCertificateBound e => new AgencyCertificate(e.Certificate),
        _ => state,
    };
}

/// <summary>The form fields of the upload's rejections.</summary>
public static class OrganisationUploadFields
{
    public const string AgencyCode = nameof(AgencyCode);
    public const string Certificate = nameof(Certificate);
}

/// <summary>Why an organisation certificate cannot be bound to the agency.</summary>
public static class OrganisationUploadRejections
{
    public static Rejection NotAPersonnelOfficer { get; } = new("not-a-personnel-officer",
        "只有人事人員可以上傳機關憑證。公務人力資料庫中您目前不符合人事人員的條件（人員區分 08、服務單位含「人事」或兼辦人事，且為現職；資料於入檔隔天生效）。");

    public static Rejection NotAnOrganisationCertificate { get; } = new("not-an-organisation-certificate",
        "讀到的不是機關憑證，請插入機關憑證 IC 卡後再試一次。", OrganisationUploadFields.Certificate);

    public static Rejection AgencyNotInDirectory { get; } = new("agency-not-in-directory",
        "機關代碼檔中查無這個機關代碼，請確認後重新輸入。", OrganisationUploadFields.AgencyCode);

    public static Rejection OidDoesNotMatch(AgencyDirectoryEntry entry, string? identifier) => new("oid-does-not-match-agency",
        $"這張機關憑證的{(identifier is null ? "識別碼" : OrganisationIdentifier.Describe(identifier))}不是機關代碼檔中「{entry.Name}」（{entry.Code}）登錄的識別碼，請確認機關代碼是否正確。", OrganisationUploadFields.AgencyCode);

    public static Rejection NotOfficerOfAgency(AgencyDirectoryEntry entry) => new("not-officer-of-agency",
        $"您不是「{entry.Name}」（{entry.Code}）的人事人員，只能上傳您任職機關的機關憑證。", OrganisationUploadFields.AgencyCode);

    public static Rejection BoundToAnotherAgency(string agency) => new("certificate-bound-to-another-agency",
        $"這張機關憑證已對應到機關代碼 {agency}，不能再對應到其他機關。", OrganisationUploadFields.Certificate);
}

/// <summary>
/// The rules of 機關憑證上傳: only a personnel officer (SPEC's rule, applied to the uploader's reports in effect
/// today), an organisation certificate, an agency in the directory whose expected OIDs include the certificate's,
/// an uploader who is a personnel officer of that very agency, and a certificate no other agency holds. Binding
/// the certificate already bound decides nothing; a different one replaces it.
/// </summary>
public sealed class OrganisationCertificateDecider : IDecider<AgencyCertificate, BindOrganisationCertificate, EcpaAgencyEvent>
{
    public static AgencyCertificate Initial => AgencyCertificate.Initial;

    public static AgencyCertificate Evolve(AgencyCertificate state, EcpaAgencyEvent @event) => AgencyCertificate.Evolve(state, @event);

    public static Decision<EcpaAgencyEvent> Decide(BindOrganisationCertificate command, AgencyCertificate state)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(state);
        if (Check(command) is { } rejection)
            return rejection;
        if (state.CurrentKey == CertificateKey.Of(command.Certificate))
            return Decision<EcpaAgencyEvent>.Nothing;
        var previous = state.Current;
        return Decision<EcpaAgencyEvent>.Accept(new OrganisationCertificateBound(
            command.Agency.Value,
            command.DirectoryEntry!.Name,
            CertificateInfos.Organisation(command.Certificate, command.CardNumber),
            previous?.IssuerKeyId,
            previous?.SerialNumber,
            command.Uploader.PersonKey,
            command.Uploader.Name,
            command.Actor,
            command.Now));
    }

    /// <summary>The agencies where the uploader is a personnel officer today (Taiwan date of <paramref name="now"/>).</summary>
    public static IReadOnlyList<AgencyCode> OfficerOf(Uploader uploader, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(uploader);
        var today = RocDate.TaiwanDate(now);
        return PersonnelStanding.EffectiveReports(uploader.Reports, today)
            .Where(r => PersonnelOfficerRule.IsPersonnelOfficer(r, today))
            .Select(r => r.Agency)
            .Distinct()
            .ToList();
    }

    /// <summary>The first rule the upload breaks, in order; null when none (pages call it for the step they are on).</summary>
    public static Rejection? Check(BindOrganisationCertificate command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var officerOf = OfficerOf(command.Uploader, command.Now);
        if (officerOf.Count == 0)
            return OrganisationUploadRejections.NotAPersonnelOfficer;
        if (command.Certificate.Kind != CertificateKind.Organisation)
            return OrganisationUploadRejections.NotAnOrganisationCertificate;
        if (command.DirectoryEntry is not { } entry)
            return OrganisationUploadRejections.AgencyNotInDirectory;
        if (!entry.Expects(command.Certificate.OrganisationIdentifier))
            return OrganisationUploadRejections.OidDoesNotMatch(entry, command.Certificate.OrganisationIdentifier);
        if (!officerOf.Contains(command.Agency))
            return OrganisationUploadRejections.NotOfficerOfAgency(entry);
        if (command.CertificateBoundToAgency is { } other && other != command.Agency.Value)
            return OrganisationUploadRejections.BoundToAnotherAgency(other);
        return null;
    }
}
