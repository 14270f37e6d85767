using Web.Validation;
using System.ComponentModel.DataAnnotations;
using Domain.ReferenceData;
using FluentValidation;
using Mediator;
using ReadModels.Registration;
using Web.Messaging;

namespace Web.Pages.Registration.Receipts;

/// <summary>查詢憑證註冊收件紀錄: an agency's registrations, swaps and OID review steps, oldest first.</summary>
public sealed record GetRegistrationReceipts([property: Display(Name = "機關代號")] string? AgencyCode) : IQuery<Outcome<ReceiptList>>;

/// <param name="DirectoryName">The agency's name in the directory today (null when it is not there).</param>
public sealed record ReceiptList(string AgencyCode, string? DirectoryName, IReadOnlyList<RegistrationReceipt> Receipts);

public sealed class GetRegistrationReceiptsValidator : AbstractValidator<GetRegistrationReceipts>
{
    public GetRegistrationReceiptsValidator() => RuleFor(q => q.AgencyCode).MustBeAgencyCode();
}

public sealed class GetRegistrationReceiptsHandler(RegistrationReceiptsQuery receipts, RegistrationFacts facts) : IQueryHandler<GetRegistrationReceipts, Outcome<ReceiptList>>
{
    public async ValueTask<Outcome<ReceiptList>> Handle(GetRegistrationReceipts query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var agency = AgencyCode.Of(query.AgencyCode!);
        var entry = await facts.DirectoryEntryAsync(agency, cancellationToken);
        return new ReceiptList(agency.Value, entry?.Name, await receipts.ForAgencyAsync(agency.Value, cancellationToken));
    }
}

/// <summary>How a receipt's item (註冊項目) reads on screen.</summary>
public static class ReceiptItemText
{
    public static string Of(RegistrationReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var item = receipt.Item switch
        {
            ReceiptItem.FirstRegistration => "首次註冊",
            ReceiptItem.OrganisationSwap => "更換機關憑證",
            ReceiptItem.ManagerSwap => "更換授權管理者自然人憑證",
            ReceiptItem.BothSwap => "更換機關憑證和授權管理者自然人憑證",
            ReceiptItem.OidReviewRequested => $"機關憑證 OID 審核申請（第 {receipt.CaseNumber} 號）",
            ReceiptItem.OidReviewApproved => $"OID 審核通過（第 {receipt.CaseNumber} 號，自 {Domain.Common.RocDate.FormatDate(receipt.EffectiveFrom!.Value)} 起可辦理）",
            ReceiptItem.OidReviewRejected => $"OID 審核未通過（第 {receipt.CaseNumber} 號）",
            _ => receipt.Item.ToString(),
        };
        // A registration or swap whose certificate OID was accepted by review names the case.
        return receipt.Item is ReceiptItem.FirstRegistration or ReceiptItem.OrganisationSwap or ReceiptItem.BothSwap && receipt.CaseNumber is { } relied
            ? $"{item}（依第 {relied} 號審核）"
            : item;
    }
}
