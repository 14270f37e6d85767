using Web.Tests.CardSteps;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Queries.CitizenSerial;

/// <summary>查詢自然人憑證序號 over HTTP: the serial for the card's holder, and the national ID checked against the card.</summary>
public class CitizenSerialPageTests(CardStepApp app) : IClassFixture<CardStepApp>
{
    private const string Page = "/Queries/CitizenSerial";

    private async Task<AngleSharp.Dom.IDocument> SubmitAsync(string leaf, string nationalId)
    {
        using var client = app.CreateClient();
        var form = await CardStepForm.OpenAsync(client, Page);
        using var response = await form.PostAsync(client, CardTokens.Sign(app.Pki, leaf, CardStepApp.PublicOrigin, form.Challenge, app.Pki.Leaf(leaf).CardNumber),
            [new("Input.NationalId", nationalId)]);
        return await Html.ParseAsync(response);
    }

    [Fact]
    public async Task The_holder_s_name_and_certificate_serial_are_shown_with_the_ID_masked()
    {
        var leaf = app.Pki.Leaf("citizen-moica2-rsa");

        var result = await SubmitAsync("citizen-moica2-rsa", "a123456789");

        result.QuerySelector("[data-testid=holder-name]")!.TextContent.ShouldBe("王小明");
        result.QuerySelector("[data-testid=serial]")!.TextContent.ShouldBe(leaf.SerialNumber);
        result.QuerySelector("[data-testid=masked-id]")!.TextContent.ShouldBe("A12****789");
        result.QuerySelector("[data-testid=card-number]")!.TextContent.ShouldBe(leaf.CardNumber);
        result.Body!.InnerHtml.ShouldNotContain("A123456789");
    }

    [Fact]
    public async Task An_ID_whose_last_four_differ_from_the_card_is_refused_at_the_ID_field()
    {
        // B220612340 is a well-formed ID (陳美玲's), not the holder of 王小明's card.
        var result = await SubmitAsync("citizen-moica2-rsa", "B220612340");

        var field = result.QuerySelector("#Input_NationalId")!;
        field.GetAttribute("aria-invalid").ShouldBe("true");
        field.GetAttribute("value").ShouldBe("B220612340");
        result.QuerySelector("#Input_NationalId-error")!.TextContent.ShouldContain("末四碼不同");
        result.QuerySelector(".error-summary a[href='#Input_NationalId']").ShouldNotBeNull();
        result.QuerySelector("[data-testid=serial]").ShouldBeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("A123456788")]
    [InlineData("123456789")]
    public async Task A_missing_or_malformed_ID_is_refused_at_the_ID_field_with_the_ID_rule_s_message(string nationalId)
    {
        var result = await SubmitAsync("citizen-moica2-rsa", nationalId);

        result.QuerySelector("#Input_NationalId-error")!.TextContent.ShouldBe(Domain.Common.NationalId.Parse(nationalId).Message);
        result.QuerySelector("[data-testid=serial]").ShouldBeNull();
        result.QuerySelector("input[name='CardStep.Challenge']").ShouldNotBeNull();
    }

    [Fact]
    public async Task The_national_ID_never_reaches_the_log()
    {
        await SubmitAsync("citizen-moica2-rsa", "A123456789");
        await SubmitAsync("citizen-moica2-rsa", "B220612340");

        app.Logs.AllText.ShouldNotContain("A123456789");
        app.Logs.AllText.ShouldNotContain("B220612340");
        app.Logs.AllText.ShouldContain("query-citizen-serial");
    }
}
