namespace Bench;

/// <summary>One benchmark scenario, chosen by name on the command line; prints a Markdown table.</summary>
public interface IBenchScenario
{
    string Name { get; }

    string Description { get; }

    Task<int> RunAsync(string[] args);
}
