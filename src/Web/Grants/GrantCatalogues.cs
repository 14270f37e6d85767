using Domain.ReferenceData;
using ReadModels.Grants;
using Web.ReferenceData;

namespace Web.Grants;

/// <summary>The function catalogues the rows of a grant list were issued under, to name their functions (each version read once).</summary>
public sealed class GrantCatalogues
{
    private readonly Dictionary<string, FunctionCatalogue?> _versions;

    private GrantCatalogues(Dictionary<string, FunctionCatalogue?> versions) => _versions = versions;

    public static async Task<GrantCatalogues> ForAsync(FunctionCatalogueLookup lookup, IEnumerable<IssuedGrantRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(rows);
        var versions = new Dictionary<string, FunctionCatalogue?>(StringComparer.Ordinal);
        foreach (var version in rows.Select(r => r.CatalogueVersion).Distinct(StringComparer.Ordinal))
            versions[version] = await lookup.FindAsync(version, cancellationToken);
        return new GrantCatalogues(versions);
    }

    /// <summary>The names of the row's functions (the codes where the catalogue version is unknown).</summary>
    public string Names(IssuedGrantRow row) => string.Join("、", NameList(row));

    /// <summary>The same, one name per function.</summary>
    public IEnumerable<string> NameList(IssuedGrantRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var catalogue = _versions.GetValueOrDefault(row.CatalogueVersion);
        return row.FunctionCodes.Select(c => catalogue?.Find(c)?.Name ?? c);
    }
}
