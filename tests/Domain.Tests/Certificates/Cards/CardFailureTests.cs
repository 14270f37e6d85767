using Domain.Certificates.Cards;
using Pkix.Validation;

namespace Domain.Tests.Certificates.Cards;

public class CardFailureTests
{
    [Fact]
    public void Every_check_and_every_failure_code_has_its_own_message_in_traditional_Chinese()
    {
        var messages = Enum.GetValues<CardCheck>().Select(CardFailureMessages.For)
            .Concat(Enum.GetValues<CertificateFailureCode>().Select(CardFailureMessages.For)).ToList();

        messages.Count.ShouldBe(Enum.GetValues<CardCheck>().Length + Enum.GetValues<CertificateFailureCode>().Length);
        messages.Distinct().Count().ShouldBe(messages.Count);
        messages.ShouldAllBe(m => m.Any(c => c >= '\u4e00' && c <= '\u9fff') && m.EndsWith('。'));
    }

    [Fact]
    public void A_certificate_failure_keeps_its_code_and_detail_and_tells_the_user_in_zh_TW()
    {
        var failure = CardFailure.Of(new CertificateFailure(CertificateFailureCode.Revoked, "serial 01 on the CRL"));

        failure.Certificate.ShouldBe(CertificateFailureCode.Revoked);
        failure.Check.ShouldBeNull();
        failure.Code.ShouldBe("REVOKED");
        failure.Message.ShouldContain("已被廢止");
        failure.ToString().ShouldBe("Revoked: serial 01 on the CRL");
    }

    [Theory]
    [InlineData(CardCheck.TestCertificate, "TEST_CERTIFICATE", "測試用憑證")]
    [InlineData(CardCheck.WrongKind, "WRONG_KIND", "卡片種類不符")]
    [InlineData(CardCheck.ChallengeWrongSession, "CHALLENGE_WRONG_SESSION", "工作階段")]
    public void Our_own_checks_carry_upper_snake_codes_and_their_message(CardCheck check, string code, string words)
    {
        var failure = CardFailure.Of(check, "detail");

        failure.Check.ShouldBe(check);
        failure.Certificate.ShouldBeNull();
        failure.Code.ShouldBe(code);
        failure.Message.ShouldContain(words);
    }
}
