using System.Text;
using Domain.Accounts;
using Domain.ReferenceData;
using Domain.Registration;
using EndToEnd.Tests.Harness;
using EventStore;
using EventStore.Serialization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReadModels.ReferenceData;
using ReadModels.Runner;
using Web.Authentication;
using Web.Authentication.Passwords;
using Web.ReferenceData;

namespace EndToEnd.Tests.Audit;

/// <summary>
/// The service on a fake clock, with staff accounts for every staff role and a known registration history:
/// agency <see cref="Agency"/> registered on 115/11/23 10:00, a handler granted the next day, the manager's certificate
/// replaced the day after, the grant revoked the day after that (each event appended at its own instant, with an actor
/// in its metadata); agency <see cref="TamperedAgency"/> with two events, for tests that alter the stored bytes.
/// </summary>
public class AuditService : ServiceUnderTest, IAsyncLifetime
{
    public const string Agency = "3230000";
    public const string TamperedAgency = "3011400";
    public const string Password = "Audit-Staff-1";
    public const string ManagerId = "A123456789";
    public const string HandlerId = "B220612340";
    public const string ManagerActor = "cert:a1b2c3:0A0001";
    public const string FirstManagerSerial = "0A0001";
    public const string SecondManagerSerial = "0B0002";
    public const string HandlerSerial = "1F2E3D";
    public const string CitizenIssuer = "OU=內政部憑證管理中心, O=行政院, C=TW";
    public const string OrganisationIssuer = "OU=政府憑證管理中心, O=行政院, C=TW";

    /// <summary>Staff accounts and the role each holds.</summary>
    public static readonly IReadOnlyDictionary<string, string> StaffRoles = new Dictionary<string, string>
    {
        ["audit-auditor"] = Roles.Auditor,
        ["audit-admin"] = Roles.Administrator,
        ["audit-reviewer"] = Roles.Reviewer,
    };

    protected override bool UseFakeTime => true;

