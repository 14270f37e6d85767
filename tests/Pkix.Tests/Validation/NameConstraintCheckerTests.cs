using Pkix.Validation;

namespace Pkix.Tests.Validation;

public class NameConstraintCheckerTests
{
    [Theory]
    [InlineData("*.example.com", "example.com", true)]
    [InlineData("*.example.com", "com", true)]
    [InlineData("*.example.com", "www.example.com", false)]
    [InlineData("*.EXAMPLE.com", "example.COM", true)]
    [InlineData("www.example.com", "example.com", true)]
    [InlineData("*.notexample.com", "example.com", false)]
    public void A_wildcard_lies_inside_a_subtree_only_when_every_host_it_covers_does(string name, string subtree, bool within)
    {
        NameConstraintChecker.DnsWithin(name, subtree).ShouldBe(within);
    }

    [Theory]
    [InlineData("*.example.com", "example.com", true)]
    [InlineData("*.example.com", "bad.example.com", true)]
    [InlineData("*.example.com", "BAD.Example.com", true)]
    [InlineData("*.example.com", "a.b.example.com", false)]
    [InlineData("*.example.com", "example.org", false)]
    [InlineData("*.example.com", "badexample.com", false)]
    [InlineData("www.example.com", "bad.example.com", false)]
    public void A_wildcard_overlaps_an_excluded_subtree_when_any_host_it_covers_lies_inside(string name, string subtree, bool overlaps)
    {
        NameConstraintChecker.DnsOverlaps(name, subtree).ShouldBe(overlaps);
    }

    [Fact]
    public void The_work_of_a_path_adds_up_across_certificates_and_stops_at_the_bound()
    {
        var subtrees = Enumerable.Range(0, 1024).Select(i => new GeneralName(GeneralNameKind.Dns, $"blocked{i}.example.org", null, null)).ToList();
        var constraints = new NameConstraintsExtension(Permitted: [], Excluded: subtrees);
        var leaf = LimboHarness.Cases.TestCertificates.Issue(new()
        {
            CommonName = "leaf",
            AltNames = [.. Enumerable.Range(0, 511).Select(i => LimboHarness.Cases.TestName.Dns($"host{i}.example.com"))],
        }).Parsed;
        long work = 0;

        NameConstraintChecker.Check(leaf, [constraints], isLeaf: true, ref work).ShouldBeNull();
        work.ShouldBe(512L * 1024);
        NameConstraintChecker.Check(leaf, [constraints], isLeaf: true, ref work).ShouldBeNull();
        NameConstraintChecker.Check(leaf, [constraints], isLeaf: true, ref work)!.ShouldContain("name comparisons");
    }
}
