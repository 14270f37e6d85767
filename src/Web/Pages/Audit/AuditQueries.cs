using Web.Validation;
using System.ComponentModel.DataAnnotations;
using Domain.ReferenceData;
using Domain.Registration;
using EventStore.Integrity;
using FluentValidation;
using Mediator;
using Web.Messaging;
using ReadModels.ReferenceData;

namespace Web.Pages.Audit;

/// <summary>稽核：an agency's whole registration history, read from its stream.</summary>
public sealed record GetAgencyTimeline([property: Display(Name = "機關代號")] string? AgencyCode) : IQuery<Outcome<AgencyTimeline>>;

/// <param name="DirectoryName">The agency's name in today's directory (null when it is not there).</param>
public sealed record AgencyTimeline(string AgencyCode, string? DirectoryName, IReadOnlyList<AuditedEvent> Events);

/// <summary>Verifies the hash chain of one agency's registration stream as stored (hidden events included).</summary>
public sealed record VerifyAgencyChain([property: Display(Name = "機關代號")] string? AgencyCode) : IQuery<Outcome<AgencyChainCheck>>;

/// <summary>The chain verification of one agency: the store's report and, when broken, the audited event at the first break.</summary>
/// <param name="LatestStoreCheck">The latest whole-store check (/Admin/Integrity), which is what the signed checkpoints are checked by.</param>
public sealed record AgencyChainCheck(string AgencyCode, IntegrityReport Report, AuditedEvent? FirstBrokenEvent, Web.Pages.Admin.Integrity.IntegrityCheckRun? LatestStoreCheck = null);

/// <summary>The agency's history as a file (CSV or JSON) with each event's hash-chain link.</summary>
public sealed record ExportAgencyHistory([property: Display(Name = "機關代號")] string? AgencyCode, [property: Display(Name = "檔案格式")] string? Format, string ExportedBy)
    : IQuery<Outcome<HistoryFile>>;

public sealed record HistoryFile(string FileName, string ContentType, byte[] Content);

public sealed class GetAgencyTimelineValidator : AbstractValidator<GetAgencyTimeline>
{
    public GetAgencyTimelineValidator() => RuleFor(q => q.AgencyCode).MustBeAgencyCode();
}

public sealed class VerifyAgencyChainValidator : AbstractValidator<VerifyAgencyChain>
{
    public VerifyAgencyChainValidator() => RuleFor(q => q.AgencyCode).MustBeAgencyCode();
}

public sealed class ExportAgencyHistoryValidator : AbstractValidator<ExportAgencyHistory>
{
    public ExportAgencyHistoryValidator()
    {
        RuleFor(q => q.AgencyCode).MustBeAgencyCode();
        RuleFor(q => q.Format).Must(f => Enum.TryParse<HistoryFormat>(f, ignoreCase: true, out _)).WithMessage("檔案格式只能是 CSV 或 JSON。");
    }
}

public sealed class GetAgencyTimelineHandler(AgencyHistory history, AgencyDirectoryLookup directory) : IQueryHandler<GetAgencyTimeline, Outcome<AgencyTimeline>>
{
    public async ValueTask<Outcome<AgencyTimeline>> Handle(GetAgencyTimeline query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var agency = Domain.ReferenceData.AgencyCode.Of(query.AgencyCode!);
        var entry = await directory.FindAsync(agency, cancellationToken);
        return new AgencyTimeline(agency.Value, entry?.Name, await history.ReadAsync(agency, cancellationToken));
    }
}

public sealed class VerifyAgencyChainHandler(StoreVerifier verifier, AgencyHistory history, Web.Pages.Admin.Integrity.IntegrityChecks checks) : IQueryHandler<VerifyAgencyChain, Outcome<AgencyChainCheck>>
{
    public async ValueTask<Outcome<AgencyChainCheck>> Handle(VerifyAgencyChain query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var agency = Domain.ReferenceData.AgencyCode.Of(query.AgencyCode!);
        var report = await verifier.VerifyStreamAsync(AgencyRegistration.StreamName(agency), cancellationToken);
        AuditedEvent? broken = null;
        if (report.FirstBreak is { Revision: { } revision })
        {
            // The broken event itself may not deserialise any more (its data was edited): then the report alone names it.
            try
            {
                broken = (await history.ReadAsync(agency, cancellationToken)).FirstOrDefault(e => e.Revision == revision);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NotSupportedException)
            {
                broken = null;
            }
        }

        return new AgencyChainCheck(agency.Value, report, broken, checks.Latest is { Report: not null } latest ? latest : null);
    }
}

public sealed class ExportAgencyHistoryHandler(AgencyHistory history, TimeProvider time) : IQueryHandler<ExportAgencyHistory, Outcome<HistoryFile>>
{
    public async ValueTask<Outcome<HistoryFile>> Handle(ExportAgencyHistory query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var agency = Domain.ReferenceData.AgencyCode.Of(query.AgencyCode!);
        var format = Enum.Parse<HistoryFormat>(query.Format!, ignoreCase: true);
        var events = await history.ReadAsync(agency, cancellationToken);
        return new HistoryFile(
            HistoryExport.FileName(agency.Value, format),
            HistoryExport.ContentType(format),
            HistoryExport.Write(format, agency.Value, events, time.GetUtcNow(), query.ExportedBy));
    }
}
