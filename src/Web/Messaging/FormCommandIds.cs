using System.Security.Cryptography;
using System.Text;
using Domain.Common;
using Microsoft.AspNetCore.DataProtection;

namespace Web.Messaging;

/// <summary>
/// The command id of a form that changes state, issued by the server when it serves the form: the id sealed with the
/// data-protection keys together with who may post it (the subject) and which form it is for. The page puts the token
/// in a hidden field <see cref="FieldName"/> and, on the post, gets the id back only for the same subject and form.
/// A client can therefore neither choose an id (to collide with another command's and have a change silently skipped)
/// nor carry one from another person's form or another form; posting the same token again gives the same id, so a
/// double post still appends once (<see cref="CommandPipeline"/>).
/// </summary>
public sealed class FormCommandIds(IDataProtectionProvider protection)
{
    /// <summary>The hidden field (and bound page property) that carries the token.</summary>
    public const string FieldName = "CommandToken";

    /// <summary>A missing, forged, another person's or another form's token: nothing was written.</summary>
    public static Rejection Invalid { get; } = new("form-token-invalid",
        "這份表單不是本服務為您這次的作業開出的（可能已被改動、屬於其他人，或屬於另一份表單），所以沒有儲存任何變更。請重新開啟表單後再送出。");

    private readonly IDataProtector _protector = protection.CreateProtector("evs-form-command-id");

    /// <summary>A new command id for <paramref name="form"/>, sealed for <paramref name="subject"/>.</summary>
    public string Issue(string subject, string form) => Seal(Guid.CreateVersion7(), subject, form);

    /// <summary>The command id the token carries, when it was issued for this subject and this form.</summary>
    public Outcome<Guid> Redeem(string? token, string subject, string form)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(form);
        if (string.IsNullOrEmpty(token) || token.Length > 1024)
            return Invalid;
        byte[] payload;
        try
        {
            payload = _protector.Unprotect(Base64UrlDecode(token));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return Invalid;
        }
        if (payload.Length < 16)
            return Invalid;
        var id = new Guid(payload.AsSpan(0, 16));
        var boundTo = Encoding.UTF8.GetString(payload.AsSpan(16));
        return boundTo == Binding(subject, form) ? id : Invalid;
    }

    /// <summary>The token as posted when it is still good for this subject and form (a form shown again keeps its id), else a new one.</summary>
    public string Keep(string? token, string subject, string form) =>
        Redeem(token, subject, form).Succeeded ? token! : Issue(subject, form);

    private string Seal(Guid id, string subject, string form)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(form);
        var payload = id.ToByteArray().Concat(Encoding.UTF8.GetBytes(Binding(subject, form))).ToArray();
        return Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(_protector.Protect(payload));
    }

    // A line break cannot occur in a subject (cert:…, staff:…) or a form name, so the two cannot be shifted into each other.
    private static string Binding(string subject, string form) => subject + "\n" + form;

    private static byte[] Base64UrlDecode(string token) => Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(token);
}
