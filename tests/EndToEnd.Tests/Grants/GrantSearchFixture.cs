using Domain.Accounts;
using Domain.Registration;
using EventStore;
using Microsoft.Extensions.DependencyInjection;
using Web.Authentication;
using Web.Authentication.Passwords;

namespace EndToEnd.Tests.Grants;

/// <summary>
/// The grants service with an administrator's password account and three grants in two agencies, written as events
/// with chosen times so each search filter has one known answer:
/// <list type="bullet">
/// <item>3230000/1 王小明, serial of his own (registered manager's) card, so its expiry is known; 給付試算; 40 days ago; active.</item>
/// <item>3230000/2 陳經辦 (B220612340), 異動登錄 + 申報資料傳送; 10 days ago; revoked 5 days ago.</item>
/// <item>15023/1 張經辦 (N225034588), 給付試算 + 給付自辦作業; 2 days ago; active.</item>
/// </list>
/// </summary>
public sealed class GrantSearchFixture : GrantsFixture
{
    public const string AdminAccount = "grants-admin";
    public const string AdminPassword = "Grant-Search-Keeper-1";
    public const string OtherAgency = "15023";
    public const string RevokedHandlerId = "B220612340";
    public const string OtherHandlerId = "N225034588";
    public const string OtherSerial = "0B0B0001";

    public DateTimeOffset Now => Time!.GetUtcNow();

    /// <summary>王小明's card serial, granted as 3230000/1.</summary>
    public string ManagerSerial => CertificateSerial.Normalise(Facts(ManagerCard).SerialNumber)!;

    public DateTimeOffset ManagerCardNotAfter => Facts(ManagerCard).NotAfter;

    protected override async Task SetUpAsync()
    {
        await base.SetUpAsync();
        await RegisterAsync(OtherAgency, "org-xca-rsa", "citizen-moica3-rsa", "F128934569");   // 林志豪, staff of 15023
        var by = new GrantAuthorisation("K", "1", Now, "K", "2", Now);
        await AppendAsync(Agency, StreamState.Any,
            new HandlerGrantIssued(Agency, 1, ManagerSerial, "王小明", ManagerId, ["0201"], "2022-11", by, "test", Now.AddDays(-40)),
            new HandlerGrantIssued(Agency, 2, "0E0E0001", "陳經辦", RevokedHandlerId, ["0101", "0102"], "2022-11", by, "test", Now.AddDays(-10)),
            new HandlerGrantRevoked(Agency, 2, "離職", by, "test", Now.AddDays(-5)));
        await AppendAsync(OtherAgency, StreamState.Any,
            new HandlerGrantIssued(OtherAgency, 1, OtherSerial, "張經辦", OtherHandlerId, ["0201", "0301"], "2022-11", by, "test", Now.AddDays(-2)));

        var accounts = Services.GetRequiredService<PasswordAccounts>();
        (await accounts.OpenAsync(AccountName.Of(AdminAccount), AccountKind.Staff, [Roles.Administrator], "授權查詢管理者", AdminPassword, "test", StaffHolder())).ShouldBeNull();
    }
}
