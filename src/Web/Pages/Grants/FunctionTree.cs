using Domain.ReferenceData;

namespace Web.Pages.Grants;

/// <summary>One entry of the function tree (功能選單) as the grant form shows it: a group with its children, or a grantable leaf.</summary>
public sealed record FunctionNode(string Code, string Name, bool IsLeaf, IReadOnlyList<FunctionNode> Children);

/// <summary>
/// The catalogue version in force as a tree of checkboxes, and the way back: ticked codes (groups included, when the
/// browser ran no script to tick their children) to the leaves a grant holds.
/// </summary>
public static class FunctionTree
{
    public static IReadOnlyList<FunctionNode> Of(FunctionCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        return catalogue.Roots.Select(r => Node(catalogue, r)).ToList();
    }

    /// <summary>
    /// The leaves the ticked codes stand for, in catalogue order; a ticked group stands for every leaf under it.
    /// Codes the catalogue does not know are kept as they are, so the decider names them (<c>function-unknown</c>).
    /// </summary>
    public static IReadOnlyList<string> Leaves(FunctionCatalogue catalogue, IEnumerable<string>? ticked)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var codes = (ticked ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var known = codes.Where(c => catalogue.Find(c) is not null).SelectMany(catalogue.LeavesUnder).Distinct(StringComparer.Ordinal);
        var unknown = codes.Where(c => catalogue.Find(c) is null);
        return [.. catalogue.InCatalogueOrder(known), .. unknown];
    }

    /// <summary>The names of the functions a grant holds, in the order given, for lists and exports.</summary>
    public static string Names(FunctionCatalogue? catalogue, IEnumerable<string> codes) =>
        string.Join("、", codes.Select(c => catalogue?.Find(c)?.Name ?? c));

    private static FunctionNode Node(FunctionCatalogue catalogue, CatalogueFunction function)
    {
        var children = catalogue.Children(function.Code).Select(c => Node(catalogue, c)).ToList();
        return new FunctionNode(function.Code, function.Name, children.Count == 0, children);
    }
}
