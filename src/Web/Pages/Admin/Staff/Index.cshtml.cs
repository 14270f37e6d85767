using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReadModels.Accounts;
using Web.Authentication;
using Web.Messaging;
using Web.Navigation;
using Web.SecurityLog;

[assembly: FeatureLink("/Admin/Staff/Index", "工作人員帳號管理", "系統管理者新增、停用及重新啟用審核、稽核及系統管理人員的帳號，設定角色、重設密碼及登記持卡人；每次變更都記錄是誰做的。", FeatureGroup.System, Order = 5, InMainNav = true, Policy = Web.Authentication.Policies.Administrator)]

namespace Web.Pages.Admin.Staff;

/// <summary>
/// /Admin/Staff: the staff accounts (reviewers, auditors, administrators), a form to open one (roles, the person who
/// holds it, a first password), and per account: disable / enable, roles, password reset, holder, card release. Every
/// change is an event on the account's stream naming the administrator; disable, role change and password reset end
/// the account's live sessions.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class IndexModel(IMediator mediator, StaffAccountList list, SecurityEvents securityEvents) : PageModel
{
    [BindProperty]
    public CreateInput Create { get; set; } = new();

    [BindProperty]
    public ChangeInput Change { get; set; } = new();

    /// <summary>The account whose management panel is open (<c>?account=</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "account")]
    public string? Selected { get; set; }

    public IReadOnlyList<StaffAccountRow> Accounts { get; private set; } = [];

    public StaffAccountRow? SelectedRow => Accounts.FirstOrDefault(a => string.Equals(a.Account, Selected, StringComparison.OrdinalIgnoreCase));

    /// <summary>What the last action did (shown above the list).</summary>
    public string? Notice { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var outcome = await mediator.Send(new CreateStaffAccount(Create.Account, Create.DisplayName, Create.Roles, Create.NationalId, Create.HolderName, Create.Password, User.Actor()), cancellationToken);
        Create.Password = null; // never rendered back
        ModelState.Clear();
        if (ModelState.Take(outcome, RejectionFields.Under(nameof(Create))) is { } opened)
        {
            securityEvents.Record(HttpContext, SecurityEventKinds.StaffAccountChanged, target: $"staff:{opened}",
                detail: $"新增帳號，角色 {string.Join("、", Create.Roles.Select(Roles.Title))}，持卡人 {SecurityLogText.Person(Create.NationalId)}");
            Notice = $"已新增工作人員帳號「{opened}」。請把帳號及密碼交給持卡人本人；第一次登入時，輸入密碼後插入本人的自然人憑證即完成綁定。";
            Create = new();
            Selected = opened;
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostChangeAsync(CancellationToken cancellationToken)
    {
        var outcome = await mediator.Send(new ChangeStaffAccount(Change.Account, Change.Action, User.Actor(), Change.Roles, Change.Password, Change.NationalId, Change.HolderName), cancellationToken);
        Change.Password = null;
        Change.NationalId = null;
        ModelState.Clear();
        Selected = Change.Account;
        if (ModelState.Take(outcome, RejectionFields.Under(nameof(Change))) is { } result)
        {
            Notice = Describe(result);
            if (result.Changed || result.Action == StaffAction.ResetPassword)
                securityEvents.Record(HttpContext, SecurityEventKinds.StaffAccountChanged, target: $"staff:{result.Account}", code: result.Action.ToString(),
                    detail: $"{Notice}{(result.Action == StaffAction.SetRoles ? $"新角色 {string.Join("、", Change.Roles.Select(Roles.Title))}" : "")}");
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private static string Describe(StaffChangeResult result)
    {
        var what = result.Action switch
        {
            StaffAction.Disable => result.Changed ? "已停用" : "原本就已停用",
            StaffAction.Enable => result.Changed ? "已重新啟用" : "原本就是啟用狀態",
            StaffAction.SetRoles => result.Changed ? "已變更角色" : "角色沒有變更",
            StaffAction.ResetPassword => "已重設密碼",
            StaffAction.RecordHolder => result.Changed ? "已登記持卡人（原綁定的憑證已解除，下次登入時綁定持卡人的卡片）" : "持卡人沒有變更",
            StaffAction.ReleaseCard => result.Changed ? "已解除憑證綁定，下次登入時綁定持卡人的新卡" : "原本就沒有綁定憑證",
            _ => "已處理",
        };
        var sessions = result.SessionsEnded > 0 ? $"；登入中的 {result.SessionsEnded} 個工作階段已結束，須重新登入" : "";
        return $"帳號「{result.Account}」{what}{sessions}。";
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Accounts = await list.AllAsync(cancellationToken);
        Names = ActorNaming.From(Accounts);
    }

    /// <summary>Who last changed each account, by name and role.</summary>
    public ActorNaming Names { get; private set; } = ActorNaming.None;

    /// <summary>新增工作人員帳號.</summary>
    public sealed class CreateInput
    {
        [Display(Name = "帳號")]
        public string? Account { get; set; }

        [Display(Name = "顯示名稱")]
        public string? DisplayName { get; set; }

        [Display(Name = "角色")]
        public List<string> Roles { get; set; } = [];

        [Display(Name = "持卡人身分證統一編號")]
        public string? NationalId { get; set; }

        [Display(Name = "持卡人姓名")]
        public string? HolderName { get; set; }

        [Display(Name = "密碼")]
        public string? Password { get; set; }
    }

    /// <summary>One change to one account.</summary>
    public sealed class ChangeInput
    {
        public string? Account { get; set; }

        public StaffAction Action { get; set; }

        [Display(Name = "角色")]
        public List<string> Roles { get; set; } = [];

        [Display(Name = "新密碼")]
        public string? Password { get; set; }

        [Display(Name = "持卡人身分證統一編號")]
        public string? NationalId { get; set; }

        [Display(Name = "持卡人姓名")]
        public string? HolderName { get; set; }
    }
}