    /// <summary>When each event of <see cref="Agency"/>'s stream was appended (Taiwan 10:00 on 115/11/23, 24, 25, 26).</summary>
    public DateTimeOffset[] Instants { get; } = [.. Enumerable.Range(0, 4).Select(d => new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero).AddDays(d))];

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await SeedAsync();
    }

    /// <summary>Opens the staff accounts and appends the known history; subclasses add their own data after it.</summary>
    protected virtual async Task SeedAsync()
    {
        var accounts = Services.GetRequiredService<PasswordAccounts>();
        foreach (var (account, role) in StaffRoles)
            (await accounts.OpenAsync(AccountName.Of(account), AccountKind.Staff, [role], account, Password, "test", StaffHolder())).ShouldBeNull();

        var organisation = new OrganisationCertificateInfo("5C0001", OrganisationIssuer, "d4e5f6", "CN=行政院人事行政總處, C=TW", null,
            new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), "2.16.886.101.20003.20012", "GC0100000001", "aa");
        CitizenCertificateInfo Manager(string serial) => new(serial, CitizenIssuer, "a1b2c3", "CN=王小明, C=TW", "王小明",
            new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), "6789", null, "bb");
        var contact = new ManagerContact("王小明", "wang@example.gov.tw", "02-2397-9198", null, null);
        var authorised = new GrantAuthorisation("d4e5f6", "5C0001", Instants[0], "a1b2c3", FirstManagerSerial, Instants[0]);

        await AppendAtAsync(Agency, Instants[0], new AgencyRegistered(Agency, "行政院人事行政總處", "115.01", organisation, null, Manager(FirstManagerSerial), ManagerId, contact, ManagerActor, Instants[0]));
        await AppendAtAsync(Agency, Instants[1], new HandlerGrantIssued(Agency, 1, HandlerSerial, "陳美玲", HandlerId, ["0101", "0102"], "2022-11", authorised, ManagerActor, Instants[1]));
        await AppendAtAsync(Agency, Instants[2], new ManagerCertificateReplaced(Agency, "115.01", "a1b2c3", FirstManagerSerial, Manager(SecondManagerSerial), ManagerId, contact, ManagerActor, Instants[2]));
        await AppendAtAsync(Agency, Instants[3], new HandlerGrantRevoked(Agency, 1, "離職", authorised with { ManagerSerialNumber = SecondManagerSerial }, $"cert:a1b2c3:{SecondManagerSerial}", Instants[3]));

        var other = organisation with { SerialNumber = "5C0099", AgencyOid = "2.16.886.101.20003.20065" };
        await AppendAtAsync(TamperedAgency, Instants[3], new AgencyRegistered(TamperedAgency, "財政部財政資訊中心", "115.01", other, null, Manager("0C0003"), ManagerId, contact, "cert:a1b2c3:0C0003", Instants[3]));
        await AppendAtAsync(TamperedAgency, Instants[3], new HandlerGrantIssued(TamperedAgency, 1, HandlerSerial, "陳美玲", HandlerId, ["0101"], "2022-11", authorised, "cert:a1b2c3:0C0003", Instants[3]));
        Time!.SetUtcNow(Instants[3].AddHours(1));
        await ImportReferenceDataAsync();
    }

    /// <summary>
    /// The function catalogue the grants above were issued under (version 2022-11), so the timeline names their functions.
    /// A subclass that wants the whole demo reference data (which holds the same catalogue) imports that instead: the
    /// demo seeding only seeds a store without any reference data.
    /// </summary>
    protected virtual async Task ImportReferenceDataAsync()
    {
        // The runner creates its tables in the background; the import reads them, so wait for its live loop first.
        var runner = Services.GetRequiredService<ProjectionRunner>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await runner.WaitForCheckpointAsync(ReferenceDataProjection.ProjectionName, EventStore.Position.Start, timeout.Token);
        var importer = Services.GetRequiredService<ReferenceDataImporter>();
        var prepared = await importer.PrepareAsync(ReferenceDataKind.FunctionCatalogue,
            new ReferenceDataFile("e2e-functions.csv", Encoding.UTF8.GetBytes(ReferenceDataSeeds.FunctionCatalogueCsv)));
        prepared.Problems.ShouldBeEmpty();
        var imported = (await importer.ImportAsync(prepared, Guid.CreateVersion7(), "e2e", "e2e")).Value;
        await runner.WaitForCheckpointAsync(ReferenceDataProjection.ProjectionName, imported.Position, timeout.Token);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync();

    /// <summary>Signs the browser session in through the password sign-in page as one of <see cref="StaffRoles"/>' accounts.</summary>
    public static async Task SignInAsync(BrowserSession session, string account, string password = Password)
    {
        ArgumentNullException.ThrowIfNull(session);
        await Account.SignInDriver.StaffSignInAsync(session, account, password);
    }

    /// <summary>Changes one stored byte-level fact of an event behind the store's back: its creation time, by one microsecond.</summary>
    public async Task AlterStoredEventAsync(string agency, long revision)
    {
        await using var connection = new SqliteConnection($"Data Source={StorePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE events SET created_us = created_us + 1 WHERE revision = @revision AND stream_id = (SELECT id FROM streams WHERE name = @stream)";
        command.Parameters.AddWithValue("@revision", revision);
        command.Parameters.AddWithValue("@stream", AgencyRegistration.StreamName(AgencyCode.Of(agency)));
        (await command.ExecuteNonQueryAsync()).ShouldBe(1);
    }

    private async Task AppendAtAsync(string agency, DateTimeOffset at, RegistrationEvent @event)
    {
        Time!.SetUtcNow(at);
        var registry = Services.GetRequiredService<EventTypeRegistry>();
        var actor = @event switch
        {
            AgencyRegistered e => e.RegisteredBy,
            HandlerGrantIssued e => e.IssuedBy,
            ManagerCertificateReplaced e => e.ReplacedBy,
            HandlerGrantRevoked e => e.RevokedBy,
            _ => "test",
        };
        var command = Guid.CreateVersion7();
        await Services.GetRequiredService<IEventStore>().AppendToStreamAsync(
            AgencyRegistration.StreamName(AgencyCode.Of(agency)), StreamState.Any,
            [registry.ToEventData(@event, Guid.CreateVersion7(), new EventMetadata(command, command, actor))]);
    }
}
