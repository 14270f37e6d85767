using Domain.Certificates;
using Domain.Certificates.Cards;
using Pkix.Validation;
using Web.CardSteps;

namespace Web.Tests.CardSteps;

public class CardStepMessagesTests
{
    /// <summary>The agent's error codes (docs/architecture.md, "Card agent API v1").</summary>
    private static readonly string[] AgentErrorCodes =
        ["NO_READER", "NO_CARD", "CARD_REMOVED", "UNSUPPORTED_CARD", "PIN_INCORRECT", "PIN_BLOCKED", "PIN_FORMAT", "READER_BUSY", "TIMEOUT", "ORIGIN_NOT_ALLOWED", "BAD_REQUEST"];

    [Fact]
    public void Every_card_failure_becomes_a_rejection_with_its_own_code_and_message_at_the_PIN()
    {
        var failures = Enum.GetValues<CertificateFailureCode>().Select(code => CardFailure.Of(code, "detail"))
            .Concat(Enum.GetValues<CardCheck>().Select(check => CardFailure.Of(check, "detail")))
            .ToList();
        var rejections = failures.Select(failure => CardStepMessages.Rejection(failure, CertificateKind.Citizen)).ToList();

        rejections.Select(r => r.Code).ShouldBeUnique();
        rejections.Select(r => r.Message).ShouldBeUnique();
        rejections.ShouldAllBe(r => r.Field == CardStepMessages.PinField && r.Message.Length > 0);
        rejections.Select(r => r.Code).ShouldContain("TEST_CERTIFICATE");
        rejections.Select(r => r.Code).ShouldContain("OCSP_NONCE_MISMATCH");
    }

    [Theory]
    [InlineData(CertificateKind.Citizen)]
    [InlineData(CertificateKind.Organisation)]
    public void The_script_has_a_distinct_message_for_every_agent_error(CertificateKind kind)
    {
        var messages = CardStepMessages.ForScript(kind);

        AgentErrorCodes.ShouldAllBe(code => messages.ContainsKey(code));
        AgentErrorCodes.Select(code => messages[code]).ShouldBeUnique();
        messages["PIN_INCORRECT"].ShouldContain("{triesLeft}");
        messages["STATUS_READY"].ShouldContain("{reader}");
        messages["AGENT_UNREACHABLE"].ShouldContain("{agentUrl}");
    }

    [Fact]
    public void A_locked_citizen_card_is_sent_to_MOICA_and_an_organisation_card_to_its_issuing_CA()
    {
        var citizen = CardStepMessages.ForScript(CertificateKind.Citizen)["PIN_BLOCKED"];
        var organisation = CardStepMessages.ForScript(CertificateKind.Organisation)["PIN_BLOCKED"];

        citizen.ShouldContain("內政部憑證管理中心");
        citizen.ShouldContain(CardStepMessages.MoicaUnblockUrl);
        foreach (var ca in new[] { "GCA", "XCA", "MOEACA", "HCA" })
            organisation.ShouldContain(ca);
        organisation.ShouldNotContain("內政部");
        // With the issuing CA the agent names, an organisation card's message names that CA alone (filled in as card-step.js does).
        var template = CardStepMessages.ForScript(CertificateKind.Organisation)["PIN_BLOCKED_AT"];
        template.Split("{issuer}").Length.ShouldBe(2, "the CA's name goes in exactly once");
        var named = template.Replace("{issuer}", "工商憑證管理中心", StringComparison.Ordinal);
        named.ShouldContain("已經鎖卡");
        named.ShouldContain("「工商憑證管理中心」辦理鎖卡解碼");
        foreach (var other in new[] { "GCA", "XCA", "MOEACA", "HCA", "政府憑證管理中心", "內政部" })
            named.ShouldNotContain(other);
        CardStepMessages.ForScript(CertificateKind.Citizen).ShouldNotContainKey("PIN_BLOCKED_AT");
    }

    [Fact]
    public void The_PIN_rule_told_matches_the_card_kind()
    {
        CardStepMessages.ForScript(CertificateKind.Citizen)["PIN_FORMAT"].ShouldContain("數字");
        CardStepMessages.ForScript(CertificateKind.Organisation)["PIN_FORMAT"].ShouldContain("英文字母");
    }

    [Fact]
    public void A_step_name_is_lower_case_words_and_a_step_expects_a_card_kind()
    {
        Should.Throw<ArgumentException>(() => new CardStepDefinition("Registration Step", CertificateKind.Citizen) { TargetId = "x", Heading = "x" });
        Should.Throw<ArgumentOutOfRangeException>(() => new CardStepDefinition("registration", CertificateKind.Unknown) { TargetId = "x", Heading = "x" });
        new CardStepDefinition("registration-manager-card", CertificateKind.Citizen) { TargetId = "x", Heading = "x" }.KindName.ShouldBe("自然人憑證");
    }
}
