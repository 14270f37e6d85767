using FluentValidation;
using FluentValidation.Results;

namespace Web.Pages.Audit;

/// <summary>Validation rules of the audit pages' fields.</summary>
public static class AuditRules
{
    /// <summary>The field is empty (the whole day) or a Taiwan time of day, 14:36 or 14:36:34. Error code <c>TIME_FORMAT</c>.</summary>
    public static IRuleBuilderOptionsConditions<T, string?> MustBeTimeOfDay<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Custom((value, context) =>
        {
            if (!AuditInstant.IsTimeOfDay(value))
                context.AddFailure(new ValidationFailure(context.PropertyPath, "時間無法辨識，請以 24 小時制輸入時:分或時:分:秒，例如 14:36 或 14:36:34；不填表示當天結束時。", value) { ErrorCode = "TIME_FORMAT" });
        });
}
