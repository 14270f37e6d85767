using Microsoft.Data.Sqlite;
using ReadModels.Storage;

namespace ReadModels.Tests.Storage;

/// <summary>The runner's statements on SQLite: parameters bound by name from an object's properties, as projections write them.</summary>
public sealed class SqliteStatementsTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly SqliteStatements _statements;

    public SqliteStatementsTests()
    {
        _connection.Open();
        _statements = new SqliteStatements(_connection);
        _statements.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT, number INTEGER, flag INTEGER, real REAL, blob BLOB)", null);
    }

    public void Dispose()
    {
        _statements.Dispose();
        _connection.Dispose();
    }

    [Fact]
    public void Every_parameter_takes_the_property_of_its_name_whatever_its_type()
    {
        _statements.Execute(
            "INSERT INTO t (id, text, number, flag, real, blob) VALUES (@Id, @Text, @Number, @Flag, @Real, @Blob)",
            new { Id = 1, Text = "機關名稱 ✓", Number = 9_000_000_000L, Flag = true, Real = 0.25, Blob = new byte[] { 1, 2, 3 } });

        using var read = _connection.CreateCommand();
        read.CommandText = "SELECT text, number, flag, real, blob, typeof(flag) FROM t WHERE id = 1";
        using var row = read.ExecuteReader();
        row.Read().ShouldBeTrue();
        row.GetString(0).ShouldBe("機關名稱 ✓");
        row.GetInt64(1).ShouldBe(9_000_000_000L);
        row.GetInt64(2).ShouldBe(1);
        row.GetDouble(3).ShouldBe(0.25);
        ((byte[])row.GetValue(4)).ShouldBe([1, 2, 3]);
        row.GetString(5).ShouldBe("integer");
    }

    [Fact]
    public void Null_values_and_nullable_numbers_are_stored_as_null()
    {
        _statements.Execute("INSERT INTO t (id, text, number) VALUES (@Id, @Text, @Number)", new { Id = 2, Text = (string?)null, Number = (long?)null });

        _statements.QueryScalar("SELECT count(*) FROM t WHERE text IS NULL AND number IS NULL", null).ShouldBe(1L);
    }

    [Fact]
    public void A_sequence_of_objects_runs_the_statement_once_per_element_and_counts_every_change()
    {
        var changed = _statements.Execute("INSERT INTO t (id, text) VALUES (@id, @text)", Enumerable.Range(10, 4).Select(i => new { id = i, text = $"row {i}" }));

        changed.ShouldBe(4);
        _statements.QueryScalar("SELECT group_concat(text, ',') FROM (SELECT text FROM t ORDER BY id)", null).ShouldBe("row 10,row 11,row 12,row 13");
    }

    [Fact]
    public void Several_statements_run_in_order_and_a_later_one_may_use_what_an_earlier_one_created()
    {
        var changed = _statements.Execute(
            "CREATE TABLE later (x INTEGER); INSERT INTO later (x) VALUES (@x); INSERT INTO later (x) SELECT x + 1 FROM later;", new { x = 41 });

        changed.ShouldBe(2);
        _statements.QueryScalar("SELECT max(x) FROM later", null).ShouldBe(42L);
    }

    [Fact]
    public void A_statement_run_again_with_other_values_binds_them_anew()
    {
        const string Insert = "INSERT INTO t (id, text) VALUES (@id, @text)";
        _statements.Execute(Insert, new { id = 20, text = "first" });
        _statements.Execute(Insert, new { id = 21, text = (string?)null });
        _statements.Execute(Insert, new Row(22, "third"));

        _statements.QueryScalar("SELECT group_concat(coalesce(text, '-'), ',') FROM (SELECT text FROM t WHERE id >= 20 ORDER BY id)", null).ShouldBe("first,-,third");
    }

    [Fact]
    public void A_parameter_without_a_property_of_its_name_is_refused_with_its_name()
    {
        Should.Throw<InvalidOperationException>(() => _statements.Execute("INSERT INTO t (id, text) VALUES (@id, @missing)", new { id = 30 }))
            .Message.ShouldContain("@missing");
        Should.Throw<InvalidOperationException>(() => _statements.Execute("INSERT INTO t (id) VALUES (@id)", null))
            .Message.ShouldContain("@id");
    }

    [Fact]
    public void A_failing_statement_throws_the_database_error_and_leaves_the_statement_usable()
    {
        const string Insert = "INSERT INTO t (id, text) VALUES (@id, @text)";
        _statements.Execute(Insert, new { id = 40, text = "once" });

        Should.Throw<SqliteException>(() => _statements.Execute(Insert, new { id = 40, text = "twice" })).SqliteErrorCode.ShouldBe(19);
        _statements.Execute(Insert, new { id = 41, text = "after" }).ShouldBe(1);
    }

    [Fact]
    public void A_query_with_no_row_answers_null()
    {
        _statements.QueryScalar("SELECT text FROM t WHERE id = @id", new { id = 999 }).ShouldBeNull();
    }

    private sealed record Row(int Id, string Text);
}
