using Domain.ReferenceData;

namespace Domain.Tests.ReferenceData;

public class CsvTableTests
{
    private static readonly string[] Columns = ["code", "name"];

    private static (IReadOnlyList<CsvRow> Rows, List<ReferenceDataProblem> Problems) Read(string text)
    {
        var problems = new List<ReferenceDataProblem>();
        return (CsvTable.Read(text, Columns, problems), problems);
    }

    [Fact]
    public void Quoted_fields_may_hold_commas_quotes_and_line_breaks()
    {
        var (rows, problems) = Read("code,name\r\n1,\"臺北市, \"\"大安\"\"\r\n區公所\"\r\n2,plain\r\n");

        problems.ShouldBeEmpty();
        rows.Select(r => r["name"]).ShouldBe(["臺北市, \"大安\"\r\n區公所", "plain"]);
        rows.Select(r => r.Line).ShouldBe([2, 4]);
    }

    [Fact]
    public void A_byte_order_mark_blank_lines_and_header_case_are_tolerated()
    {
        var (rows, problems) = Read("\uFEFFCode,Name\n\n 1 , 一 \n\n");

        problems.ShouldBeEmpty();
        rows.ShouldHaveSingleItem()["name"].ShouldBe("一");
        rows[0].Line.ShouldBe(3);
    }

    [Fact]
    public void An_unterminated_quote_is_reported_at_its_line() =>
        Read("code,name\n1,\"open\n2,b\n").Problems.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            p => p.Code.ShouldBe("quote-unterminated"), p => p.Line.ShouldBe(2));

    [Fact]
    public void A_quote_inside_an_unquoted_field_is_reported() =>
        Read("code,name\n1,ab\"c\n").Problems.ShouldHaveSingleItem().Code.ShouldBe("quote-misplaced");

    [Fact]
    public void Text_after_a_closing_quote_is_reported() =>
        Read("code,name\n1,\"ab\"c\n").Problems.ShouldHaveSingleItem().Code.ShouldBe("quote-misplaced");

    [Fact]
    public void A_row_longer_than_the_header_is_reported() =>
        Read("code,name\n1,a,extra\n").Problems.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            p => p.Code.ShouldBe("row-too-long"), p => p.Line.ShouldBe(2));

    [Fact]
    public void Missing_unknown_and_repeated_columns_are_each_reported() =>
        Read("code,nmae,code\n").Problems.Select(p => (p.Code, p.Column)).ShouldBe(
            [("column-missing", "name"), ("column-unknown", "nmae"), ("column-repeated", "code")], ignoreOrder: true);

    [Fact]
    public void An_empty_file_is_reported() =>
        Read("").Problems.ShouldHaveSingleItem().Code.ShouldBe("file-empty");
}
