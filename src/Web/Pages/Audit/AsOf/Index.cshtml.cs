using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Web.Authentication;
using Web.Messaging;

namespace Web.Pages.Audit.AsOf;

/// <summary>
/// 特定時點的狀態 (auditors only): the agency's registration as it stood at an instant, replayed from its stream through
/// the domain's fold — never read from a read-model table, which only knows the present.
/// </summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class IndexModel(IMediator mediator) : AgencyReplayPage<AgencyStateAsOf>(mediator)
{
    [BindProperty(SupportsGet = true)]
    [Display(Name = "日期")]
    public string? Date { get; set; }

    [BindProperty(SupportsGet = true)]
    [Display(Name = "時間")]
    public string? Time { get; set; }

    protected override string PartialName => "_AsOf";

    protected override IQuery<Outcome<AgencyStateAsOf>>? Query() =>
        Date is null ? null : new GetAgencyStateAsOf(AgencyCode, Date, Time);
}
