using Domain.Accounts;
using EndToEnd.Tests.Admin.ReferenceData;
using EndToEnd.Tests.Audit;
using Microsoft.Extensions.DependencyInjection;
using Web.Authentication.Passwords;

namespace EndToEnd.Tests.Authorization;

/// <summary>
/// The audit service plus the demo reference data and two civil servants' password accounts: <see cref="PersonnelOfficer"/>
/// (王小明, a personnel officer by the demo records) and <see cref="CivilServant"/> (陳美玲, not one).
/// </summary>
public sealed class RolesService : AuditService
{
    public const string PersonnelOfficer = "demo01";
    public const string CivilServant = "demo02";

    /// <summary>The whole demo reference data, its function catalogue (2022-11) among it.</summary>
    protected override Task ImportReferenceDataAsync() => this.SeedReferenceDataAsync();

    protected override async Task SeedAsync()
    {
        await base.SeedAsync();
        var accounts = Services.GetRequiredService<PasswordAccounts>();
        foreach (var account in new[] { PersonnelOfficer, CivilServant })
            (await accounts.OpenAsync(AccountName.Of(account), AccountKind.CivilServant, [], account, Password, "test")).ShouldBeNull();
    }
}
