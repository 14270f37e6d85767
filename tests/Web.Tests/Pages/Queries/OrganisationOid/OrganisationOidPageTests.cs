using Web.Tests.CardSteps;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Queries.OrganisationOid;

/// <summary>查詢機關憑證OID over HTTP: what the result shows for each organisation CA's card, with its agency's code (demo directory).</summary>
public class OrganisationOidPageTests(CardStepApp app) : IClassFixture<CardStepApp>
{
    [Theory]
    [InlineData("org-gca-rsa", "人事行政總處", "2.16.886.101.20003.20012")]
    [InlineData("org-gca-ec", "財政資訊中心", "2.16.886.101.20003.20065")]
    [InlineData("org-xca-rsa", "私立明德高級中學", "2.16.886.111.90005.90001.30215")]
    [InlineData("org-moeaca-rsa", "宏達測試科技股份有限公司", "24536806")]
    [InlineData("org-hca-rsa", "衛生福利部中興醫院", "2.16.886.101.20003.50031")]
    public async Task The_agency_name_OID_serial_validity_and_card_number_of_the_card_are_shown(string leafName, string agency, string oid)
    {
        var leaf = app.Pki.Leaf(leafName);
        await DemoHost.DemoData.DemoDataSeeder.SeedReferenceDataAsync(app.Services, app.Pki);
        using var client = app.CreateClient();
        var form = await CardStepForm.OpenAsync(client, "/Queries/OrganisationOid");

        using var response = await form.PostAsync(client, CardTokens.Sign(app.Pki, leafName, CardStepApp.PublicOrigin, form.Challenge, leaf.CardNumber),
            [new("Input.AgencyCode", leaf.Agency!.AgencyCode)]);
        var result = await Html.ParseAsync(response);

        result.QuerySelector("[data-testid=agency-name]")!.TextContent.ShouldBe(agency);
        result.QuerySelector("[data-testid=agency-oid]")!.TextContent.ShouldBe(oid);
        result.QuerySelector("[data-testid=serial]")!.TextContent.ShouldBe(leaf.SerialNumber);
        result.QuerySelector("[data-testid=card-number]")!.TextContent.ShouldBe(leaf.CardNumber);
        result.QuerySelector("[data-testid=oid-notice]")!.ClassList.ShouldContain("notice--success");
        result.QuerySelector(".summary-list")!.TextContent.ShouldContain($"{Domain.Common.RocDate.FormatDateTime(leaf.NotBefore)} 至 {Domain.Common.RocDate.FormatDateTime(leaf.NotAfter)}");
    }
}
