using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using DemoHost.DemoData;
using Web.Hosting;

namespace Web.Tests.Hosting;

/// <summary>
/// The production Web assembly carries no demo: it references neither the test-PKI generator nor Bogus, and none of
/// its strings is the demo password. The demo lives in tools/DemoHost, which only scripts/run and tests load.
/// </summary>
public sealed class ProductionAssemblyTests
{
    private static readonly string WebAssemblyPath = typeof(WebShell).Assembly.Location;

    [Fact]
    public void Web_references_neither_the_test_PKI_nor_Bogus()
    {
        var references = typeof(WebShell).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        references.ShouldContain("ReadModels"); // the list is the real one
        references.ShouldNotContain("TestPki");
        references.ShouldNotContain("Bogus");
        references.ShouldNotContain("DemoHost");
    }

    [Fact]
    public void The_demo_host_does_reference_them()
    {
        var references = typeof(DemoAccounts).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        references.ShouldContain("TestPki");
        references.ShouldContain("Bogus");
        references.ShouldContain("Web");
    }

    [Fact]
    public void No_string_in_Web_is_the_demo_password()
    {
        using var file = File.OpenRead(WebAssemblyPath);
        using var pe = new PEReader(file);
        var metadata = pe.GetMetadataReader();
        var strings = new List<string>();
        for (var handle = MetadataTokens.UserStringHandle(1); !handle.IsNil; handle = metadata.GetNextHandle(handle))
            strings.Add(metadata.GetUserString(handle));

        strings.ShouldContain("Web:ReadModelWait must be a positive time span, e.g. 00:00:10"); // the heap is really read
        strings.ShouldNotContain(s => s.Contains(DemoAccounts.Password, StringComparison.Ordinal));
    }
}
