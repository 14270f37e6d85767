using Domain.Common;
using FluentValidation;
using FluentValidation.Results;

namespace Web.Validation;

/// <summary>
/// FluentValidation rules for the shared value types, built on <see cref="NationalId"/> and <see cref="RocDate"/>
/// so a form field is judged exactly as the domain will read it.
/// </summary>
public static class RuleExtensions
{
    /// <summary>
    /// The field must be a national ID (letter, 1/2/8/9, eight digits, valid checksum). Error codes:
    /// <c>NATIONAL_ID_MISSING</c>, <c>NATIONAL_ID_FORMAT</c>, <c>NATIONAL_ID_CHECKSUM</c>.
    /// The attempted value is never kept in the failure: it is personal data.
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, string?> MustBeNationalId<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Custom((value, context) =>
        {
            var parse = NationalId.Parse(value);
            if (parse.Error is not { } error)
                return;
            context.AddFailure(new ValidationFailure(context.PropertyPath, parse.Message, attemptedValue: null)
            {
                ErrorCode = error switch
                {
                    NationalIdError.Missing => "NATIONAL_ID_MISSING",
                    NationalIdError.Checksum => "NATIONAL_ID_CHECKSUM",
                    _ => "NATIONAL_ID_FORMAT",
                },
            });
        });

    /// <summary>
    /// The field must be an agency code as <see cref="Domain.ReferenceData.AgencyCode.Parse"/> reads it (five digits, or
    /// 7–10 letters and digits), with the domain's message. Error codes: <c>AGENCY_CODE_MISSING</c>, <c>AGENCY_CODE_FORMAT</c>.
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, string?> MustBeAgencyCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Custom((value, context) =>
        {
            var parse = Domain.ReferenceData.AgencyCode.Parse(value);
            if (parse.Error is not { } error)
                return;
            context.AddFailure(new ValidationFailure(context.PropertyPath, parse.Message, value)
            {
                ErrorCode = error == Domain.ReferenceData.AgencyCodeError.Missing ? "AGENCY_CODE_MISSING" : "AGENCY_CODE_FORMAT",
            });
        });

    /// <summary>
    /// The field must be a date in the ROC calendar as <see cref="RocDate.TryParse"/> reads it (115/11/23,
    /// 115年11月23日, 1151123 …). Error codes: <c>ROC_DATE_MISSING</c>, <c>ROC_DATE_FORMAT</c>.
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, string?> MustBeRocDate<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Custom((value, context) =>
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                context.AddFailure(new ValidationFailure(context.PropertyPath, "請輸入日期（民國年/月/日，例如 115/11/23）。") { ErrorCode = "ROC_DATE_MISSING" });
                return;
            }

            if (RocDate.TryParse(value) is null)
            {
                context.AddFailure(new ValidationFailure(context.PropertyPath, "日期無法辨識或不存在，請以民國年/月/日輸入，例如 115/11/23。", value)
                {
                    ErrorCode = "ROC_DATE_FORMAT",
                });
            }
        });

    /// <summary>
    /// Lets a validator speak with the domain's own rule (a function giving a <see cref="Rejection"/> or null), so each rule
    /// lives once: adds its rejection, if any, as this property's failure (its code and message kept).
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, TProperty> AddRejection<T, TProperty>(this IRuleBuilder<T, TProperty> rule, Func<TProperty, Rejection?> check)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(check);
        return rule.Custom((value, context) =>
        {
            if (check(value) is { } rejection)
                context.AddFailure(new ValidationFailure(context.PropertyPath, rejection.Message, attemptedValue: null) { ErrorCode = rejection.Code });
        });
    }
}
