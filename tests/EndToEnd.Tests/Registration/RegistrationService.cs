using Domain.Accounts;
using EndToEnd.Tests.CardSteps;
using Microsoft.Extensions.DependencyInjection;
using TestPki;
using Web.Authentication;
using Web.Authentication.Passwords;
using DemoHost.DemoData;

namespace EndToEnd.Tests.Registration;

/// <summary>
/// The service for registration browser tests: the card-step fixture (clock on the test PKI's reference instant,
/// demo agent) with the demo reference data imported — every TestPki holder in the agency directory and the
/// personnel records, the office calendar, the terms of use — and a reviewer's password account.
/// </summary>
public class RegistrationService : CardStepFixture, IAsyncLifetime
{
    public const string ReviewerAccount = "reviewer";

    public const string ReviewerPassword = "Review-Test-2026!";

    /// <summary>The demo files the reference data came from (holders of the extra demo cards among them).</summary>
    public DemoFiles Demo { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await DemoDataSeeder.SeedReferenceDataAsync(Services, Pki);
        Demo = DemoReferenceData.Build(Pki, Domain.Common.RocDate.TaiwanDate(Time!.GetUtcNow()));
        var accounts = Services.GetRequiredService<PasswordAccounts>();
        (await accounts.OpenAsync(AccountName.Of(ReviewerAccount), AccountKind.Staff, [Roles.Reviewer], "測試審核人員", ReviewerPassword, "test", StaffHolder())).ShouldBeNull();
    }

    /// <summary>
    /// Puts a TestPki card in its demo reader with its own PIN (the PKI's copy keeps 123456): a PIN no national ID or
    /// serial contains makes "the server never saw the PIN" a check that cannot pass by accident.
    /// </summary>
    public void InsertCardWithPin(string leafName, string pin)
    {
        var image = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Pki.PathOf(Pki.Leaf(leafName).CardPath)))!;
        image["pin"] = pin;
        File.WriteAllText(Path.Combine(Agent.CardsDirectory, leafName + ".card.json"), image.ToJsonString());
    }

    /// <summary>Puts a card issued for the test (a renewal, a demo holder) in its own demo reader.</summary>
    public void InsertCard(IssuedCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        File.WriteAllText(Path.Combine(Agent.CardsDirectory, card.Name + ".card.json"), card.Card.ToJson());
    }
}
