using Domain.Registration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReadModels.Grants;
using Web.Authentication;
using Web.Navigation;
using ReadModels.ReferenceData;

[assembly: FeatureLink("/Grants/Mine/Index", "我的授權功能", "經辦人以自然人憑證登入後，查看各機關授權給您的功能。", FeatureGroup.Grants, Order = 20)]

namespace Web.Pages.Grants.Mine;

/// <summary>
/// A handler's own view: signed in with their citizen card, the functions each agency granted to that card — its issuer,
/// serial and holder, as the 經辦人 role at sign-in (grants in force only) — read from the issued-grants list as it is
/// now, not as it was at sign-in.
/// </summary>
[Authorize(Policy = Policies.CitizenCardSession)]
public sealed class IndexModel(HandlerGrantsOfCardQuery grants, FunctionCatalogueLookup catalogues) : PageModel
{
    public IReadOnlyList<IGrouping<string, HandlerGrantRow>> ByAgency { get; private set; } = [];

    public HandlerGrantCatalogues Catalogues { get; private set; } = null!;

    public string Serial { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // The session's certificate claim is "{issuerKeyId}:{serial}" (CertificateKey); its person key is the holder's ID hash.
        var user = SignedInUser.From(User);
        var certificate = user?.Certificate ?? "";
        var separator = certificate.LastIndexOf(':');
        var issuerKeyId = separator > 0 ? certificate[..separator] : "";
        Serial = CertificateSerial.Normalise(certificate[(separator + 1)..]) ?? "";
        var rows = Serial.Length == 0 || issuerKeyId.Length == 0 || user?.PersonKey is not { Length: > 0 } person
            ? []
            : await grants.ForCardAsync(issuerKeyId, Serial, person, cancellationToken);
        Catalogues = await HandlerGrantCatalogues.ForAsync(catalogues, rows, cancellationToken);
        ByAgency = rows.GroupBy(r => r.AgencyCode, StringComparer.Ordinal).ToList();
    }
}
