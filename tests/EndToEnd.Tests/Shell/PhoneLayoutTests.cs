using System.Collections.Concurrent;
using Domain.Accounts;
using Domain.Certificates;
using Domain.Registration;
using EndToEnd.Tests.Account;
using EndToEnd.Tests.Audit;
using EndToEnd.Tests.Grants;
using EndToEnd.Tests.Harness;
using EventStore;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Web.Authentication;
using Web.Authentication.Passwords;
using VerifiedCard = Web.CardSteps.VerifiedCard;
using Web.Pages.Ecpa.OrganisationCertificate;
using ReadModels.ReferenceData;

namespace EndToEnd.Tests.Shell;

/// <summary>
/// The service with someone allowed on every page: staff of each role, a civil servant with a password (王小明, demo01:
/// a personnel officer of 3230000 in the demo records), 王小明's citizen card, the agency's organisation card uploaded by
/// him, and agency 3230000 registered (<see cref="GrantsFixture"/>) with one active grant.
/// </summary>
public sealed class EveryPageService : GrantsFixture
{
    public const string Password = "Every-Page-2026";

    public const string CivilServant = "demo01";

    public static readonly IReadOnlyDictionary<string, string> Staff = new Dictionary<string, string>
    {
        ["page-admin"] = Roles.Administrator,
        ["page-auditor"] = Roles.Auditor,
        ["page-reviewer"] = Roles.Reviewer,
    };

    protected override async Task SetUpAsync()
    {
        await base.SetUpAsync();
        var accounts = Services.GetRequiredService<PasswordAccounts>();
        foreach (var (account, role) in Staff)
            (await accounts.OpenAsync(AccountName.Of(account), AccountKind.Staff, [role], account, Password, "test", StaffHolder())).ShouldBeNull();
        (await accounts.OpenAsync(AccountName.Of(CivilServant), AccountKind.CivilServant, [], CivilServant, Password, "test")).ShouldBeNull();

        // The organisation card uploaded by the agency's personnel officer, through the command the upload page runs.
        await using (var scope = Services.CreateAsyncScope())
        {
            var sessions = scope.ServiceProvider.GetRequiredService<PersonSessions>();
            var officer = await scope.ServiceProvider.GetRequiredService<PersonnelLookup>().LookUpByAccountAsync(CivilServant, sessions.Today);
            var uploader = sessions.ForPerson(officer, $"ecpa:{CivilServant}", SignInMethods.Password, CivilServant, null, []);
            var card = new VerifiedCard(IndexModel.Step.Name, CertificateKind.Organisation, Facts(OrganisationCard), null, Time!.GetUtcNow());
            (await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new UploadOrganisationCertificate(card, Agency, uploader))).Rejections.ShouldBeEmpty();
        }

        var now = Time!.GetUtcNow();
        await AppendAsync(Agency, StreamState.Any,
            new HandlerGrantIssued(Agency, 1, "0F0F0001", "陳美玲", "B220612340", ["0201"], "2022-11", new GrantAuthorisation("K", "1", now, "K", "2", now), "test", now));
    }
}

/// <summary>Every page of the service, opened by someone allowed on it, fits a phone's screen and passes axe.</summary>
[RunsLong]
public class PhoneLayoutTests(BrowserFixture browser, EveryPageService service) : IClassFixture<BrowserFixture>, IClassFixture<EveryPageService>
{
    /// <summary>
    /// Pages opened otherwise than at their bare path with 200: what their address needs to show more than a redirect,
    /// and the status they answer with by design.
    /// </summary>
    private static readonly Dictionary<string, (string Url, int Status)> Openings = new(StringComparer.Ordinal)
    {
        ["/Grants/Edit"] = ("/Grants/Edit?number=1", 200),
        ["/Grants/Revoke"] = ("/Grants/Revoke?number=1", 200),
        ["/Error"] = ("/no-such-page", 404),   // the error page as people meet it
        ["/Account/AccessDenied"] = ("/Account/AccessDenied", 403),
        // A registration wizard opened bare starts a run and redirects to its address (/Registration/First/{run}?step=terms).
        ["/Registration/First"] = ("/Registration/First", 302),
        ["/Registration/Swap/Organisation"] = ("/Registration/Swap/Organisation", 302),
        ["/Registration/Swap/Manager"] = ("/Registration/Swap/Manager", 302),
        ["/Registration/Swap/Both"] = ("/Registration/Swap/Both", 302),
    };

