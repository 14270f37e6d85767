using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Web.Validation;

namespace Web.Tests.Validation;

public class RuleExtensionsTests
{
    public sealed record Form(
        [property: Display(Name = "身分證統一編號")] string? NationalId,
        [property: Display(Name = "生效日期")] string? EffectiveDate,
        [property: Display(Name = "聯絡人姓名")] string? ContactName);

    private sealed class FormValidator : AbstractValidator<Form>
    {
        public FormValidator()
        {
            RuleFor(f => f.NationalId).MustBeNationalId();
            RuleFor(f => f.EffectiveDate).MustBeRocDate();
            RuleFor(f => f.ContactName).NotEmpty();
        }
    }

    private static readonly FormValidator Validator = new();

    public RuleExtensionsTests() => ValidationSetup.ApplyGlobalSettings();

    private static FluentValidation.Results.ValidationResult Validate(string? id = "A123456789", string? date = "115/11/23", string? name = "王小明") =>
        Validator.Validate(new Form(id, date, name));

    [Theory]
    [InlineData("A123456789")]
    [InlineData(" a123456789 ")]
    [InlineData("F131104093")]
    public void A_valid_national_ID_passes(string id) =>
        Validate(id: id).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData(null, "NATIONAL_ID_MISSING", "請輸入身分證統一編號。")]
    [InlineData("", "NATIONAL_ID_MISSING", "請輸入身分證統一編號。")]
    [InlineData("A12345678", "NATIONAL_ID_FORMAT", "身分證統一編號應為 1 個英文字母加 9 個數字，第 2 碼為 1、2、8 或 9。")]
    [InlineData("A323456789", "NATIONAL_ID_FORMAT", "身分證統一編號應為 1 個英文字母加 9 個數字，第 2 碼為 1、2、8 或 9。")]
    [InlineData("A123456780", "NATIONAL_ID_CHECKSUM", "身分證統一編號的檢查碼不正確，請再核對一次。")]
    public void A_bad_national_ID_gets_its_own_code_and_the_domain_message(string? id, string code, string message)
    {
        var failure = Validate(id: id).Errors.ShouldHaveSingleItem();

        failure.PropertyName.ShouldBe("NationalId");
        failure.ErrorCode.ShouldBe(code);
        failure.ErrorMessage.ShouldBe(message);
    }

    [Fact]
    public void A_rejected_national_ID_is_not_kept_in_the_failure()
    {
        var failure = Validate(id: "A123456780").Errors.ShouldHaveSingleItem();

        failure.AttemptedValue.ShouldBeNull();
        failure.ToString().ShouldNotContain("A123456780");
    }

    [Theory]
    [InlineData("115/11/23")]
    [InlineData("115年11月23日")]
    [InlineData("1151123")]
    [InlineData("99-01-05")]
    public void An_ROC_date_in_any_accepted_form_passes(string date) =>
        Validate(date: date).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("115/02/30")]
    [InlineData("2026-11-23")]
    [InlineData("明天")]
    public void A_date_that_is_not_a_real_ROC_date_is_refused(string date)
    {
        var failure = Validate(date: date).Errors.ShouldHaveSingleItem();

        failure.ErrorCode.ShouldBe("ROC_DATE_FORMAT");
        failure.ErrorMessage.ShouldContain("115/11/23");
    }

    [Fact]
    public void A_missing_ROC_date_is_asked_for()
    {
        var failure = Validate(date: "  ").Errors.ShouldHaveSingleItem();

        failure.ErrorCode.ShouldBe("ROC_DATE_MISSING");
        failure.ErrorMessage.ShouldStartWith("請輸入日期");
    }

    [Fact]
    public void Built_in_rules_speak_zh_TW_and_name_the_field_by_its_label()
    {
        var failure = Validate(name: "").Errors.ShouldHaveSingleItem();

        failure.ErrorMessage.ShouldContain("聯絡人姓名");
        failure.ErrorMessage.ShouldNotContain("must not be empty");
        failure.ErrorMessage.ShouldNotContain("Contact Name");
    }
}
