using System.Net;
using Domain.Certificates;
using Pkix.Validation;
using EventStore.State;
using Microsoft.Extensions.DependencyInjection;
using Web.Authentication;
using Web.CardSteps;
using Web.Tests.Authentication;
using Web.Tests.TestSupport;

namespace Web.Tests.State;

/// <summary>
/// The app stopped and started again on the same SQLite folder, one browser throughout: the key ring, the sign-in
/// session, the wizard run and the verified cards all come back from the database.
/// </summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "evs-web-tests", "restart-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task After_a_restart_the_user_is_still_signed_in_the_pending_forms_post_and_the_wizard_and_cards_are_kept()
    {
        var jar = new CookieContainer();
        string formToken;
        string browserSession;
        string acceptTerms;
        FormUrlEncodedContent acceptFields;
        string run;
        var card = new VerifiedCard("grants-manager-card", CertificateKind.Citizen,
            new CertificateFacts("0A1B", "CN=MOICA", "AB12", "CN=王小明", "王小明", null, null, "TW", DateTimeOffset.UtcNow.AddYears(-1),
                DateTimeOffset.UtcNow.AddYears(1), KeyUsageBits.DigitalSignature, [], null, "6789", CertificateKind.Citizen, "00"), null, DateTimeOffset.UtcNow);
        await using (var before = new StateNode(StateNode.OnSqlite(_folder)))
        {
            await before.ImportTermsAsync();
            var browser = before.Browser(jar);
            await before.SignInAsync(browser, "restart-admin", Roles.Administrator);
            using var started = await browser.GetAsync("/Registration/First");
            using var wizard = await browser.GetAsync(started.Headers.Location);
            var termsPage = await Html.ParseAsync(wizard);
            formToken = SignInSupport.FormToken(termsPage);
            acceptTerms = termsPage.QuerySelector("form[action*='AcceptTerms']")!.GetAttribute("action")!;
            acceptFields = Html.FormFields(termsPage.QuerySelector("form[action*='AcceptTerms']")!);
            // Accepted once before the restart, so the run is stored; the same form is posted again after it.
            using var accepted = await browser.PostAsync(acceptTerms, Html.FormFields(termsPage.QuerySelector("form[action*='AcceptTerms']")!));
            accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
            run = started.Headers.Location!.OriginalString.Split('?')[0];
            browserSession = before.BrowserSessionOf(jar).ShouldNotBeNull();
            before.Get<IVerifiedCardStore>().Remember(browserSession, card);
        }

        await using var after = new StateNode(StateNode.OnSqlite(_folder));
        var again = after.Browser(jar);

        using (var admin = await again.GetAsync("/Admin/ReferenceData"))
            admin.StatusCode.ShouldBe(HttpStatusCode.OK, "the sign-in cookie should still open its session");
        // The staff sign-in's own card step (its second factor) is also a card this browser session verified.
        after.Get<IVerifiedCardStore>().Recall(browserSession).Where(c => c.Step != Web.Pages.Account.SignIn.IndexModel.StaffStep.Name)
            .ShouldHaveSingleItem().Facts.SerialNumber.ShouldBe("0A1B");
        using (var kept = await again.GetAsync(run))
            (await Html.ParseAsync(kept)).QuerySelector("[data-card-step-challenge]").ShouldNotBeNull("the wizard run should still be at its organisation card step");
        using (var accepted = await again.PostAsync(acceptTerms, acceptFields))
        {
            accepted.StatusCode.ShouldBe(HttpStatusCode.OK, "the form rendered before the restart should still post");
            (await Html.ParseAsync(accepted)).QuerySelector("[data-card-step-challenge]").ShouldNotBeNull("the wizard run should be at its next step");
        }
        using (var signOut = await again.PostAsync("/Account/SignOut", new FormUrlEncodedContent([new("__RequestVerificationToken", formToken)])))
            ((int)signOut.StatusCode).ShouldBe(302);
        using var afterSignOut = await again.GetAsync("/Admin/ReferenceData");
        StateNode.SentToSignIn(afterSignOut).ShouldBeTrue();
    }

    [Fact]
    public async Task The_last_integrity_check_is_shown_again_after_a_restart()
    {
        Guid checkId;
        await using (var before = new StateNode(StateNode.OnSqlite(_folder)))
        {
            var checks = before.Get<Web.Pages.Admin.Integrity.IntegrityChecks>();
            checkId = checks.Start("staff:auditor").Id;
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (checks.Latest is { IsRunning: true })
                await Task.Delay(20, deadline.Token);
        }

        await using var after = new StateNode(StateNode.OnSqlite(_folder));
        var latest = after.Get<Web.Pages.Admin.Integrity.IntegrityChecks>().Latest.ShouldNotBeNull();
        latest.Id.ShouldBe(checkId);
        latest.StartedBy.ShouldBe("staff:auditor");
        latest.Report.ShouldNotBeNull().IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task The_key_ring_in_the_database_is_encrypted_with_the_certificate()
    {
        await using var node = new StateNode(StateNode.OnSqlite(_folder));
        using (var page = await node.CreateClient().GetAsync("/Account/SignIn"))
            page.StatusCode.ShouldBe(HttpStatusCode.OK);

        var keys = new SqliteStateStore(SqliteStateStore.BesideStore(Path.Combine(_folder, "events.db"))).List(StateKinds.DataProtectionKey, "");

        keys.ShouldNotBeEmpty();
        var xml = System.Text.Encoding.UTF8.GetString(keys[0].Value);
        xml.ShouldContain("EncryptedData");
        xml.ShouldNotContain("<masterKey");
    }

    [Fact]
    public async Task A_file_checked_before_a_restart_is_imported_after_it_and_a_finished_export_still_downloads()
    {
        const string owner = "staff:restart-importer";
        string job;
        string export;
        await using (var before = new StateNode(StateNode.OnSqlite(_folder)))
        {
            var file = new Web.ReferenceData.ReferenceDataFile("holidays.csv", System.Text.Encoding.UTF8.GetBytes("date,name,kind\n2032-10-10,國慶日,holiday\n"));
            var check = (await before.Get<Web.Pages.Admin.ReferenceData.ImportJobs>().StartCheckAsync(Domain.ReferenceData.ReferenceDataKind.HolidayCalendar, file, [], owner, TimeSpan.FromSeconds(30))).Value;
            check.State.ShouldBe(Web.Pages.Admin.ReferenceData.ImportJobState.Checked);
            job = check.Id;

            var exports = before.Get<Web.Pages.Admin.GrantSearch.HandlerGrantExports>();
            export = exports.Start(owner, new ReadModels.Grants.HandlerGrantSearch(DateTimeOffset.UtcNow));
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (exports.Progress(owner, export) is not { Done: true })
                await Task.Delay(20, deadline.Token);
        }

        await using var after = new StateNode(StateNode.OnSqlite(_folder));
        (await after.Get<Web.Pages.Admin.ReferenceData.ImportJobs>().StartImportAsync(job, "after-restart", owner, TimeSpan.FromSeconds(1))).Succeeded.ShouldBeTrue();
        var done = await TwoNodesOnPostgresTests.UntilSettledAsync(after, job, owner);

        done.State.ShouldBe(Web.Pages.Admin.ReferenceData.ImportJobState.Imported, done.Failure?.Message);
        done.Receipt.ShouldNotBeNull().Version.ShouldBe("after-restart");
        await using var download = after.Get<Web.Pages.Admin.GrantSearch.HandlerGrantExports>().Open(owner, export).ShouldNotBeNull();
        using var reader = new StreamReader(download);
        (await reader.ReadLineAsync()).ShouldBe(string.Join(",", Web.Pages.Admin.GrantSearch.HandlerGrantCsv.Header));
    }
}
