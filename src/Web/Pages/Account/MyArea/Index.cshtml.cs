using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReadModels.People;
using Web.Authentication;

namespace Web.Pages.Account.MyArea;

/// <summary>/Account/MyArea (我的專區): who the session is, its roles, the citizen certificate bound, and what it can do from here.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(CitizenCertificateIndex certificates) : PageModel
{
    public SignedInUser Session { get; private set; } = null!;

    /// <summary>What the page before reported: <c>bound</c>, <c>replaced</c> or <c>already</c> (a certificate binding).</summary>
    [BindProperty(SupportsGet = true, Name = "notice")]
    public string? Notice { get; set; }

    /// <summary>The person's citizen certificate bound now, when the session is a person's.</summary>
    public CitizenCertificateBinding? BoundCertificate { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Session = SignedInUser.From(User)!;
        if (Session.PersonKey is { } personKey)
            BoundCertificate = (await certificates.ForPersonAsync(personKey, cancellationToken)).FirstOrDefault(b => b.EndedAt is null);
    }
}
