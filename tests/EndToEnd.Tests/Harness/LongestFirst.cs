using Xunit.Abstractions;

[assembly: TestCollectionOrderer("EndToEnd.Tests.Harness.LongestFirst", "EndToEnd.Tests")]

namespace EndToEnd.Tests.Harness;

/// <summary>
/// Marks a browser-test class whose tests take the longest (the slowest-10 list of scripts/test names them): it starts
/// before the others, so that it does not begin late and leave the run waiting on it alone at the end.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RunsLongAttribute : Attribute;

/// <summary>
/// Starts the classes marked <see cref="RunsLongAttribute"/> first (four run at a time, xunit.runner.json), then the
/// others in xunit's usual order: the short ones fill the gaps at the end.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    private const string PerClassPrefix = "Test collection for ";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(collection => RunsLong(collection) ? 0 : 1);

    private static bool RunsLong(ITestCollection collection) =>
        collection.DisplayName.StartsWith(PerClassPrefix, StringComparison.Ordinal)
        && typeof(LongestFirst).Assembly.GetType(collection.DisplayName[PerClassPrefix.Length..]) is { } testClass
        && testClass.IsDefined(typeof(RunsLongAttribute), inherit: false);
}
