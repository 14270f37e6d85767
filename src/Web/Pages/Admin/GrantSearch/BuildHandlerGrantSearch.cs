using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Domain.Common;
using Domain.Registration;
using FluentValidation;
using Mediator;
using ReadModels.Grants;
using ReadModels.ReferenceData;
using Web.Messaging;
using Web.Validation;

namespace Web.Pages.Admin.GrantSearch;

/// <summary>
/// The administrators' search form as typed: every filter optional. The national ID arrives only in a POST body and
/// leaves this message as its keyed hash (the issued-grants tables hold no ID).
/// </summary>
public sealed class HandlerGrantSearchInput
{
    [Display(Name = "機關代號")]
    public string? AgencyCode { get; set; }

    [Display(Name = "授權功能")]
    public string? FunctionCode { get; set; }

    [Display(Name = "經辦人身分證統一編號")]
    public string? NationalId { get; set; }

    [Display(Name = "憑證序號")]
    public string? Serial { get; set; }

    [Display(Name = "憑證到期天數")]
    public string? ExpiringWithinDays { get; set; }

    [Display(Name = "狀態")]
    public GrantStatusFilter Status { get; set; }

    [Display(Name = "授權日期（起）")]
    public string? IssuedFrom { get; set; }

    [Display(Name = "授權日期（迄）")]
    public string? IssuedTo { get; set; }

    [Display(Name = "排序")]
    public GrantSort Sort { get; set; }

    [Display(Name = "順序")]
    public bool Ascending { get; set; }

    [Display(Name = "每頁筆數")]
    public int PageSize { get; set; } = 25;

    public int Page { get; set; } = 1;

    /// <summary>The filters as the security log keeps them: every one given except the national ID, which the log keeps masked on its own.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        void Add(string label, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
                parts.Add($"{label} {value.Trim()}");
        }
        Add("機關代號", AgencyCode);
        Add("授權功能", FunctionCode);
        Add("憑證序號", Serial);
        Add("憑證到期天數", ExpiringWithinDays);
        Add("授權日期起", IssuedFrom);
        Add("授權日期迄", IssuedTo);
        parts.Add($"狀態 {Status}");
        parts.Add($"第 {Page} 頁");
        return string.Join("、", parts);
    }

    public BuildHandlerGrantSearch ToQuery() => new(
        AgencyCode, FunctionCode, NationalId, Serial, ExpiringWithinDays, Status, IssuedFrom, IssuedTo, Sort, Ascending, Page, PageSize);
}

/// <summary>Turns the typed filters into the read model's <see cref="ReadModels.Grants.HandlerGrantSearch"/>, or says which field is wrong.</summary>
public sealed record BuildHandlerGrantSearch(
    [property: Display(Name = "機關代號")] string? AgencyCode,
    [property: Display(Name = "授權功能")] string? FunctionCode,
    [property: Display(Name = "經辦人身分證統一編號")] string? NationalId,
    [property: Display(Name = "憑證序號")] string? Serial,
    [property: Display(Name = "憑證到期天數")] string? ExpiringWithinDays,
    [property: Display(Name = "狀態")] GrantStatusFilter Status,
    [property: Display(Name = "授權日期（起）")] string? IssuedFrom,
    [property: Display(Name = "授權日期（迄）")] string? IssuedTo,
    [property: Display(Name = "排序")] GrantSort Sort,
    [property: Display(Name = "順序")] bool Ascending,
    [property: Display(Name = "頁次")] int Page,
    [property: Display(Name = "每頁筆數")] int PageSize) : IQuery<Outcome<ReadModels.Grants.HandlerGrantSearch>>
{
    /// <summary>The widest "expiring within" window accepted (ten years).</summary>
    public const int MaxDays = 3650;
}

public sealed class BuildHandlerGrantSearchValidator : AbstractValidator<BuildHandlerGrantSearch>
{
    public BuildHandlerGrantSearchValidator()
    {
        RuleFor(q => q.AgencyCode).MustBeAgencyCode().When(q => !string.IsNullOrWhiteSpace(q.AgencyCode));
        RuleFor(q => q.NationalId).MustBeNationalId().When(q => !string.IsNullOrWhiteSpace(q.NationalId));
        RuleFor(q => q.Serial).Must(s => CertificateSerial.Normalise(s) is not null).When(q => !string.IsNullOrWhiteSpace(q.Serial))
            .WithMessage("憑證序號只能有 0–9 及 A–F（可用冒號或空白分隔），最多 40 位。");
        RuleFor(q => q.ExpiringWithinDays).Must(d => int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= BuildHandlerGrantSearch.MaxDays)
            .When(q => !string.IsNullOrWhiteSpace(q.ExpiringWithinDays))
            .WithMessage($"憑證到期天數請輸入 1 至 {BuildHandlerGrantSearch.MaxDays} 的整數。");
        RuleFor(q => q.IssuedFrom).MustBeRocDate().When(q => !string.IsNullOrWhiteSpace(q.IssuedFrom));
        RuleFor(q => q.IssuedTo).MustBeRocDate().When(q => !string.IsNullOrWhiteSpace(q.IssuedTo));
        RuleFor(q => q.IssuedTo).Must((q, to) => RocDate.TryParse(q.IssuedFrom) is not { } from || RocDate.TryParse(to) is not { } until || from <= until)
            .WithMessage("授權日期（迄）不可早於授權日期（起）。");
        RuleFor(q => q.Status).IsInEnum();
        RuleFor(q => q.Sort).IsInEnum();
    }
}

public sealed class BuildHandlerGrantSearchHandler(NationalIdHashKey hashKey, FunctionCatalogueLookup catalogues, TimeProvider time)
    : IQueryHandler<BuildHandlerGrantSearch, Outcome<ReadModels.Grants.HandlerGrantSearch>>
{
    public async ValueTask<Outcome<ReadModels.Grants.HandlerGrantSearch>> Handle(BuildHandlerGrantSearch query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = time.GetUtcNow();
        var function = Blank(query.FunctionCode);
        if (function is not null && (await catalogues.InForceAsync(now, cancellationToken))?.IsGrantable(function) != true)
            return Outcome<ReadModels.Grants.HandlerGrantSearch>.Rejected("FUNCTION_UNKNOWN", $"功能代碼 {function} 不在生效中的功能選單內。", nameof(BuildHandlerGrantSearch.FunctionCode));
        return new ReadModels.Grants.HandlerGrantSearch(
            now,
            AgencyCode: Blank(query.AgencyCode) is { } agency ? Domain.ReferenceData.AgencyCode.Parse(agency).Code!.Value.Value : null,
            FunctionCode: function,
            NationalIdHash: Blank(query.NationalId) is { } id ? hashKey.Hash(Domain.Common.NationalId.Parse(id).Id!.Value) : null,
            Serial: Blank(query.Serial) is { } serial ? CertificateSerial.Normalise(serial) : null,
            ExpiringWithinDays: Blank(query.ExpiringWithinDays) is { } days ? int.Parse(days, CultureInfo.InvariantCulture) : null,
            Status: query.Status,
            IssuedFrom: RocDate.TryParse(query.IssuedFrom),
            IssuedTo: RocDate.TryParse(query.IssuedTo),
            Sort: query.Sort,
            Descending: !query.Ascending,
            Page: query.Page,
            PageSize: query.PageSize);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
