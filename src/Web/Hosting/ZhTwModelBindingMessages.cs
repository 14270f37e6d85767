using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Web.Hosting;

/// <summary>zh-TW wording for the few messages model binding itself produces (a number field given letters …).</summary>
internal static class ZhTwModelBindingMessages
{
    public static void Apply(DefaultModelBindingMessageProvider messages)
    {
        messages.SetValueIsInvalidAccessor(_ => "輸入的值格式不正確。");
        messages.SetAttemptedValueIsInvalidAccessor((_, field) => $"「{field}」的格式不正確。");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => "輸入的值格式不正確。");
        messages.SetUnknownValueIsInvalidAccessor(field => $"「{field}」的格式不正確。");
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "輸入的值格式不正確。");
        messages.SetValueMustNotBeNullAccessor(field => $"請填寫「{field}」。");
        messages.SetMissingBindRequiredValueAccessor(field => $"請填寫「{field}」。");
        messages.SetMissingKeyOrValueAccessor(() => "請填寫這個欄位。");
        messages.SetMissingRequestBodyRequiredValueAccessor(() => "送出的資料是空的。");
        messages.SetValueMustBeANumberAccessor(field => $"「{field}」必須是數字。");
        messages.SetNonPropertyValueMustBeANumberAccessor(() => "這個欄位必須是數字。");
    }
}
