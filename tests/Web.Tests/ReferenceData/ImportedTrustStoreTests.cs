using Domain.Certificates;
using Domain.Certificates.Cards;
using Microsoft.Extensions.Time.Testing;
using Pkix.Validation;
using TestPki;
using Web.CardSteps.Trust;
using Web.ReferenceData;

namespace Web.Tests.ReferenceData;

/// <summary>The card steps' trust store over the imported trust list, with CRLs from the files.</summary>
public class ImportedTrustStoreTests(ImportedTrustStoreTests.TrustApp app) : IClassFixture<ImportedTrustStoreTests.TrustApp>
{
    private static readonly PkiManifest Pki = TestPkiCache.Get();

    /// <summary>The app with the file trust (Web:Trust) over the test PKI's folder.</summary>
    public sealed class TrustApp : ReferenceDataApp
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Web:Trust:Directory", Pki.Root)];
    }

    private static string Row(string kind, string role, string ca) => $"{kind},{role},{ca},{Convert.ToBase64String(Pki.Ca(ca).CertificateDer())}";

    private static async Task<CardCertificateResult> ValidateAsync(TrustSnapshot snapshot, string leaf, CertificateKind kind) =>
        await new CardCertificateValidator(snapshot.Configuration, snapshot.Crls, null, snapshot.Revocation with { Mode = RevocationMode.CrlThenOcsp }, new FakeTimeProvider(Pki.ReferenceInstants.Now))
            .ValidateAsync(Pki.Leaf(leaf).CertificateDer(), kind);

    [Fact]
    public async Task The_imported_list_decides_which_CAs_are_trusted_and_the_files_still_give_the_CRLs()
    {
        var store = app.Get<ITrustStore>().ShouldBeOfType<ImportedTrustStore>();
        var fromFiles = await app.Get<FileTrustStore>().GetAsync();

        // Before any import: exactly the files' trust.
        (await store.GetAsync()).ShouldBeSameAs(fromFiles);
        (await ValidateAsync(fromFiles, "citizen-moica3-rsa", CertificateKind.Citizen)).IsValid.ShouldBeTrue();

        // An import that no longer lists MOICA's first generation.
        await app.ImportAsync(Domain.ReferenceData.ReferenceDataKind.TrustAnchors, string.Join("\n", "kind,role,name,certificate",
            Row("organisation", "anchor", "grca-g2"), Row("organisation", "issuing", "gca"),
            Row("citizen", "anchor", "grca-g2"), Row("citizen", "issuing", "moica-g2"), Row("any", "denied", "test-gca")) + "\n");
        var imported = await store.GetAsync();

        imported.ShouldNotBeSameAs(fromFiles);
        (await store.GetAsync()).ShouldBeSameAs(imported);
        imported.Crls.ShouldBeSameAs(fromFiles.Crls);
        imported.Configuration.Kinds[CertificateKind.Citizen].IssuingCas.Select(c => c.KeyIdHex).ShouldBe([Pki.Ca("moica-g2").SubjectKeyId]);
        imported.Configuration.DeniedKeyIds.ShouldContain(Pki.Ca("test-gca").SubjectKeyId);
        (await ValidateAsync(imported, "citizen-moica2-rsa", CertificateKind.Citizen)).IsValid.ShouldBeTrue();
        (await ValidateAsync(imported, "citizen-moica3-rsa", CertificateKind.Citizen)).Failure!.Certificate.ShouldBe(CertificateFailureCode.UntrustedIssuer);
        (await ValidateAsync(imported, "citizen-revoked", CertificateKind.Citizen)).Failure!.Certificate.ShouldBe(CertificateFailureCode.Revoked);
        (await ValidateAsync(imported, "org-xca-rsa", CertificateKind.Organisation)).IsValid.ShouldBeFalse();
        (await ValidateAsync(imported, "org-test-ca", CertificateKind.Organisation)).Failure!.Check.ShouldBe(CardCheck.TestCertificate);
    }
}
