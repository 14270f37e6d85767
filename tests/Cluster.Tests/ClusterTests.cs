using System.Diagnostics;
using System.Net;
using Cluster.Tests.Harness;
using Microsoft.Playwright;
using ReadModels.Grants;
using Xunit.Abstractions;

namespace Cluster.Tests;

/// <summary>
/// Issue 15's proof on the cluster of scripts/cluster (three nodes, HAProxy round robin, PostgreSQL): a person's flows
/// in Chromium spread over the nodes, a projection leader killed under load, a node killed between two card steps, a
/// rolling restart under load. One cluster for all, started once: in a full run the two tests that kill nodes come
/// last and need only two running, so no node is started again but in the rolling restart.
/// </summary>
[Collection(ClusterCollection.Name)]
[TestCaseOrderer(StepOrderer.TypeName, StepOrderer.AssemblyName)]
public sealed class ClusterTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan TakeOverWithin = TimeSpan.FromSeconds(5);

    [Fact, Step(1)]
    public async Task First_registration_a_grant_and_a_card_sign_in_complete_in_Chromium_spread_over_the_nodes_each_page_showing_the_change()
    {
        await cluster.ServingAsync();
        (await cluster.IsRegisteredAsync(Flows.Agency)).ShouldBeFalse("step 1 registers the agency the later steps use; run the collection on a fresh cluster");
        await using var browser = await ClusterBrowser.OpenAsync(cluster);
        var page = browser.Page;

        Flows.OnlyCards(cluster, Flows.OrganisationCard, Flows.ManagerCard);
        await Flows.RegistrationToManagerStepAsync(page, Flows.Agency);
        await Flows.RegistrationFromManagerStepAsync(page, Flows.Agency, Flows.ManagerId);
        // The grant sitting's first card step answers from the registrations read model: the agency just registered is known.
        await Flows.OpenGrantSittingAsync(cluster, page);
        await Flows.AddGrantAsync(page, "0C0FFEE1", "林經辦", NationalIds.Make(1));
        await Assertions.Expect(page.Locator("tr[data-grant]", new() { HasText = "林經辦" })).ToHaveCountAsync(1);
        // Asked again (another node by the rotation), the list still holds it: the sitting and the row are in PostgreSQL.
        await page.GotoAsync("/Grants");
        await Assertions.Expect(page.Locator("tr[data-grant]", new() { HasText = "林經辦" })).ToHaveCountAsync(1);
        await Flows.StaffSignInAsync(cluster, page, "admin");
        await Assertions.Expect(page.Locator("[data-testid=signed-in-name]")).ToHaveTextAsync("示範系統管理者");
        await page.GotoAsync("/Admin/Staff");
        await Assertions.Expect(page.Locator("[data-testid=signed-in-name]")).ToHaveTextAsync("示範系統管理者");

        var served = browser.Served.ToList();
        output.WriteLine(string.Join('\n', served.Select(s => $"{s.Node} {s.Method} {s.Path}")));
        served.ShouldNotContain(s => s.Node == "(none)", "every answer names its node");
        string.Join(' ', served.Select(s => s.Node).Distinct().Order()).ShouldBe("node1 node2 node3", "the balancer spreads the requests over all three nodes");
        // The commands (card steps, wizard steps, the grant, the sign-in): with a page's assets loading in parallel
        // through the same rotation the order of answers is not the order of dispatch, so "each on another node than
        // the one before" cannot be read off them; that they landed on several nodes can, and it means the state
        // each step left for the next was in the database.
        var commands = served.Where(s => s.Method == "POST").ToList();
        commands.Count.ShouldBeGreaterThanOrEqualTo(6);
        commands.Select(s => s.Node).Distinct().Count().ShouldBeGreaterThan(1, "the commands landed on more than one node");
        WriteLog();
    }

    [Fact, Step(3)]
    public async Task Killing_the_issued_grants_leader_under_grant_commands_another_node_takes_over_within_5_s_and_the_rows_equal_a_rebuild()
    {
        // Two running are enough (one to kill, one to take over): run after the rolling restart, the three are.
        await cluster.ServingAsync(minimum: 2);
        await cluster.EnsureRegisteredAsync();
        await using var browser = await ClusterBrowser.OpenAsync(cluster);
        var page = browser.Page;
        await Flows.OpenGrantSittingAsync(cluster, page);
        var leader = await cluster.LeaderOfAsync(HandlerGrantsProjection.ProjectionName) ?? throw new InvalidOperationException("nobody leads issued-grants");

        var takeOver = Task.CompletedTask;
        for (var i = 0; i < 10; i++)
        {
            if (i == 4)
            {
                await cluster.KillNodeAsync(leader);
                takeOver = TakenOverAsync(leader);
            }

            await Flows.AddGrantAsync(page, $"0D{i:X6}", $"負載經辦{i}", NationalIds.Make(100 + i));
        }
        await takeOver;

        var live = await cluster.GrantRowsAsync(cluster.ConnectionString);
        var rebuilt = await cluster.RebuiltGrantRowsAsync();
        live.Count.ShouldBeGreaterThanOrEqualTo(10);
        live.ShouldBe(rebuilt, "the rows fed across the takeover equal a from-scratch rebuild");
        WriteLog();
    }

    private void WriteLog()
    {
        while (cluster.Log.TryDequeue(out var line))
            output.WriteLine(line);
    }

    private async Task TakenOverAsync(int killed)
    {
        var watch = Stopwatch.StartNew();
        int? next = null;
        await ClusterFixture.WaitUntilAsync(async () => (next = await cluster.LeaderOfAsync(HandlerGrantsProjection.ProjectionName)) is { } n && n != killed,
            TakeOverWithin, () => $"node{killed} was killed; issued-grants is led by {(next is null ? "nobody" : $"node{next}")}");
        output.WriteLine($"issued-grants taken over by node{next} {watch.ElapsedMilliseconds} ms after node{killed} was killed");
    }

    [Fact, Step(4)]
    public async Task A_node_killed_between_the_two_card_steps_of_the_registration_wizard_the_person_goes_on_at_another_node()
    {
        // Two running are enough (one to kill, one to go on at): the killed node is not restarted.
        await cluster.ServingAsync(minimum: 2);
        await using var browser = await ClusterBrowser.OpenAsync(cluster);
        var page = browser.Page;
        Flows.OnlyCards(cluster, "org-gca-ec", "citizen-moica2-ec");
        await Flows.RegistrationToManagerStepAsync(page, "3011400");
        var step = browser.Served.Last(s => s.Method == "POST");
        var killed = int.Parse(step.Node["node".Length..], System.Globalization.CultureInfo.InvariantCulture);
        await cluster.KillNodeAsync(killed);
        var afterKill = browser.Served.Count;

        await Flows.RegistrationFromManagerStepAsync(page, "3011400", "B220612340");

        (await cluster.IsRegisteredAsync("3011400")).ShouldBeTrue();
        var after = browser.Served.Skip(afterKill).ToList();
        after.ShouldContain(s => s.Method == "POST");
        after.ShouldAllBe(s => s.Node != step.Node, $"node{killed} is dead");
        WriteLog();
    }

    [Fact, Step(2)]
    public async Task A_rolling_restart_of_all_three_nodes_under_a_grants_list_load_fails_no_request()
    {
        await cluster.ServingAsync();
        await cluster.EnsureRegisteredAsync();
        await using var browser = await ClusterBrowser.OpenAsync(cluster);
        await Flows.OpenGrantSittingAsync(cluster, browser.Page);
        var cookie = await browser.CookieHeaderAsync();

        using var handler = new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler) { BaseAddress = cluster.BalancerUrl, Timeout = TimeSpan.FromSeconds(60) };
        using var stop = new CancellationTokenSource();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var byNode = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        // Two clients, each a request every 50 ms at most: a steady load that leaves the CPU to the restarting nodes.
        var load = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var pace = Task.Delay(50);
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/Grants");
                    request.Headers.Add("Cookie", cookie);
                    using var response = await http.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    var node = response.Headers.TryGetValues("X-Node", out var names) ? names.First() : "(none)";
                    byNode.AddOrUpdate(node, 1, (_, n) => n + 1);
                    if (response.StatusCode != HttpStatusCode.OK || !body.Contains("授權經辦人清單", StringComparison.Ordinal))
                        failures.Enqueue($"{(int)response.StatusCode} from {node}");
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue(e.Message);
                }
                await pace;
            }
        })).ToList();

        for (var n = 1; n <= ClusterFixture.Nodes; n++)
        {
            await cluster.StopNodeAsync(n);
            await cluster.StartNodeAsync(n);
            await cluster.ServingAsync();
        }
        await stop.CancelAsync();
        await Task.WhenAll(load);

        output.WriteLine(string.Join(", ", byNode.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}")));
        WriteLog();
        byNode.Values.Sum().ShouldBeGreaterThan(30);
        failures.ShouldBeEmpty($"{failures.Count} of {byNode.Values.Sum()} requests failed: {string.Join("; ", failures.Take(10))}");
    }
}
