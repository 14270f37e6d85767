using Domain.Certificates.Validation;

namespace Domain.Tests.Certificates.Validation;

public class CertificateFailureTests
{
    [Fact]
    public void Every_failure_code_has_its_own_message_in_traditional_Chinese()
    {
        var codes = Enum.GetValues<CertificateFailureCode>();
        var messages = codes.Select(CertificateFailureMessages.For).ToList();

        messages.Distinct().Count().ShouldBe(codes.Length);
        messages.ShouldAllBe(m => m.Any(c => c >= '\u4e00' && c <= '\u9fff') && m.EndsWith('。'));
    }

    [Fact]
    public void A_failure_carries_the_message_of_its_code_and_the_detail_for_logs()
    {
        var failure = new CertificateFailure(CertificateFailureCode.Revoked, "serial 01 on the CRL");

        failure.Message.ShouldBe(CertificateFailureMessages.For(CertificateFailureCode.Revoked));
        failure.ToString().ShouldBe("Revoked: serial 01 on the CRL");
    }
}
