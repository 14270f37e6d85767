using System.ComponentModel.DataAnnotations;
using Domain.Certificates;
using Domain.Common;
using Domain.ReferenceData;
using Domain.Registration;
using FluentValidation;
using Web.Validation;

namespace Web.Pages.Grants;

/// <summary>
/// 資料輸入區 of 新增/修改授權經辦人: the handler's certificate serial and name (read from the handler's card through
/// the agent, or typed), national ID, and the ticked functions (groups and leaves). Bound as <c>Handler</c> so the
/// decider's field names (<c>Handler.CertificateSerial</c> …) land on these inputs.
/// </summary>
public sealed class HandlerForm
{
    [Display(Name = "憑證序號(SN)")]
    public string? CertificateSerial { get; set; }

    [Display(Name = "姓名")]
    public string? Name { get; set; }

    [Display(Name = "身分證統一編號")]
    public string? NationalId { get; set; }

    [Display(Name = "功能選單")]
    public List<string> FunctionCodes { get; set; } = [];

    /// <summary>The certificate the agent read from the handler's card (base64 DER), when the manager used 讀取憑證.</summary>
    public string? Certificate { get; set; }

    /// <summary>
    /// The domain's view of the form. The last four ID digits count only when the certificate read from the card is
    /// the one whose serial stands in the form (a serial typed over a read one is a typed serial).
    /// </summary>
    /// <param name="recordedId">The ID the grant holds, used when the form's ID field was left blank (modify only).</param>
    public HandlerDetails ToDetails(FunctionCatalogue catalogue, string? recordedId = null)
    {
        var id = Domain.Common.NationalId.Parse(string.IsNullOrWhiteSpace(NationalId) ? recordedId : NationalId).Id!.Value;
        var read = ReadCard();
        return new HandlerDetails(CertificateSerial ?? "", Name ?? "", id, FunctionTree.Leaves(catalogue, FunctionCodes), read?.NationalIdLastFour, read?.IssuerKeyId);
    }

    /// <summary>The last four ID digits of the certificate read from the card, while its serial is the one in the form.</summary>
    public string? ReadLastFour() => ReadCard()?.NationalIdLastFour;

    /// <summary>The certificate read from the card, while its serial is the one in the form (its issuer then goes into the grant).</summary>
    private CertificateFacts? ReadCard() =>
        ReadCertificate(Certificate) is { } read && read.SerialNumber == Domain.Registration.CertificateSerial.Normalise(CertificateSerial) ? read : null;

    /// <summary>
    /// 讀取憑證: fills serial and name from the certificate the agent read from the handler's card; a certificate that is
    /// not a citizen certificate is refused at the serial, and so is the sitting's own manager card (it is often still in
    /// a reader beside the handler's): said, not filled in, so a manager who is also the handler types it knowingly.
    /// </summary>
    public void ReadCertificateInto(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, CertificateKey managerCertificate)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        if (ReadCertificate(Certificate) is { } facts)
        {
            if (CertificateKey.Of(facts) == managerCertificate)
            {
                Certificate = null;
                modelState.AddModelError("Handler.CertificateSerial",
                    $"讀到的是剛才驗證過的授權管理者（{facts.CommonName}）的自然人憑證，沒有帶入。請選擇或插入經辦人的自然人憑證後再按「讀取憑證」；若要授權給授權管理者本人，請直接輸入憑證序號與姓名。");
                return;
            }
            CertificateSerial = facts.SerialNumber;
            Name = facts.CommonName ?? Name;
            return;
        }
        Certificate = null;
        modelState.AddModelError("Handler.CertificateSerial", "讀到的不是自然人憑證，請改插經辦人的自然人憑證，或直接輸入憑證序號。");
    }

    /// <summary>The facts of a certificate read from a card, when it parses as a citizen certificate.</summary>
    public static CertificateFacts? ReadCertificate(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64) || base64.Length > 16_384)
            return null;
        try
        {
            var parsed = CertificateParser.Parse(Convert.FromBase64String(base64));
            return parsed.Facts is { Kind: CertificateKind.Citizen } facts ? facts : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>
/// The form checks that run before the decider, every field on its own so one answer shows every field's error (as
/// the registration forms do): the domain's field rules, the ID's format, and a typed ID that is not the one on the
/// card read.
/// </summary>
public static class HandlerFormRules
{
    /// <param name="keepsRecordedId">Modify: a blank ID keeps the one on record, so only a typed ID is checked.</param>
    public static void Apply<T>(
        AbstractValidator<T> validator,
        System.Linq.Expressions.Expression<Func<T, HandlerForm>> form,
        Func<T, FunctionCatalogue?> catalogue,
        bool keepsRecordedId = false)
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(catalogue);
        validator.RuleFor(form).Custom((handler, context) =>
        {
            Add(context, HandlerFieldRules.Serial(handler.CertificateSerial));
            Add(context, HandlerFieldRules.Name(handler.Name));
        });
        validator.RuleFor(form).ChildRules(handler => handler.RuleFor(h => h.NationalId).MustBeNationalId()
                .When(h => !keepsRecordedId || !string.IsNullOrWhiteSpace(h.NationalId)))
            .OverridePropertyName("Handler");
        validator.RuleFor(form).Custom((handler, context) =>
        {
            if (Domain.Common.NationalId.Parse(handler.NationalId).Id is { } id && handler.ReadLastFour() is { } lastFour && lastFour != id.LastFour)
                Add(context, RegistrationRejections.HandlerIdMismatch);
            if (catalogue(context.InstanceToValidate) is { } functions)
                Add(context, HandlerFieldRules.Functions(FunctionTree.Leaves(functions, handler.FunctionCodes), functions));
        });
    }

    private static void Add<T>(FluentValidation.ValidationContext<T> context, Rejection? rejection)
    {
        if (rejection is not null)
            context.AddFailure(new FluentValidation.Results.ValidationFailure(rejection.Field, rejection.Message) { ErrorCode = rejection.Code });
    }
}

/// <summary>Rejections of the grant pages that the decider does not make.</summary>
public static class HandlerGrantPageRejections
{
    public static Rejection SittingMissing { get; } = new("card-steps-missing",
        "請先完成機關憑證確認與授權管理者自然人憑證確認（20 分鐘內有效），才能新增、修改或刪除授權經辦人。");

    public static Rejection NoCatalogue { get; } = new("catalogue-missing",
        "目前沒有生效中的功能選單，請系統管理者先匯入功能選單。");
}
