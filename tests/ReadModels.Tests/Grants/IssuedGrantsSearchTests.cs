using Domain.Common;
using ReadModels.Grants;
using ReadModels.ReferenceData;
using ReadModels.Tests.TestSupport;
using Shouldly;
using static ReadModels.Tests.Grants.GrantEvents;

namespace ReadModels.Tests.Grants;

/// <summary>The administrators' search: each filter, the orders, paging and the count cap, on one shared data set.</summary>
public class IssuedGrantsSearchTests(IssuedGrantsSearchTests.Data data) : IClassFixture<IssuedGrantsSearchTests.Data>
{
    private static readonly NationalIdHashKey HashKey = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    /// <summary>
    /// 3 agencies; agency A has 30 grants (every 5th revoked), B has 5, C none. Grant n of A is issued n hours after
    /// Start with function 0101, and 0201 too when n is even. One handler (Shared) holds grants in A and B.
    /// </summary>
    public sealed class Data : IAsyncLifetime
    {
        public static readonly NationalId Shared = Id("H12345678");

        public ReadSide Side { get; } = new();

        public IssuedGrantsQuery Query => new(Side.Database);

        public async Task InitializeAsync()
        {
            var events = new GrantEvents(Side.Store);
            await events.RegisterAsync("1000001", "甲機關", manager: Citizen("0A05", Start.AddDays(10)));
            await events.RegisterAsync("1000002", "乙機關", manager: Citizen("0B03", Start.AddDays(100)));
            await events.RegisterAsync("1000003", "丙機關");
            for (var n = 1; n <= 30; n++)
            {
                await events.IssueAsync("1000001", n, $"0A{n:D2}", $"甲經辦{n}", n == 7 ? Shared : Id($"A2{n:D7}"), n % 2 == 0 ? ["0101", "0201"] : ["0101"], Start.AddHours(n));
                if (n % 5 == 0)
                    await events.RevokeAsync("1000001", n, Start.AddHours(n).AddMinutes(30));
            }
            for (var n = 1; n <= 5; n++)
                await events.IssueAsync("1000002", n, $"0B{n:D2}", $"乙經辦{n}", n == 2 ? Shared : Id($"B2{n:D7}"), ["0301"], Start.AddDays(2).AddHours(n));
            await Side.RunToHeadAsync(new IssuedGrantsProjection(Registry, HashKey));
        }

        public async Task DisposeAsync() => await Side.DisposeAsync();
    }

    private Task<GrantPage> Search(GrantSearch search) => data.Query.SearchAsync(search);

    [Fact]
    public async Task Without_filters_every_grant_is_counted_and_the_newest_comes_first()
    {
        var page = await Search(new GrantSearch(Start, PageSize: 10));

        page.Total.ShouldBe(35);
        page.Rows.Count.ShouldBe(10);
        page.Rows[0].AgencyCode.ShouldBe("1000002");
        page.Rows.Select(r => r.IssuedAt).ShouldBeInOrder(SortDirection.Descending);
    }

    [Fact]
    public async Task The_agency_filter_keeps_one_agency()
    {
        var page = await Search(new GrantSearch(Start, AgencyCode: "1000002", PageSize: 100));
        page.Rows.Select(r => r.AgencyCode).Distinct().ShouldBe(["1000002"]);
        page.Total.ShouldBe(5);
    }

    [Fact]
    public async Task The_function_filter_keeps_grants_holding_that_function()
    {
        var page = await Search(new GrantSearch(Start, FunctionCode: "0201", PageSize: 100));
        page.Total.ShouldBe(15);
        page.Rows.ShouldAllBe(r => r.FunctionCodes.Contains("0201"));
    }

    [Fact]
    public async Task The_national_ID_filter_finds_a_handler_by_the_hash_of_the_typed_ID()
    {
        var page = await Search(new GrantSearch(Start, NationalIdHash: HashKey.Hash(Data.Shared), Sort: GrantSort.Agency, Descending: false));
        page.Rows.Select(r => (r.AgencyCode, r.GrantNumber)).ShouldBe([("1000001", 7), ("1000002", 2)]);
    }

    [Fact]
    public async Task The_serial_filter_finds_the_exact_serial()
    {
        (await Search(new GrantSearch(Start, Serial: "0A17"))).Rows.ShouldHaveSingleItem().GrantNumber.ShouldBe(17);
    }

