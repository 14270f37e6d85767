using EventStore.Tests.Conformance;

namespace EventStore.Tests.Sqlite;

// Each class below runs one part of the conformance suite against the SQLite adapter, on its own file.
public sealed class SqliteAppendExpectationTests(SqliteStoreFixture fixture) : AppendExpectationConformance(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class SqliteIdempotencyTests(SqliteStoreFixture fixture) : IdempotencyConformance(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class SqliteReadTests(SqliteStoreFixture fixture) : ReadConformance(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class SqliteMetadataTests(SqliteStoreFixture fixture) : MetadataConformance(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class SqliteSubscriptionTests(SqliteStoreFixture fixture) : SubscriptionConformance(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class SqliteConcurrencyTests(SqliteStoreFixture fixture) : ConcurrencyConformance(fixture), IClassFixture<SqliteStoreFixture>;
