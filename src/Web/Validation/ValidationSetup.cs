using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using FluentValidation;

namespace Web.Validation;

/// <summary>Global FluentValidation settings: zh-TW built-in messages, and field names from <see cref="DisplayAttribute"/>.</summary>
public static class ValidationSetup
{
    private static readonly CultureInfo TraditionalChinese = CultureInfo.GetCultureInfo("zh-TW");

    /// <summary>
    /// Built-in rules (NotEmpty, MaximumLength …) speak zh-TW whatever the server's culture, and name a field
    /// by the same <c>[Display(Name = "…")]</c> the page's label uses, so message and label always agree.
    /// Idempotent; called once at start-up.
    /// </summary>
    public static void ApplyGlobalSettings()
    {
        ValidatorOptions.Global.LanguageManager.Culture = TraditionalChinese;
        ValidatorOptions.Global.DisplayNameResolver = static (_, member, _) =>
            member?.GetCustomAttribute<DisplayAttribute>()?.GetName();
    }
}
