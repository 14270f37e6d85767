using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Web.Authentication;
using Web.Messaging;

namespace Web.Pages.Audit.Diff;

/// <summary>兩個時點的差異 (auditors only): the agency's state replayed to two instants, compared line by line, with the events in between.</summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class IndexModel(IMediator mediator) : AgencyReplayPage<AgencyDiff>(mediator)
{
    [BindProperty(SupportsGet = true)]
    [Display(Name = "起始日期")]
    public string? FromDate { get; set; }

    [BindProperty(SupportsGet = true)]
    [Display(Name = "起始時間")]
    public string? FromTime { get; set; }

    [BindProperty(SupportsGet = true)]
    [Display(Name = "結束日期")]
    public string? ToDate { get; set; }

    [BindProperty(SupportsGet = true)]
    [Display(Name = "結束時間")]
    public string? ToTime { get; set; }

    protected override string PartialName => "_Diff";

    protected override IQuery<Outcome<AgencyDiff>>? Query() =>
        FromDate is null && ToDate is null ? null : new GetAgencyDiff(AgencyCode, FromDate, FromTime, ToDate, ToTime);
}