    /// <summary>Each Razor page's path (<c>/Grants/Edit</c>), from the running app's endpoints.</summary>
    private IReadOnlyList<string> PagePaths() =>
        service.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath)
            .OfType<string>()
            .Select(path => path == "/Index" ? "/" : path.EndsWith("/Index", StringComparison.Ordinal) ? path[..^"/Index".Length] : path)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Pages checked side by side, each lane in its own tab of the same signed-in contexts: with 30-odd pages this is the
    /// suite's longest test, and one page at a time left it running alone at the end of the run.
    /// </summary>
    private const int Lanes = 3;

    private async Task<(string Who, BrowserSession Session)> SessionAsync(string who, Func<BrowserSession, Task> signIn)
    {
        var session = await BrowserSession.OpenAsync(browser, service, callerMember: $"{nameof(On_a_phone_sized_screen_every_page_fits_without_sideways_scrolling)}-{who}");
        await signIn(session);
        await session.Page.SetViewportSizeAsync(360, 740);
        return (who, session);
    }

    [Fact]
    public async Task On_a_phone_sized_screen_every_page_fits_without_sideways_scrolling()
    {
        var pages = PagePaths();
        var sessions = new List<(string Who, BrowserSession Session)>();
        try
        {
            // An anonymous person in the middle of 授權指派 (both cards verified), then each kind of signed-in person. The
            // card sessions take turns with the agent's one reader, staff first (their second step is their holder's
            // card); the civil servant's password session signs in meanwhile.
            var civilServant = SessionAsync("civil-servant", async s =>
            {
                await SignInDriver.PasswordSignInAsync(s.Page, EveryPageService.CivilServant, EveryPageService.Password);
                await SignInDriver.ShouldBeSignedInAsAsync(s.Page, "王小明");
            });
            var staff = await Task.WhenAll(EveryPageService.Staff.Keys.Select(account => SessionAsync(account, s => AuditService.SignInAsync(s, account, EveryPageService.Password))));
            sessions.Add(await SessionAsync("anonymous", s => GrantsDriver.OpenSittingAsync(s.Page, service)));
            var citizenCard = await SessionAsync("citizen-card", async s =>
            {
                SignInDriver.OnlyCard(service, service.Pki, GrantsFixture.ManagerCard);
                await SignInDriver.CardSignInAsync(s.Page);
                await s.Page.Locator("#FirstSignIn_AccountOrNationalId").FillAsync(EveryPageService.CivilServant);
                await s.Page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
                await SignInDriver.ShouldBeSignedInAsAsync(s.Page, "王小明");
            });
            var organisationCard = await SessionAsync("organisation-card", async s =>
            {
                SignInDriver.OnlyCard(service, service.Pki, GrantsFixture.OrganisationCard);
                await SignInDriver.CardSignInAsync(s.Page, "organisation");
                await SignInDriver.ShouldBeSignedInAsAsync(s.Page, "人事行政總處");
            });
            sessions.AddRange(staff);
            sessions.Add(await civilServant);
            sessions.Add(citizenCard);
            sessions.Add(organisationCard);

            // Each page goes to the first session (in the order above) that the page answers as it should.
            var queue = new ConcurrentQueue<string>(pages);
            var checkedPages = new ConcurrentQueue<string>();
            await Task.WhenAll(Enumerable.Range(0, Lanes).Select(async lane =>
            {
                var tabs = new Dictionary<BrowserSession, IPage>();
                async Task<IPage> TabAsync(BrowserSession session)
                {
                    if (lane == 0)
                        return session.Page;
                    if (!tabs.TryGetValue(session, out var tab))
                    {
                        tabs[session] = tab = await session.Context.NewPageAsync();
                        await tab.SetViewportSizeAsync(360, 740);
                    }
                    return tab;
                }

                while (queue.TryDequeue(out var path))
                {
                    var (url, status) = Openings.GetValueOrDefault(path, (path, 200));
                    foreach (var (who, session) in sessions)
                    {
                        if ((await session.Context.APIRequest.GetAsync(url, new() { MaxRedirects = 0 })).Status != status)
                            continue;
                        var tab = await TabAsync(session);
                        await tab.GotoAsync(url);
                        await session.ScreenshotAsync($"phone{path.Replace('/', '-')}", tab);
                        (await tab.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"))
                            .ShouldBeTrue($"{url} scrolls sideways on a phone (opened as {who})");
                        await session.ShouldPassAxeAsync(tab);
                        checkedPages.Enqueue(path);
                        break;
                    }
                }
            }));

            pages.Count.ShouldBeGreaterThan(1);
            pages.Except(checkedPages).ShouldBeEmpty("pages nobody here could open, so their layout went unchecked");
        }
        finally
        {
            foreach (var (_, session) in sessions)
                await session.DisposeAsync();
        }
    }
}
