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
/// A handler's own view: signed in with their citizen card, the functions each agency granted to that card's serial
/// (grants in force only), read from the issued-grants list as it is now, not as it was at sign-in.
/// </summary>
[Authorize(Policy = Policies.CitizenCardSession)]
public sealed class IndexModel(HandlerGrantsBySerialQuery grants, FunctionCatalogueLookup catalogues) : PageModel
{
    public IReadOnlyList<IGrouping<string, HandlerGrantRow>> ByAgency { get; private set; } = [];

    public HandlerGrantCatalogues Catalogues { get; private set; } = null!;

    public string Serial { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // The session's certificate claim is "{issuerKeyId}:{serial}" (CertificateKey); grants name the serial.
        var certificate = SignedInUser.From(User)?.Certificate ?? "";
        Serial = CertificateSerial.Normalise(certificate[(certificate.LastIndexOf(':') + 1)..]) ?? "";
        var rows = Serial.Length == 0 ? [] : await grants.ForSerialAsync(Serial, cancellationToken);
        Catalogues = await HandlerGrantCatalogues.ForAsync(catalogues, rows, cancellationToken);
        ByAgency = rows.GroupBy(r => r.AgencyCode, StringComparer.Ordinal).ToList();
    }
}
