using System.Net;
using Domain.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Web.Authentication;
using Web.Messaging;
using Web.Tests.TestSupport;

namespace Web.Tests.Authentication;

/// <summary>
/// The one app in these tests that hashes at the production Argon2 cost (the others configure a token cost): with
/// nothing configured, an opened account's hash carries 64 MiB and 2 passes, and signing in with it works.
/// </summary>
public sealed class ProductionPasswordCostTests(ProductionPasswordCostTests.ProductionCostApp app) : IClassFixture<ProductionPasswordCostTests.ProductionCostApp>
{
    public sealed class ProductionCostApp : WebAppFactory
    {
        protected override bool ProductionPasswordCost => true;
    }

    [Fact]
    public async Task With_no_cost_configured_accounts_are_hashed_at_the_production_cost_and_sign_in_with_it()
    {
        await SignInSupport.OpenAsync(app, "costly", AccountKind.Staff, Roles.Reviewer);

        var account = await app.Services.GetRequiredService<CommandPipeline>()
            .LoadAsync<PasswordAccountDecider, PasswordAccount, AccountCommand, AccountEvent>(PasswordAccount.StreamName(AccountName.Of("costly")), CancellationToken.None);
        account.PasswordHash.ShouldNotBeNull().ShouldStartWith("$argon2id$v=19$m=65536,t=2,p=1$");

        using var response = await SignInSupport.SignInStaffAsync(app, SignInSupport.Client(app), "costly");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/Account/MyArea");
    }
}
