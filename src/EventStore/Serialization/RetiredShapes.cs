using System.Text.Json.Nodes;
using Domain.Registration;

namespace EventStore.Serialization;

/// <summary>
/// The upcasters from the retired stored shapes of the domain's events to their successors. <see cref="EventTypeRegistry.FromAssemblies"/>
/// adds each one whose target it registers, so every reader of the store (web, projections, tools) reads old events alike.
/// A retired shape's stored JSON is pinned by a snapshot in tests/EventStore.Tests/Serialization/Snapshots.
/// </summary>
internal static class RetiredShapes
{
    public static IReadOnlyList<(string From, string To, Func<JsonObject, JsonObject> Upcast)> Upcasters { get; } =
    [
        ("OidReviewRequested.v1", "OidReviewRequested.v2", OidReviewRequestedV1),
    ];

    /// <summary>v1 kept the extension inside <c>applicantPhone</c> (<c>(02)2345-6789#123</c>); v2 holds it apart, split as the decider splits it.</summary>
    private static JsonObject OidReviewRequestedV1(JsonObject v1)
    {
        var (number, extension) = ContactRules.SplitExtension(v1["applicantPhone"]?.GetValue<string>());
        v1["applicantPhone"] = number;
        v1["applicantExtension"] = extension;
        return v1;
    }
}
