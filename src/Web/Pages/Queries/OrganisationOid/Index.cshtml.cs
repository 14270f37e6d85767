using System.ComponentModel.DataAnnotations;
using Domain.Certificates;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.CardSteps;
using Web.Htmx;
using Web.Navigation;

[assembly: FeatureLink("/Queries/OrganisationOid/Index", "查詢機關憑證OID", "插入機關憑證並輸入機關代號與 PIN 碼，查看卡片上的機關名稱、機關憑證 OID 與憑證序號。", FeatureGroup.Queries, Order = 20, InMainNav = true, Menu = "查詢作業", MenuTitle = "機關憑證OID")]

namespace Web.Pages.Queries.OrganisationOid;

/// <summary>
/// 查詢機關憑證OID (seed 004, 七(二), 圖3-40): an organisation card step with the agency code, then the agency name
/// and agency OID the certificate carries, with its serial, validity and card number, and whether the agency directory
/// expects that OID for the code typed (<see cref="FindOrganisationOid"/>). Writes nothing.
/// </summary>
public sealed class IndexModel(CardStepService cardSteps, IMediator mediator) : PageModel
{
    public static readonly CardStepDefinition Step = new("query-organisation-oid", CertificateKind.Organisation)
    {
        TargetId = "organisation-oid",
        Heading = "機關憑證確認",
        Lead = "請先確認 IC 卡已完成開卡程序。將機關憑證 IC 卡放入讀卡機，輸入機關代號與機關憑證的 PIN 碼後按「確認」。",
        Fields =
        [
            new CardStepField($"{nameof(Input)}.{nameof(OrganisationOidInput.AgencyCode)}", "機關代號", "公保機關代號 5 碼，或機關代碼 7 至 10 碼。", MaxLength: 10),
        ],
    };

    [BindProperty]
    public CardStepInput CardStep { get; set; } = new();

    [BindProperty]
    public OrganisationOidInput Input { get; set; } = new();

    /// <summary>The card step while the card is still to be read.</summary>
    public CardStepView? CardStepView { get; private set; }

    /// <summary>The certificate read and the agency typed, once the card step succeeded and the code is in the directory.</summary>
    public OrganisationOidResult? Result { get; private set; }

    public void OnGet() => CardStepView = cardSteps.Begin(HttpContext, Step);

    public async Task<IActionResult> OnPostVerifyCardAsync(CancellationToken cancellationToken)
    {
        var card = await cardSteps.VerifyAsync(HttpContext, Step, CardStep, cancellationToken);
        if (!card.TryGetValue(out var verified))
        {
            CardStepView = cardSteps.Retry(this, Step, card.Rejections);
        }
        else
        {
            var outcome = await mediator.Send(new FindOrganisationOid(Input.AgencyCode, verified), cancellationToken);
            if (outcome.TryGetValue(out var result))
                Result = result;
            else
                CardStepView = cardSteps.Retry(this, Step, outcome.Rejections, nameof(Input));
        }
        return this.PartialOrPage("_OrganisationOidStep");
    }
}

/// <summary>The field typed with the card.</summary>
public sealed class OrganisationOidInput
{
    [Display(Name = "機關代號")]
    public string? AgencyCode { get; set; }
}

/// <summary>What 查詢機關憑證OID shows: the agency in the subject, its OID, and the certificate's serial, validity and card number.</summary>
/// <param name="CardNumber">Read by the signer from the card; shown as the card reports it, never relied on.</param>
/// <param name="Signer">What signed the card step (shown beside the card number).</param>
public sealed record OrganisationCertificateSummary(
    string AgencyName, string? ParentAgency, string AgencyOid, string SerialNumber, string SubjectDn, string IssuerDn,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, string? CardNumber, CardSigner Signer = CardSigner.Agent)
{
    public static OrganisationCertificateSummary From(VerifiedCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var facts = card.Facts;
        // An organisation certificate names the agency in OU and the ministry above it in O (docs/test-pki.md).
        return new OrganisationCertificateSummary(
            facts.OrganisationalUnit ?? facts.Organisation ?? facts.SubjectDn,
            facts.OrganisationalUnit is null ? null : facts.Organisation,
            facts.OrganisationIdentifier ?? "",
            facts.SerialNumber,
            facts.SubjectDn,
            facts.IssuerDn,
            facts.NotBefore,
            facts.NotAfter,
            card.CardNumber,
            card.Signer);
    }
}
