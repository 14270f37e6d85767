using Dapper;
using Domain.Common;
using Domain.ReferenceData;
using ReadModels.Querying;

namespace ReadModels.ReferenceData;

/// <summary>
/// The imported function catalogue: the version in force at an instant (Taiwan calendar day) as the domain's
/// <see cref="FunctionCatalogue"/> (its tree, <c>LeavesUnder</c> for a ticked group), any version by name.
/// </summary>
public sealed class FunctionCatalogueLookup(ReadModelDatabase readModels)
{
    public async Task<FunctionCatalogue?> InForceAsync(DateTimeOffset instant, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var version = await connection.QueryFirstOrDefaultAsync<(string Version, string EffectiveFrom)?>(new CommandDefinition(
            "SELECT version, effective_from FROM ref_catalogue_versions WHERE effective_from <= @day ORDER BY effective_from DESC LIMIT 1",
            new { day = ReferenceDataImportPlan.Day(RocDate.TaiwanDate(instant)) }, cancellationToken: cancellationToken));
        return version is { } v ? await LoadAsync(connection, v.Version, v.EffectiveFrom, cancellationToken) : null;
    }

    public async Task<FunctionCatalogue?> FindAsync(string version, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var effectiveFrom = await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            "SELECT effective_from FROM ref_catalogue_versions WHERE version = @version", new { version }, cancellationToken: cancellationToken));
        return effectiveFrom is null ? null : await LoadAsync(connection, version, effectiveFrom, cancellationToken);
    }

    /// <summary>Every recorded version with its tree, oldest first.</summary>
    public async Task<IReadOnlyList<CatalogueVersionRow>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var versions = (await connection.QueryAsync<(string Version, string EffectiveFrom)>(new CommandDefinition(
            "SELECT version, effective_from FROM ref_catalogue_versions ORDER BY effective_from", cancellationToken: cancellationToken))).ToList();
        var result = new List<CatalogueVersionRow>();
        foreach (var (version, effectiveFrom) in versions)
        {
            var catalogue = await LoadAsync(connection, version, effectiveFrom, cancellationToken);
            result.Add(new CatalogueVersionRow(version, effectiveFrom, catalogue.Functions.Select(f => new CatalogueFunctionRow(f.Code, f.Name, f.ParentCode)).ToList()));
        }
        return result;
    }

    private static async Task<FunctionCatalogue> LoadAsync(System.Data.Common.DbConnection connection, string version, string effectiveFrom, CancellationToken cancellationToken)
    {
        var functions = await connection.QueryAsync<(string Code, string Name, string? ParentCode)>(new CommandDefinition(
            "SELECT code, name, parent_code FROM ref_catalogue_functions WHERE version = @version ORDER BY position", new { version }, cancellationToken: cancellationToken));
        return FunctionCatalogue.From(version, ReferenceDataImportPlan.ParseDay(effectiveFrom), functions.Select(f => new CatalogueFunction(f.Code, f.Name, f.ParentCode)).ToList());
    }
}
