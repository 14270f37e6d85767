using Domain.ReferenceData;
using ReadModels.Grants;
using ReadModels.ReferenceData;

namespace Web.Pages.Grants;

/// <summary>The function catalogues the rows of a grant list were issued under, to name their functions (each version read once).</summary>
public sealed class HandlerGrantCatalogues
{
    private readonly Dictionary<string, FunctionCatalogue?> _versions;

    private HandlerGrantCatalogues(Dictionary<string, FunctionCatalogue?> versions) => _versions = versions;

    public static async Task<HandlerGrantCatalogues> ForAsync(FunctionCatalogueLookup lookup, IEnumerable<HandlerGrantRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(rows);
        var versions = new Dictionary<string, FunctionCatalogue?>(StringComparer.Ordinal);
        foreach (var version in rows.Select(r => r.CatalogueVersion).Distinct(StringComparer.Ordinal))
            versions[version] = await lookup.FindAsync(version, cancellationToken);
        return new HandlerGrantCatalogues(versions);
    }

    /// <summary>The names of the row's functions (the codes where the catalogue version is unknown).</summary>
    public string Names(HandlerGrantRow row) => string.Join("、", NameList(row));

    /// <summary>The same, one name per function.</summary>
    public IEnumerable<string> NameList(HandlerGrantRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var catalogue = _versions.GetValueOrDefault(row.CatalogueVersion);
        return row.FunctionCodes.Select(c => catalogue?.Find(c)?.Name ?? c);
    }
}
