using System.Net;
using System.Text;
using Domain.Certificates.Cards;
using Domain.ReferenceData;
using EventStore;
using EventStore.State;
using EventStore.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Web.Authentication;
using Web.CardSteps;
using ReadModels.Grants;
using Web.Exports;
using Web.Pages.Admin.GrantSearch;
using Web.Pages.Admin.ReferenceData;
using Web.ReferenceData;
using Web.State;
using Web.Tests.Authentication;
using Web.Tests.TestSupport;

namespace Web.Tests.State;

/// <summary>
/// Two instances of the app on one scratch PostgreSQL database (each with its own read-model file, as two nodes
/// behind a balancer): whatever one node keeps for a browser, the other sees — nothing lives in a node's memory.
/// The two nodes and their database are shared by the class's tests (starting two hosts is most of a test's cost):
/// each test works with its own accounts, sessions, jobs and reference-data kind, so none sees another's writes.
/// </summary>
public sealed class TwoNodesOnPostgresTests(TwoNodesOnPostgresTests.TwoNodes nodes) : IClassFixture<TwoNodesOnPostgresTests.TwoNodes>
{
    private readonly StateNode _a = nodes.A;
    private readonly StateNode _b = nodes.B;

    /// <summary>Nodes A and B on one scratch database, started once for the class.</summary>
    public sealed class TwoNodes : IAsyncLifetime
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "evs-web-tests", "two-nodes-" + Guid.NewGuid().ToString("N"));
        private PostgresDatabase _database = null!;

        public StateNode A { get; private set; } = null!;

        public StateNode B { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _database = await PostgresDatabase.CreateAsync();
            var hashKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            A = new StateNode(StateNode.OnPostgres(_database.ConnectionString, Path.Combine(_folder, "a"), hashKey));
            B = new StateNode(StateNode.OnPostgres(_database.ConnectionString, Path.Combine(_folder, "b"), hashKey));
            _ = A.Services;
            _ = B.Services;
        }

        public async Task DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            await _database.DisposeAsync();
            if (Directory.Exists(_folder))
                Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_challenge_issued_on_one_node_is_redeemed_exactly_once_when_both_race_for_it()
    {
        var challenge = _a.Get<IChallengeStore>().Issue("race-session", "citizen-card");

        using var start = new ManualResetEventSlim();
        var takes = Enumerable.Range(0, 16).Select(i => Task.Run(() =>
        {
            start.Wait();
            return (i % 2 == 0 ? _a : _b).Get<IChallengeStore>().Take(challenge.Value, "race-session", "citizen-card");
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(takes);

        results.Count(r => r.Accepted).ShouldBe(1);
        results.Where(r => !r.Accepted).ShouldAllBe(r => r.Failure!.Check == CardCheck.ChallengeUsed);
    }

    [Fact]
    public async Task A_wizard_started_on_one_node_goes_on_on_the_other_and_its_challenge_is_good_on_the_first()
    {
        var receipt = await _a.ImportTermsAsync();
        await _b.CaughtUpAsync(receipt);
        var jar = new CookieContainer();

        // The run's address (/Registration/First/{run}) comes from node A; its terms form posts to node B.
        using var started = await _a.Browser(jar).GetAsync("/Registration/First");
        using var terms = await _a.Browser(jar).GetAsync(started.Headers.Location);
        var termsPage = await Html.ParseAsync(terms);
        var form = termsPage.QuerySelector("form[action*='AcceptTerms']")!;
        // The form as served: its token and the terms version shown (the run is stored once its terms are accepted).
        using var accepted = await _b.Browser(jar).PostAsync(form.GetAttribute("action"), Html.FormFields(form));

        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await Html.ParseAsync(accepted);
        var challenge = page.QuerySelector("[data-card-step-challenge]")?.GetAttribute("value");
        challenge.ShouldNotBeNullOrEmpty("node B should have taken node A's run to the organisation card step");
        var step = Web.Pages.Registration.Wizard.WizardFlow.For(Domain.Registration.RegistrationFlow.FirstRegistration).OrganisationStep.Name;
        _a.Get<IChallengeStore>().Take(challenge, _b.BrowserSessionOf(jar)!, step).Accepted.ShouldBeTrue();
    }

    [Fact]
    public async Task A_session_opened_on_one_node_holds_on_the_other_and_signing_out_there_kills_the_copied_cookie()
    {
        var jar = new CookieContainer();
        await _a.SignInAsync(_a.Browser(jar), "two-nodes-admin", Roles.Administrator);
        var stolen = StateNode.Copy(jar);

        using (var onB = await _b.Browser(jar).GetAsync("/Admin/ReferenceData"))
            onB.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var stolenOnA = await _a.Browser(stolen).GetAsync("/Admin/ReferenceData"))
            stolenOnA.StatusCode.ShouldBe(HttpStatusCode.OK, "before sign-out the copy is as good as the original");

        using var page = await _b.Browser(jar).GetAsync("/Admin/ReferenceData");
        var token = SignInSupport.FormToken(await Html.ParseAsync(page));
        using (var signOut = await _b.Browser(jar).PostAsync("/Account/SignOut", new FormUrlEncodedContent([new("__RequestVerificationToken", token)])))
            ((int)signOut.StatusCode).ShouldBe(302);

        using var replayed = await _a.Browser(stolen).GetAsync("/Admin/ReferenceData");
        StateNode.SentToSignIn(replayed).ShouldBeTrue("the copied cookie must find no session after sign-out");
    }

    [Fact]
    public async Task Ending_a_person_s_sessions_on_one_node_refuses_their_next_request_on_the_other()
    {
        var jar = new CookieContainer();
        await _a.SignInAsync(_a.Browser(jar), "ended-admin", Roles.Administrator);
        var tickets = _b.Get<DatabaseTicketStore>();
        var subject = $"staff:ended-admin";

        var ended = tickets.EndAllFor(subject);

        ended.ShouldBe(1, $"one session of {subject} should have been live");
        using var next = await _a.Browser(jar).GetAsync("/Admin/ReferenceData");
        StateNode.SentToSignIn(next).ShouldBeTrue();
    }

    private const string Agencies = "code,name,expected_oids,review_desk\n3230000,行政院人事行政總處,2.16.886.101.20003.20012,承保第一科\n15023,私立明德高級中學,,承保第二科\n";

    [Fact]
    public async Task A_file_checked_on_one_node_is_confirmed_on_the_other_and_both_follow_it_to_the_end()
    {
        const string owner = "staff:two-nodes-importer";
        var file = new ReferenceDataFile("agencies.csv", Encoding.UTF8.GetBytes(Agencies));

        var started = (await _a.Get<ImportJobs>().StartCheckAsync(ReferenceDataKind.AgencyDirectory, file, [], owner, TimeSpan.Zero)).Value;
        (await _b.Get<ImportJobs>().GetAsync(started.Id, owner, TimeSpan.Zero)).Succeeded.ShouldBeTrue("the job is in the table from the moment node A answers");
        var check = await UntilSettledAsync(_b, started.Id, owner);
        check.State.ShouldBe(ImportJobState.Checked);
        (await _b.Get<ImportJobs>().GetAsync(check.Id, owner, TimeSpan.Zero)).Value.Prepared.ShouldNotBeNull().RowCount.ShouldBe(2, "node B reads the report node A wrote");
        (await _b.Get<ImportJobs>().GetAsync(check.Id, "staff:someone-else", TimeSpan.Zero)).Rejections.ShouldHaveSingleItem().Code.ShouldBe("IMPORT_JOB_NOT_FOUND");

        await _b.Get<ImportJobs>().StartImportAsync(check.Id, "2026-12", owner, TimeSpan.FromSeconds(1));
        var done = await UntilSettledAsync(_a, check.Id, owner);

        done.State.ShouldBe(ImportJobState.Imported, done.Failure?.Message);
        done.Receipt.ShouldNotBeNull().Version.ShouldBe("2026-12");
        (await _b.Get<ImportJobs>().GetAsync(check.Id, owner, TimeSpan.Zero)).Value.State.ShouldBe(ImportJobState.Imported);
        (await ImportsInAsync(ReferenceDataStreams.AgencyDirectory)).ShouldBe(1);
    }

    [Fact]
    public async Task Confirming_the_same_check_on_both_nodes_at_once_imports_it_once()
    {
        const string owner = "staff:two-nodes-racer";
        var calendar = "date,name,kind\n2031-01-01,開國紀念日,holiday\n";
        var file = new ReferenceDataFile("holidays.csv", Encoding.UTF8.GetBytes(calendar));
        var check = (await _a.Get<ImportJobs>().StartCheckAsync(ReferenceDataKind.HolidayCalendar, file, [], owner, TimeSpan.FromSeconds(30))).Value;
        check.Prepared.ShouldNotBeNull().Problems.ShouldBeEmpty();

        using var start = new ManualResetEventSlim();
        var confirms = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await (i % 2 == 0 ? _a : _b).Get<ImportJobs>().StartImportAsync(check.Id, "race", owner, TimeSpan.Zero);
        })).ToArray();
        start.Set();
        var answers = await Task.WhenAll(confirms);
        var done = await UntilSettledAsync(_b, check.Id, owner);

        answers.ShouldAllBe(a => a.Succeeded, "every click sees the import under way, none an error");
        done.State.ShouldBe(ImportJobState.Imported, done.Failure?.Message);
        (await ImportsInAsync(ReferenceDataStreams.HolidayCalendar)).ShouldBe(1);
    }

    [Fact]
    public async Task An_export_run_on_one_node_is_followed_and_downloaded_on_the_other()
    {
        const string owner = "staff:two-nodes-exporter";
        var id = _a.Get<HandlerGrantExports>().Start(owner, new HandlerGrantSearch(DateTimeOffset.UtcNow));

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        HandlerGrantExportProgress? progress;
        while ((progress = _b.Get<HandlerGrantExports>().Progress(owner, id)) is not { Done: true })
            await Task.Delay(20, deadline.Token);
        progress.Failed.ShouldBeFalse();
        _b.Get<HandlerGrantExports>().Progress("staff:someone-else", id).ShouldBeNull();

        await using var download = _b.Get<HandlerGrantExports>().Open(owner, id).ShouldNotBeNull();
        using var reader = new StreamReader(download, Encoding.UTF8);
        (await reader.ReadToEndAsync()).ShouldStartWith(string.Join(",", HandlerGrantCsv.Header));
    }

    [Fact]
    public async Task An_export_file_of_several_chunks_written_by_one_node_reads_back_whole_on_the_other_and_is_encrypted_at_rest()
    {
        var bytes = new byte[(ExportFile.ChunkBytes * 2) + 12345];
        new Random(7).NextBytes(bytes);
        bytes.AsSpan(0, 8).Fill((byte)'A');
        await using (var file = new ExportFile(_a.Get<IStateStore>(), _a.Get<Web.State.StatePayload>(), "staff:chunks", "job-1", DateTimeOffset.UtcNow.AddHours(1)))
        {
            for (var offset = 0; offset < bytes.Length; offset += 1000)
                file.Append(bytes.AsSpan(offset, Math.Min(1000, bytes.Length - offset)));
            file.Flush();
            file.Chunks.ShouldBe(3);
        }

        await using var read = ExportFile.Open(_b.Get<IStateStore>(), _b.Get<Web.State.StatePayload>(), "staff:chunks", "job-1", 3);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);

        copy.ToArray().ShouldBe(bytes);
        var stored = _b.Get<IStateStore>().Find(StateKinds.ExportChunk, "staff:chunks", "job-1:000000").ShouldNotBeNull();
        stored.Value.AsSpan().IndexOf("AAAAAAAA"u8).ShouldBe(-1, "the chunk is stored sealed, not as written");
    }

    /// <summary>Asks the node for the job until it has stopped running.</summary>
    internal static async Task<ImportJobView> UntilSettledAsync(StateNode node, string id, string owner)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            var view = (await node.Get<ImportJobs>().GetAsync(id, owner, TimeSpan.FromSeconds(1))).Value;
            if (!view.IsRunning)
                return view;
            deadline.Token.ThrowIfCancellationRequested();
        }
    }

    /// <summary>How many imports the kind's stream holds (each import is one append: its events share the import id).</summary>
    private async Task<int> ImportsInAsync(string stream)
    {
        var events = await _a.Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 1000);
        var registry = _a.Get<EventStore.Serialization.EventTypeRegistry>();
        return events.Events.Select(e => ((ReferenceDataEvent)registry.Deserialize(e)).ImportId).Distinct().Count();
    }
}
