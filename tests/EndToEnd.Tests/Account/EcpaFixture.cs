using System.Text;
using Domain.Accounts;
using Domain.ReferenceData;
using EndToEnd.Tests.CardSteps;
using Microsoft.Extensions.DependencyInjection;
using ReadModels.ReferenceData;
using ReadModels.Runner;
using TestPki;
using DemoHost.DemoData;
using Web.Authentication.Passwords;
using Web.ReferenceData;

namespace EndToEnd.Tests.Account;

/// <summary>
/// The service for sign-in and eCPA browser tests: the card-step fixture (clock at the test PKI's reference instant),
/// with a small agency directory and personnel records imported through the real import path, and password accounts
/// for the people. The directory leaves out 宏達測試科技 (org-moeaca-rsa), so that card's agency is unknown.
/// </summary>
public class EcpaFixture : CardStepFixture, IAsyncLifetime
{
    /// <summary>王小明 (citizen-moica2-rsa): personnel officer (category 08, 人事室) of 3230000; account demo01.</summary>
    public const string OfficerAccount = "demo01";

    /// <summary>陳美玲 (citizen-moica2-ec): civil servant of 3230000; account demo02.</summary>
    public const string ClerkAccount = "demo02";

    /// <summary>林志豪 (citizen-moica3-rsa): departed from 3230000; account demo03.</summary>
    public const string DepartedAccount = "demo03";

    /// <summary>張美惠, current at 3011400 (another agency); no card.</summary>
    public const string OtherAgencyId = "N225034588";

    public const string DirectoryCsv = """
        code,name,expected_oids,review_desk
        3230000,行政院人事行政總處,2.16.886.101.20003.20012,承保第一科
        3011400,財政部財政資訊中心,2.16.886.101.20003.20065,承保第二科
        3999999,測試機關,2.16.886.101.20003.29999,承保第一科
        """;

    public static string PersonnelCsv => $"""
        national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on
        A123456789,王小明,{OfficerAccount},current,08,人事室,,3230000,2025-01-06
        B220612340,陳美玲,{ClerkAccount},current,01,秘書室,,3230000,2025-01-06
        F128934569,林志豪,{DepartedAccount},departed,01,會計室,,3230000,2025-01-06
        {OtherAgencyId},張美惠,zhangmh,current,01,資訊室,,3011400,2025-01-06
        """;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await SeedAsync();
    }

    /// <summary>Imports the directory and the records and opens the accounts; a derived fixture adds its own after calling this.</summary>
    protected virtual async Task SeedAsync()
    {
        // The host starts the projection runner in the background: the import reads the personnel tables, so wait
        // until the runner has created them (a live loop exists) before importing.
        var runner = Services.GetRequiredService<ProjectionRunner>();
        using (var started = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            foreach (var projection in new[] { AgencyDirectoryProjection.ProjectionName, PersonnelProjection.ProjectionName })
                await runner.WaitForCheckpointAsync(projection, EventStore.Position.Start, started.Token);
        }

        var importer = Services.GetRequiredService<ReferenceDataImporter>();
        ImportReceipt? last = null;
        foreach (var (kind, csv) in new[] { (ReferenceDataKind.AgencyDirectory, DirectoryCsv), (ReferenceDataKind.Personnel, PersonnelCsv) })
        {
            var prepared = await importer.PrepareAsync(kind, new ReferenceDataFile($"e2e-{kind}.csv", Encoding.UTF8.GetBytes(csv)));
            prepared.Problems.ShouldBeEmpty();
            last = (await importer.ImportAsync(prepared, Guid.CreateVersion7(), "e2e", "e2e")).Value;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        foreach (var projection in new[] { AgencyDirectoryProjection.ProjectionName, PersonnelProjection.ProjectionName })
            await runner.WaitForCheckpointAsync(projection, last!.Position, timeout.Token);

        var accounts = Services.GetRequiredService<PasswordAccounts>();
        foreach (var account in new[] { OfficerAccount, ClerkAccount, DepartedAccount })
            (await accounts.OpenAsync(AccountName.Of(account), AccountKind.CivilServant, [], account, DemoAccounts.Password, "e2e")).ShouldBeNull();
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync();
}
