using EventStore.Tests.Conformance;

namespace EventStore.Tests.Postgres;

// Each class below runs one part of the conformance suite against the PostgreSQL adapter, on a database of its own.
public sealed class PostgresAppendExpectationTests(PostgresStoreFixture fixture) : AppendExpectationConformance(fixture), IClassFixture<PostgresStoreFixture>;

public sealed class PostgresIdempotencyTests(PostgresStoreFixture fixture) : IdempotencyConformance(fixture), IClassFixture<PostgresStoreFixture>;

public sealed class PostgresReadTests(PostgresStoreFixture fixture) : ReadConformance(fixture), IClassFixture<PostgresStoreFixture>;

public sealed class PostgresMetadataTests(PostgresStoreFixture fixture) : MetadataConformance(fixture), IClassFixture<PostgresStoreFixture>;

public sealed class PostgresSubscriptionTests(PostgresStoreFixture fixture) : SubscriptionConformance(fixture), IClassFixture<PostgresStoreFixture>;

public sealed class PostgresConcurrencyTests(PostgresStoreFixture fixture) : ConcurrencyConformance(fixture), IClassFixture<PostgresStoreFixture>;