    [Fact]
    public async Task The_expiry_filter_keeps_certificates_expiring_within_the_days_given()
    {
        // 0A05 (revoked) expires in 10 days and 0B03 in 100; the rest have no known expiry.
        (await Search(new GrantSearch(Start, ExpiringWithinDays: 30))).Rows.Select(r => r.Serial).ShouldBe(["0A05"]);
        (await Search(new GrantSearch(Start, ExpiringWithinDays: 365, Sort: GrantSort.CertificateExpiry, Descending: false))).Rows.Select(r => r.Serial).ShouldBe(["0A05", "0B03"]);
        (await Search(new GrantSearch(Start.AddDays(11), ExpiringWithinDays: 30))).Rows.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_status_filter_separates_active_and_revoked_grants()
    {
        (await Search(new GrantSearch(Start, Status: GrantStatusFilter.Revoked, PageSize: 100))).Rows.Select(r => r.GrantNumber).Order().ShouldBe([5, 10, 15, 20, 25, 30]);
        (await Search(new GrantSearch(Start, Status: GrantStatusFilter.Active))).Total.ShouldBe(29);
    }

    [Fact]
    public async Task The_issue_dates_are_Taiwan_calendar_days_inclusive()
    {
        // Start is 09:00 in Taiwan on 2026-03-02; A's grants 1-14 fall on that day, 15-30 on the next.
        var firstDay = RocDate.TaiwanDate(Start);
        (await Search(new GrantSearch(Start, IssuedFrom: firstDay, IssuedTo: firstDay, PageSize: 100))).Total.ShouldBe(14);
        (await Search(new GrantSearch(Start, IssuedFrom: firstDay.AddDays(1), IssuedTo: firstDay.AddDays(1), PageSize: 100))).Total.ShouldBe(16);
        (await Search(new GrantSearch(Start, IssuedFrom: firstDay.AddDays(2), PageSize: 100))).Total.ShouldBe(5);
    }

    [Fact]
    public async Task Filters_combine()
    {
        var page = await Search(new GrantSearch(Start, AgencyCode: "1000001", FunctionCode: "0201", Status: GrantStatusFilter.Active, PageSize: 100));
        page.Rows.Select(r => r.GrantNumber).Order().ShouldBe([2, 4, 6, 8, 12, 14, 16, 18, 22, 24, 26, 28]);
    }

    [Theory]
    [InlineData(GrantSort.Serial, false, "0A01")]
    [InlineData(GrantSort.Serial, true, "0B05")]
    [InlineData(GrantSort.Agency, false, "0A01")]
    [InlineData(GrantSort.Agency, true, "0B05")]
    [InlineData(GrantSort.Issued, false, "0A01")]
    public async Task Each_order_puts_the_expected_grant_first(GrantSort sort, bool descending, string first)
    {
        (await Search(new GrantSearch(Start, Sort: sort, Descending: descending))).Rows[0].Serial.ShouldBe(first);
    }

    [Fact]
    public async Task Pages_follow_each_other_without_gaps_or_repeats()
    {
        var seen = new List<string>();
        for (var p = 1; p <= 4; p++)
            seen.AddRange((await Search(new GrantSearch(Start, Page: p, PageSize: 10))).Rows.Select(r => r.Serial));
        seen.Count.ShouldBe(35);
        seen.Distinct().Count().ShouldBe(35);
    }

    [Fact]
    public async Task An_unknown_page_size_falls_back_to_25_and_a_page_beyond_the_offset_limit_is_clamped()
    {
        // docs/grants.md, "Paging": offset paging is bounded at row 10,000 — stated here, not read from the query's constant.
        const int deepestOffset = 10_000;

        var page = await Search(new GrantSearch(Start, PageSize: 7, Page: 100_000));

        page.PageSize.ShouldBe(25);
        page.Page.ShouldBe((deepestOffset / 25) + 1);
        (await Search(new GrantSearch(Start, PageSize: 10, Page: 5))).Page.ShouldBe(5, "a page within the bound is left as asked");
    }

    [Fact]
    public async Task The_export_stream_returns_every_match_in_order()
    {
        var all = new List<IssuedGrantRow>();
        await foreach (var row in data.Query.StreamAsync(new GrantSearch(Start, FunctionCode: "0101", Sort: GrantSort.Issued, Descending: false)))
            all.Add(row);
        all.Count.ShouldBe(30);
        all.Select(r => r.IssuedAt).ShouldBeInOrder(SortDirection.Ascending);
        (await data.Query.CountAsync(new GrantSearch(Start, FunctionCode: "0101"))).ShouldBe(30);
    }

    [Fact]
    public async Task The_agency_list_searches_names_and_serial_starts()
    {
        (await data.Query.ForAgencyAsync("1000001", true, "經辦2", 1, 10)).Rows.Select(r => r.GrantNumber).ShouldBe([2, 21, 22, 23, 24, 26, 27, 28, 29]);
        (await data.Query.ForAgencyAsync("1000001", true, "0a1", 1, 10)).Rows.Select(r => r.GrantNumber).ShouldBe([11, 12, 13, 14, 16, 17, 18, 19]);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("agency")]
    [InlineData("function")]
    [InlineData("function-active")]
    [InlineData("id")]
    [InlineData("serial")]
    [InlineData("expiring")]
    [InlineData("active")]
    [InlineData("revoked")]
    [InlineData("issued-between")]
    public async Task No_common_filter_scans_the_whole_table(string filter)
    {
        var plan = await data.Query.ExplainAsync(CommonFilters.Of(filter, Start, HashKey.Hash(Data.Shared)));

        plan.ShouldNotContain(step => step.StartsWith("SCAN ", StringComparison.Ordinal) && !step.Contains("USING", StringComparison.Ordinal), string.Join(" / ", plan));
        plan.ShouldNotContain(step => step.Contains("TEMP B-TREE", StringComparison.Ordinal), string.Join(" / ", plan));
    }
}
