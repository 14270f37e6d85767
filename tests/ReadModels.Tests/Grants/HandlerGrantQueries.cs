using ReadModels.Grants;
using ReadModels.Querying;

namespace ReadModels.Tests.Grants;

/// <summary>The four handler-grant queries over one read-model database, as the tests ask them.</summary>
public sealed class HandlerGrantQueries(ReadModelDatabase database)
{
    private readonly HandlerGrantAgencyQuery _agencies = new(database);
    private readonly AgencyHandlerGrantsQuery _agency = new(database);
    private readonly HandlerGrantsOfCardQuery _card = new(database);
    private readonly HandlerGrantSearchQuery _search = new(database);

    public Task<HandlerGrantAgency?> AgencyAsync(string agencyCode) => _agencies.AgencyAsync(agencyCode);

    public Task<HandlerGrantRow?> GrantAsync(string agencyCode, int grantNumber) => _agency.GrantAsync(agencyCode, grantNumber);

    public Task<HandlerGrantPage> ForAgencyAsync(string agencyCode, bool activeOnly, string? text, int page, int pageSize) =>
        _agency.ForAgencyAsync(agencyCode, activeOnly, text, page, pageSize);

    public Task<IReadOnlyList<HandlerGrantRow>> ForCardAsync(string issuerKeyId, string serial, string personKey) => _card.ForCardAsync(issuerKeyId, serial, personKey);

    public Task<HandlerGrantPage> SearchAsync(HandlerGrantSearch search) => _search.SearchAsync(search);

    public IAsyncEnumerable<HandlerGrantRow> StreamAsync(HandlerGrantSearch search) => _search.StreamAsync(search);

    public Task<int> CountAsync(HandlerGrantSearch search) => _search.CountAsync(search);

    public Task<IReadOnlyList<string>> ExplainAsync(HandlerGrantSearch search) => _search.ExplainAsync(search);
}
