using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Web.CardSteps;

namespace Web.Tests.CardSteps;

public class CardStepOptionsTests(CardStepApp app) : IClassFixture<CardStepApp>
{
    [Theory]
    [InlineData("https://evs.example.gov.tw", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("https://evs.example.gov.tw/", false)]
    [InlineData("https://evs.example.gov.tw/evs", false)]
    [InlineData("evs.example.gov.tw", false)]
    [InlineData("ftp://evs.example.gov.tw", false)]
    [InlineData("", false)]
    public void A_public_origin_is_scheme_host_and_port_only(string origin, bool valid) =>
        CardStepOptions.IsSerializedOrigin(origin).ShouldBe(valid);

    [Fact]
    public void A_public_origin_with_a_path_stops_the_app_at_start_up_naming_the_key()
    {
        using var broken = app.WithWebHostBuilder(b => b.UseSetting("Web:PublicOrigin", "https://evs.example.gov.tw/app"));

        var failure = Should.Throw<OptionsValidationException>(() => broken.CreateClient());

        failure.Message.ShouldContain("Web:PublicOrigin");
    }
}
