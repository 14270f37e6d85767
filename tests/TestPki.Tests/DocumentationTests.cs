namespace TestPki.Tests;

public class DocumentationTests
{
    [Fact]
    public void Docs_test_pki_lists_every_CA_and_every_leaf_with_its_holder()
    {
        var pki = TestPkiCache.Get();
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "test-pki.md"));
        foreach (var ca in pki.Cas)
            text.ShouldContain($"| `{ca.Name}` |");
        foreach (var leaf in pki.Leaves)
        {
            text.ShouldContain($"| `{leaf.Name}` | {leaf.Issuer} | {leaf.KeyAlgorithm} |");
            text.ShouldContain(leaf.Citizen is { } c ? $"{c.Name}, {c.NationalId} (last four {c.LastFour})" : Domain.Certificates.OrganisationIdentifier.Describe(leaf.Agency!.Identifier));
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "EventSourced.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException("EventSourced.sln not found above " + AppContext.BaseDirectory);
    }
}
