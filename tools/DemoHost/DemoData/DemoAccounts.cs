using Domain.Accounts;
using Domain.Common;
using ReadModels.ReferenceData;
using TestPki;
using Web.Authentication;
using Web.Authentication.Passwords;

namespace DemoHost.DemoData;

/// <summary>
/// The password accounts of the demo (<c>Web:DemoData=true</c>), all with the password <see cref="Password"/>
/// (docs/authentication.md lists them). Civil servants' accounts are the self-chosen accounts of the demo
/// personnel records, so their roles come from those records like anyone's. The staff accounts are held by
/// 王小明, whose card (<see cref="StaffCard"/>) scripts/run inserts on every start: the second sign-in step uses it.
/// </summary>
public static class DemoAccounts
{
    /// <summary>The demo password of every demo account (12+ characters, not on the common list). Never used outside demo data.</summary>
    public const string Password = "Demo-Pass-2026";

    /// <summary>The test PKI card whose holder holds the demo staff accounts.</summary>
    public const string StaffCard = "citizen-moica2-rsa";

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

    /// <summary>The holder of the demo staff accounts: the person of <see cref="StaffCard"/> in <paramref name="pki"/>.</summary>
    public static StaffCardHolder StaffHolder(PkiManifest pki, NationalIdHashKey key)
    {
        ArgumentNullException.ThrowIfNull(pki);
        ArgumentNullException.ThrowIfNull(key);
        var citizen = pki.Leaf(StaffCard).Citizen ?? throw new InvalidOperationException($"{StaffCard} is not a citizen card");
        var id = NationalId.Parse(citizen.NationalId).Id!.Value;
        return new StaffCardHolder(key.Hash(id), id.Masked, citizen.Name, id.LastFour);
    }
}

/// <summary>Opens the demo accounts that do not exist yet, when demo data is on; records the staff accounts' holder on stores from before it was needed.</summary>
public sealed class DemoAccountsSeeder(DemoDataSettings settings, PasswordAccounts accounts, NationalIdHashKey idKey, TimeProvider time, ILogger<DemoAccountsSeeder> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!settings.Enabled)
            return;
        var pki = File.Exists(Path.Combine(settings.PkiPath, PkiManifest.FileName)) ? PkiManifest.Load(settings.PkiPath) : TestPkiCache.Get();
        var holder = DemoAccounts.StaffHolder(pki, idKey);
        var opened = 0;
        foreach (var demo in DemoAccounts.All)
        {
            var name = AccountName.Of(demo.Name);
            var staffHolder = demo.Kind == AccountKind.Staff ? holder : null;
            var existing = await accounts.FindAsync(name, cancellationToken);
            if (existing.IsOpen)
            {
                if (staffHolder is not null && existing.CardHolder is null)
                    await accounts.ChangeAsync(new RecordStaffCardHolder(Guid.CreateVersion7(), name, time.GetUtcNow(), "system:demo-data", staffHolder), cancellationToken);
                continue;
            }
            var rejection = await accounts.OpenAsync(name, demo.Kind, demo.Roles, demo.DisplayName, DemoAccounts.Password, "system:demo-data", staffHolder, cancellationToken);
            if (rejection is null)
                opened++;
            else
                log.LogWarning("Demo data: the demo account {Account} was not opened: {Reason}", demo.Name, rejection.Code);
        }

        if (opened > 0)
            log.LogInformation("Demo data: opened {Count} demo password accounts", opened);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
