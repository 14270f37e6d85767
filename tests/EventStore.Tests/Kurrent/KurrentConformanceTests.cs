using EventStore.Tests.Conformance;

namespace EventStore.Tests.Kurrent;

// Each class below runs one part of the conformance suite against the KurrentDB adapter, talking KurrentDB's
// protocol to our endpoint over a SQLite store of its own.
public sealed class KurrentAppendExpectationTests(KurrentStoreFixture fixture) : AppendExpectationConformance(fixture), IClassFixture<KurrentStoreFixture>;

public sealed class KurrentIdempotencyTests(KurrentStoreFixture fixture) : IdempotencyConformance(fixture), IClassFixture<KurrentStoreFixture>;

public sealed class KurrentReadTests(KurrentStoreFixture fixture) : ReadConformance(fixture), IClassFixture<KurrentStoreFixture>;

public sealed class KurrentMetadataTests(KurrentStoreFixture fixture) : MetadataConformance(fixture), IClassFixture<KurrentStoreFixture>;

public sealed class KurrentSubscriptionTests(KurrentStoreFixture fixture) : SubscriptionConformance(fixture), IClassFixture<KurrentStoreFixture>;

public sealed class KurrentConcurrencyTests(KurrentStoreFixture fixture) : ConcurrencyConformance(fixture), IClassFixture<KurrentStoreFixture>;
