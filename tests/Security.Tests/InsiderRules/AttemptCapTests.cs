using Security.Tests.Harness;
using Web.Authentication;
using Web.Pages.Account.SignIn;

namespace Security.Tests.InsiderRules;

/// <summary>
/// Issue 14 point 6: 我要更新憑證 answers "whose card is this?" at most five times per certificate, and verifying
/// the card again (a new challenge, a new PIN, even a new browser) does not give it five more.
/// </summary>
public class AttemptCapTests(SecureDeployment deployment) : IClassFixture<SecureDeployment>
{
    private const string Card = "citizen-moica2-rsa";

    [Fact]
    public async Task Update_my_certificate_stops_answering_after_five_misses_even_when_the_card_is_verified_again_in_a_new_browser()
    {
        var origin = deployment.PublicOrigin.GetLeftPart(UriPartial.Authority);
        var before = await deployment.Store.HeadAsync();
        var answers = new List<string>();
        for (var attempt = 0; attempt < BindingAttempts.MaxFailures; attempt++)
        {
            using var browser = new Visitor(deployment, "10.9.8.7");
            await browser.GetAsync("/Account/UpdateCertificate");
            var (_, page) = await browser.PostAsync("/Account/UpdateCertificate?handler=VerifyCard",
                ("CardStep.Challenge", browser.Challenge!), ("CardStep.Token", CardTokens.Sign(Card, origin, browser.Challenge!)), ("Input.NationalId", "A123456789"));
            answers.Add(page);
        }

        using var fresh = new Visitor(deployment, "10.9.8.8");
        await fresh.GetAsync("/Account/UpdateCertificate");
        var (_, refused) = await fresh.PostAsync("/Account/UpdateCertificate?handler=VerifyCard",
            ("CardStep.Challenge", fresh.Challenge!), ("CardStep.Token", CardTokens.Sign(Card, origin, fresh.Challenge!)), ("Input.NationalId", "A123456789"));

        answers.ShouldAllBe(page => !page.Contains("次核對不符"));
        refused.ShouldContain(WizardMessages.TooManyAttempts.Message);
        await deployment.Store.ShouldHaveNoEventsAfterAsync(before);
    }
}
