using System.Text;
using Domain.ReferenceData;
using EventStore;
using Microsoft.Extensions.DependencyInjection;
using ReadModels.ReferenceData;
using ReadModels.Runner;
using Web.ReferenceData;
using Web.Tests.TestSupport;

namespace Web.Tests.ReferenceData;

/// <summary>The real app on a fresh store, with helpers that import through <see cref="ReferenceDataImporter"/> and wait for the query models.</summary>
public class ReferenceDataApp : WebAppFactory
{
    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public IEventStore Store => Get<IEventStore>();

    public Task<PreparedImport> PrepareAsync(ReferenceDataKind kind, string csv, params (string Name, string Text)[] texts) =>
        Get<ReferenceDataImporter>().PrepareAsync(kind, new ReferenceDataFile($"{kind}.csv", Encoding.UTF8.GetBytes(csv)),
            texts.Select(t => new ReferenceDataFile(t.Name, Encoding.UTF8.GetBytes(t.Text))).ToList());

    /// <summary>Checks and imports a file that must be valid, then waits until every reference-data query model shows it.</summary>
    public async Task<ImportReceipt> ImportAsync(ReferenceDataKind kind, string csv, params (string Name, string Text)[] texts)
    {
        var prepared = await PrepareAsync(kind, csv, texts);
        prepared.Problems.ShouldBeEmpty();
        var outcome = await Get<ReferenceDataImporter>().ImportAsync(prepared, Guid.CreateVersion7(), "test", "staff:tester");
        var receipt = outcome.Value;
        await CaughtUpAsync(receipt.Position);
        return receipt;
    }

    public async Task CaughtUpAsync(Position position)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        foreach (var name in new[] { AgencyDirectoryProjection.ProjectionName, PersonnelProjection.ProjectionName, ReferenceDataProjection.ProjectionName })
            await Get<ProjectionRunner>().WaitForCheckpointAsync(name, position, timeout.Token);
    }
}
