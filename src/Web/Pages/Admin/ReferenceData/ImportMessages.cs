using System.ComponentModel.DataAnnotations;
using Domain.ReferenceData;
using FluentValidation;
using Mediator;
using Web.Authentication.Passwords;
using Web.Messaging;
using Web.ReferenceData;

namespace Web.Pages.Admin.ReferenceData;

/// <summary>Checks an uploaded reference-data file (in the background for large files); writes nothing.</summary>
/// <param name="TermsTexts">The texts of new terms-of-use versions (UTF-8 text files); only with <see cref="ReferenceDataKind.TermsOfUse"/>.</param>
/// <param name="Actor">Who uploads: the job is theirs alone.</param>
public sealed record CheckReferenceDataFile(
    [property: Display(Name = "資料種類")] ReferenceDataKind? Kind,
    [property: Display(Name = "檔案")] ReferenceDataFile? File,
    [property: Display(Name = "條款全文")] IReadOnlyList<ReferenceDataFile> TermsTexts,
    string Actor) : ICommand<Outcome<ImportJobView>>;

/// <summary>Imports a checked file: all of its events in one append, then follows the query models.</summary>
/// <param name="Version">The administrator's label for this edition of the file.</param>
public sealed record ImportReferenceDataFile(
    [property: Display(Name = "匯入作業")] string JobId,
    [property: Display(Name = "版本標示")] string Version,
    string Actor) : ICommand<Outcome<ImportJobView>>;

/// <summary>A second administrator approves an import another one confirmed (four eyes).</summary>
public sealed record ApproveReferenceDataImport([property: Display(Name = "匯入作業")] string JobId, string Actor) : ICommand<Outcome<ImportJobView>>;

/// <summary>Where an import job stands (polled while it runs).</summary>
public sealed record GetImportJob([property: Display(Name = "匯入作業")] string JobId, string Actor) : IQuery<Outcome<ImportJobView>>;

public sealed class CheckReferenceDataFileValidator : AbstractValidator<CheckReferenceDataFile>
{
    public CheckReferenceDataFileValidator()
    {
        RuleFor(c => c.Kind).NotNull().WithErrorCode("KIND_REQUIRED").WithMessage("請選擇要匯入的資料種類。")
            .IsInEnum().WithErrorCode("KIND_UNKNOWN").WithMessage("請從清單中選擇資料種類。");
        RuleFor(c => c.File).NotNull().WithErrorCode("FILE_REQUIRED").WithMessage("請選擇要匯入的檔案。");
        RuleFor(c => c.File!.Content.LongLength).GreaterThan(0).WithErrorCode("FILE_EMPTY").WithMessage("選擇的檔案是空的。")
            .LessThanOrEqualTo(ReferenceDataImporter.MaxFileBytes).WithErrorCode("FILE_TOO_LARGE")
            .WithMessage($"檔案超過 {ReferenceDataImporter.MaxFileBytes / 1024 / 1024} MB，無法匯入；請分批匯入。")
            .OverridePropertyName(nameof(CheckReferenceDataFile.File))
            .When(c => c.File is not null);
        RuleFor(c => c.TermsTexts).Empty().WithErrorCode("TEXTS_NOT_EXPECTED").WithMessage("只有用戶約定條款需要上傳條款全文；其他資料種類請不要選擇文字檔。")
            .When(c => c.Kind is not ReferenceDataKind.TermsOfUse);
        RuleFor(c => c.TermsTexts).NotEmpty().WithErrorCode("TEXTS_REQUIRED").WithMessage("用戶約定條款請一併上傳新版本的條款全文（UTF-8 文字檔）。")
            .When(c => c.Kind is ReferenceDataKind.TermsOfUse);
    }
}

public sealed class ImportReferenceDataFileValidator : AbstractValidator<ImportReferenceDataFile>
{
    public ImportReferenceDataFileValidator()
    {
        RuleFor(c => c.JobId).NotEmpty().WithErrorCode("JOB_REQUIRED").WithMessage("找不到這次匯入，請重新上傳檔案。");
        RuleFor(c => c.Version).Must(ReferenceDataImportPlan.IsVersionLabel).WithErrorCode("VERSION_INVALID")
            .WithMessage("版本標示只能由 1 至 32 個英文字母、數字、點、底線或連字號組成（例如 2026-11）。");
    }
}

public sealed class GetImportJobValidator : AbstractValidator<GetImportJob>
{
    public GetImportJobValidator() =>
        RuleFor(q => q.JobId).NotEmpty().WithErrorCode("JOB_REQUIRED").WithMessage("找不到這次匯入，請重新上傳檔案。");
}

/// <summary>How long a request waits for a job to move on before answering with its progress (small files finish within it).</summary>
internal static class ImportWaits
{
    public static readonly TimeSpan Answer = TimeSpan.FromSeconds(3);
}

public sealed class CheckReferenceDataFileHandler(ImportJobs jobs) : ICommandHandler<CheckReferenceDataFile, Outcome<ImportJobView>>
{
    public async ValueTask<Outcome<ImportJobView>> Handle(CheckReferenceDataFile command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await jobs.StartCheckAsync(command.Kind!.Value, command.File!, command.TermsTexts, command.Actor, ImportWaits.Answer);
    }
}

public sealed class ImportReferenceDataFileHandler(ImportJobs jobs, PasswordAccounts accounts) : ICommandHandler<ImportReferenceDataFile, Outcome<ImportJobView>>
{
    public async ValueTask<Outcome<ImportJobView>> Handle(ImportReferenceDataFile command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var person = await accounts.StaffHolderKeyAsync(command.Actor, cancellationToken);
        return await jobs.StartImportAsync(command.JobId, command.Version, command.Actor, ImportWaits.Answer, person);
    }
}

public sealed class ApproveReferenceDataImportHandler(ImportJobs jobs, PasswordAccounts accounts) : ICommandHandler<ApproveReferenceDataImport, Outcome<ImportJobView>>
{
    public async ValueTask<Outcome<ImportJobView>> Handle(ApproveReferenceDataImport command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var person = await accounts.StaffHolderKeyAsync(command.Actor, cancellationToken);
        return await jobs.ApproveAsync(command.JobId, command.Actor, person, ImportWaits.Answer);
    }
}

public sealed class GetImportJobHandler(ImportJobs jobs) : IQueryHandler<GetImportJob, Outcome<ImportJobView>>
{
    public async ValueTask<Outcome<ImportJobView>> Handle(GetImportJob query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await jobs.GetAsync(query.JobId, query.Actor, ImportWaits.Answer);
    }
}
