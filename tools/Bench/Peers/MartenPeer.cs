using Domain.Registration;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace Bench.Peers;

/// <summary>
/// Marten 9 on a database of its own, configured with the settings its documentation names for speed
/// ("Optimizing for Performance and Scalability", "Rich vs Quick Appends"): <c>EventAppendMode.Quick</c>, lightweight
/// sessions (no identity map), string stream identities (as our streams have), Npgsql logging off, and the schema
/// created once up front so no session checks it. Its async daemon rebuilds <see cref="GrantDocuments"/>.
/// </summary>
internal sealed class MartenPeer : IAsyncDisposable
{
    private MartenPeer(DocumentStore store) => Store = store;

    public DocumentStore Store { get; }

    public static async Task<MartenPeer> OpenAsync(string connectionString)
    {
        var store = DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            options.DatabaseSchemaName = "marten";
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AppendMode = EventAppendMode.Quick;
            options.DisableNpgsqlLogging = true;
            options.Events.AddEventTypes([typeof(AgencyRegistered), typeof(GrantIssued), typeof(GrantModified), typeof(GrantRevoked)]);
            // The daemon's page size: Marten's default is 500; the largest its documentation shows is used here.
            options.Projections.Add<GrantDocuments>(ProjectionLifecycle.Async, async => async.BatchSize = 5000);
            options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return new MartenPeer(store);
    }

    /// <summary>One session per append, as a command handler would: the events of one stream saved in one unit of work.</summary>
    public async Task AppendAsync(string stream, IReadOnlyList<object> events)
    {
        await using var session = Store.LightweightSession();
        session.Events.Append(stream, events);
        await session.SaveChangesAsync();
    }

    /// <summary>Reads a whole stream, its events deserialised; returns how many.</summary>
    public async Task<int> ReadStreamAsync(string stream)
    {
        await using var session = Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(stream);
        return events.Count(e => e.Data is not null);
    }

    /// <summary>Reads every event in sequence order in pages of <paramref name="page"/>, deserialised; returns how many.</summary>
    public async Task<long> ReadAllAsync(int page)
    {
        await using var session = Store.QuerySession();
        long count = 0;
        long after = 0;
        while (true)
        {
            var events = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(page).ToListAsync();
            count += events.Count(e => e.Data is not null);
            if (events.Count < page)
                return count;
            after = events[^1].Sequence;
        }
    }

    /// <summary>Rebuilds <see cref="GrantDocuments"/> from the first event with the async daemon.</summary>
    public async Task RebuildAsync()
    {
        using var daemon = await Store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<GrantDocuments>(TimeSpan.FromMinutes(30), CancellationToken.None);
    }

    public async Task<long> CountDocumentsAsync()
    {
        await using var session = Store.QuerySession();
        return await session.Query<GrantDocument>().CountAsync();
    }

    public ValueTask DisposeAsync() => Store.DisposeAsync();
}

/// <summary>One handler grant as the issued-grants projection keeps it, as a Marten document.</summary>
public sealed class GrantDocument
{
    public string Id { get; set; } = "";

    public string AgencyCode { get; set; } = "";

    public int GrantNumber { get; set; }

    public string Serial { get; set; } = "";

    public string HandlerName { get; set; } = "";

    public IReadOnlyList<string> Functions { get; set; } = [];

    public string CatalogueVersion { get; set; } = "";

    public bool Active { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokeReason { get; set; }
}

/// <summary>Marten's equivalent of our issued-grants projection's grant rows: one document per grant across agency streams.</summary>
public sealed class GrantDocuments : MultiStreamProjection<GrantDocument, string>
{
    public GrantDocuments()
    {
        Identity<GrantIssued>(e => Key(e.AgencyCode, e.GrantNumber));
        Identity<GrantModified>(e => Key(e.AgencyCode, e.GrantNumber));
        Identity<GrantRevoked>(e => Key(e.AgencyCode, e.GrantNumber));
    }

    public static GrantDocument Create(GrantIssued e) => new()
    {
        Id = Key(e.AgencyCode, e.GrantNumber), AgencyCode = e.AgencyCode, GrantNumber = e.GrantNumber, Serial = e.HandlerCertificateSerial,
        HandlerName = e.HandlerName, Functions = e.FunctionCodes, CatalogueVersion = e.CatalogueVersion, Active = true, IssuedAt = e.IssuedAt, ChangedAt = e.IssuedAt,
    };

    public static void Apply(GrantModified e, GrantDocument grant)
    {
        grant.Serial = e.HandlerCertificateSerial;
        grant.HandlerName = e.HandlerName;
        grant.Functions = e.FunctionCodes;
        grant.CatalogueVersion = e.CatalogueVersion;
        grant.ChangedAt = e.ModifiedAt;
    }

    public static void Apply(GrantRevoked e, GrantDocument grant)
    {
        grant.Active = false;
        grant.RevokedAt = e.RevokedAt;
        grant.ChangedAt = e.RevokedAt;
        grant.RevokeReason = e.Reason;
    }

    private static string Key(string agencyCode, int grantNumber) => $"{agencyCode}/{grantNumber}";
}
