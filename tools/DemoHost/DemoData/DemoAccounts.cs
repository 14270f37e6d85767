using Domain.Accounts;
using Web.Authentication;
using Web.Authentication.Passwords;

namespace DemoHost.DemoData;

/// <summary>
/// The password accounts of the demo (<c>Web:DemoData=true</c>), all with the password <see cref="Password"/>
/// (docs/authentication.md lists them). Civil servants' accounts are the self-chosen accounts of the demo
/// personnel records, so their roles come from those records like anyone's.
/// </summary>
public static class DemoAccounts
{
    /// <summary>The demo password of every demo account. Never used outside demo data.</summary>
    public const string Password = "Demo-2026!";

    public sealed record Account(string Name, AccountKind Kind, IReadOnlyList<string> Roles, string DisplayName);

    public static IReadOnlyList<Account> All { get; } =
    [
        new("reviewer", AccountKind.Staff, [Roles.Reviewer], "示範審核人員"),
        new("auditor", AccountKind.Staff, [Roles.Auditor], "示範稽核人員"),
        new("admin", AccountKind.Staff, [Roles.Administrator], "示範系統管理者"),
        // The demo personnel records give the test PKI's citizens the accounts demo01, demo02 … in manifest order:
        // 王小明 (citizen-moica2-rsa) is a personnel officer (category 08, 人事室); 陳美玲 (citizen-moica2-ec) is not.
        new("demo01", AccountKind.CivilServant, [], "王小明"),
        new("demo02", AccountKind.CivilServant, [], "陳美玲"),
    ];
}

/// <summary>Opens the demo accounts that do not exist yet, when demo data is on.</summary>
public sealed class DemoAccountsSeeder(DemoDataSettings settings, PasswordAccounts accounts, ILogger<DemoAccountsSeeder> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!settings.Enabled)
            return;
        var opened = 0;
        foreach (var demo in DemoAccounts.All)
        {
            var name = AccountName.Of(demo.Name);
            if (await accounts.ExistsAsync(name, cancellationToken))
                continue;
            var rejection = await accounts.OpenAsync(name, demo.Kind, demo.Roles, demo.DisplayName, DemoAccounts.Password, "system:demo-data", cancellationToken);
            if (rejection is null)
                opened++;
        }

        if (opened > 0)
            log.LogInformation("Demo data: opened {Count} demo password accounts", opened);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
