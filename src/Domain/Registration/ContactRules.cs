using System.Text.RegularExpressions;
using Domain.Common;

namespace Domain.Registration;

/// <summary>
/// The shape rules for what people type on the registration pages (contact details, the review
/// applicant, reasons, handler names). Text is trimmed first; an optional field left blank becomes null.
/// </summary>
public static partial class ContactRules
{
    public const int NameMaxLength = 50;
    public const int EmailMaxLength = 100;
    public const int ExtensionMaxDigits = 6;
    public const int NoteMaxLength = 200;
    public const int ReasonMaxLength = 200;

    /// <summary>The contact as it will be recorded: trimmed, blank optional fields as null.</summary>
    public static ManagerContact Normalise(ManagerContact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return new ManagerContact(Clean(contact.Name) ?? "", Clean(contact.Email) ?? "", Clean(contact.Phone) ?? "", Clean(contact.Extension), Clean(contact.Note));
    }

    /// <summary>The first broken rule of the contact details, in form order, or null.</summary>
    public static Rejection? Validate(ManagerContact contact)
    {
        var c = Normalise(contact);
        return Text(c.Name, "contact-name", "授權管理者姓名", NameMaxLength, RegistrationFields.ContactName)
            ?? Email(c.Email)
            ?? Phone(c.Phone, "contact-phone", "連絡電話", RegistrationFields.ContactPhone)
            ?? Extension(c.Extension)
            ?? (c.Note is { Length: > NoteMaxLength }
                ? RegistrationRejections.TooLong("contact-note", "備註", NoteMaxLength, RegistrationFields.ContactNote)
                : null);
    }

    /// <summary>A reviewer's reason to refuse (駁回原因): required, at most <see cref="ReasonMaxLength"/> characters.</summary>
    public static Rejection? RefusalReason(string? reason) => Text(reason, "reason", "駁回原因", ReasonMaxLength, RegistrationFields.Reason);

    /// <summary>A required text of at most <paramref name="maxLength"/> characters: <c>{prefix}-required</c> / <c>{prefix}-too-long</c>.</summary>
    public static Rejection? Text(string? value, string prefix, string label, int maxLength, string field) => Clean(value) switch
    {
        null => RegistrationRejections.Required(prefix, label, field),
        { Length: var length } when length > maxLength => RegistrationRejections.TooLong(prefix, label, maxLength, field),
        _ => null,
    };

    /// <summary>A required phone number such as (02)2701-3411 or 0912-345-678: <c>{prefix}-required</c> / <c>{prefix}-invalid</c>.</summary>
    public static Rejection? Phone(string? value, string prefix, string label, string field) => Clean(value) switch
    {
        null => RegistrationRejections.Required(prefix, label, field),
        var phone when !PhonePattern().IsMatch(phone) || phone.Count(char.IsAsciiDigit) < 7 =>
            RegistrationRejections.Invalid(prefix, $"{label}請只用數字、括號、連字號與空白，例如 (02)2701-3411。", field),
        _ => null,
    };

    /// <summary>
    /// Splits a typed phone number such as <c>(02)2345-6789#123</c> into the number and the extension after its last
    /// <c>#</c> (1–6 digits); anything else is all number, with no extension. Blank input gives an empty number.
    /// </summary>
    public static (string Number, string? Extension) SplitExtension(string? phone)
    {
        var cleaned = Clean(phone) ?? "";
        var hash = cleaned.LastIndexOf('#');
        if (hash <= 0)
            return (cleaned, null);
        var number = cleaned[..hash].TrimEnd();
        var extension = cleaned[(hash + 1)..].Trim();
        return number.Length > 0 && ExtensionPattern().IsMatch(extension) ? (number, extension) : (cleaned, null);
    }

    internal static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Rejection? Email(string email) => email switch
    {
        "" => RegistrationRejections.Required("contact-email", "電子信箱", RegistrationFields.ContactEmail),
        { Length: > EmailMaxLength } => RegistrationRejections.TooLong("contact-email", "電子信箱", EmailMaxLength, RegistrationFields.ContactEmail),
        _ when !EmailPattern().IsMatch(email) =>
            RegistrationRejections.Invalid("contact-email", "電子信箱的格式不正確，例如 name@agency.gov.tw。", RegistrationFields.ContactEmail),
        _ => null,
    };

    private static Rejection? Extension(string? extension) =>
        extension is not null && !ExtensionPattern().IsMatch(extension)
            ? RegistrationRejections.Invalid("contact-extension", "分機請只填數字，最多 6 位。", RegistrationFields.ContactExtension)
            : null;

    [GeneratedRegex(@"^[0-9()+\- #]{7,20}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[0-9]{1,6}$")]
    private static partial Regex ExtensionPattern();
}
