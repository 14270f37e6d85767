using System.Text;
using Domain.ReferenceData;
using Microsoft.Extensions.DependencyInjection;
using ReadModels.ReferenceData;
using ReadModels.Runner;
using Web.ReferenceData;

namespace Web.Tests.Authentication;

/// <summary>Imports small reference files through the app's one import path and waits until the lookups show them.</summary>
public static class ReferenceDataImport
{
    public static async Task ImportAsync(IServiceProvider services, params (ReferenceDataKind Kind, string Csv)[] files)
    {
        ArgumentNullException.ThrowIfNull(services);
        var importer = services.GetRequiredService<ReferenceDataImporter>();
        ImportReceipt? last = null;
        foreach (var (kind, csv) in files)
        {
            var prepared = await importer.PrepareAsync(kind, new ReferenceDataFile($"test-{kind}.csv", Encoding.UTF8.GetBytes(csv)));
            prepared.Problems.ShouldBeEmpty();
            var outcome = await importer.ImportAsync(prepared, Guid.CreateVersion7(), "test", "test");
            last = outcome.Value;
        }

        if (last is null)
            return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var runner = services.GetRequiredService<ProjectionRunner>();
        foreach (var projection in new[] { AgencyDirectoryProjection.ProjectionName, PersonnelProjection.ProjectionName })
            await runner.WaitForCheckpointAsync(projection, last.Position, timeout.Token);
    }

    /// <summary><see cref="DemoPeople"/>'s personnel records and directory.</summary>
    public static Task ImportDemoPeopleAsync(IServiceProvider services) =>
        ImportAsync(services, (ReferenceDataKind.AgencyDirectory, DemoPeople.DirectoryCsv), (ReferenceDataKind.Personnel, DemoPeople.PersonnelCsv));
}
