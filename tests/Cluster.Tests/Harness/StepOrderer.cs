using Xunit.Abstractions;
using Xunit.Sdk;

namespace Cluster.Tests.Harness;

/// <summary>The cluster tests' order in a run of them all: <see cref="StepAttribute"/> ascending (the first registers the agency the others use).</summary>
public sealed class StepOrderer : ITestCaseOrderer
{
    public const string TypeName = "Cluster.Tests.Harness.StepOrderer";
    public const string AssemblyName = "Cluster.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases.OrderBy(c => c.TestMethod.Method.GetCustomAttributes(typeof(StepAttribute).AssemblyQualifiedName).FirstOrDefault()?.GetConstructorArguments().FirstOrDefault() as int? ?? int.MaxValue);
}

[AttributeUsage(AttributeTargets.Method)]
public sealed class StepAttribute(int order) : Attribute
{
    public int Order { get; } = order;
}
