using System.Net;
using AngleSharp.Dom;
using Domain.Registration;
using Web.Messaging;
using Web.Pages.Grants;
using Web.Tests.State;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Grants;

/// <summary>
/// Issue 14 point 6: a grant form's command id is issued by the server. The add, modify and revoke forms carry a token
/// the server sealed for the sitting's manager card and for that form; an id the client chose, another manager's token,
/// another form's token are each refused with a message and write nothing, and the same form posted twice appends once.
/// </summary>
public sealed class GrantFormCommandIdTests(FixationApp app) : IClassFixture<FixationApp>
{
    /// <summary>A form of the grant pages as served: where it posts and its hidden fields.</summary>
    private sealed record ServedForm(string Action, string FormToken, string CommandToken, IReadOnlyList<KeyValuePair<string, string>> Hidden);

    private static async Task<ServedForm> OpenFormAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await Html.ParseAsync(response);
        var form = page.QuerySelector($"form:has(input[name={FormCommandIds.FieldName}])").ShouldNotBeNull();
        string Value(string name) => form.QuerySelector($"input[name='{name}']")!.GetAttribute("value")!;
        var hidden = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .Where(p => p.Key is not ("__RequestVerificationToken" or FormCommandIds.FieldName or "Handler.Certificate"))
            .ToList();
        return new ServedForm(form.GetAttribute("action")!, Html.RequestToken(page), Value(FormCommandIds.FieldName), hidden);
    }

    private static async Task<(HttpStatusCode Status, IDocument Page)> PostAsync(HttpClient client, ServedForm form, string? commandToken, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var values = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", form.FormToken) };
        if (commandToken is not null)
            values.Add(new(FormCommandIds.FieldName, commandToken));
        values.AddRange(form.Hidden);
        values.AddRange(fields);
        using var response = await client.PostAsync(new Uri(form.Action, UriKind.Relative), new FormUrlEncodedContent(values));
        return (response.StatusCode, await Html.ParseAsync(response));
    }

    private async Task<IReadOnlyList<KeyValuePair<string, string>>> HandlerAsync(string serial)
    {
        var catalogue = await app.CatalogueAsync();
        return
        [
            new("Handler.CertificateSerial", serial),
            new("Handler.Name", "陳經辦"),
            new("Handler.NationalId", "B220612340"),
            .. catalogue.LeavesUnder(catalogue.Roots.First().Code).Select(code => new KeyValuePair<string, string>("Handler.FunctionCodes", code)),
        ];
    }

    private async Task ShouldBeRefusedAsync(HttpClient client, ServedForm form, string? commandToken, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var before = await app.HeadAsync();

        var (status, page) = await PostAsync(client, form, commandToken, fields);

        status.ShouldBe(HttpStatusCode.OK, "a refusal shown at the form, not an error page");
        page.QuerySelector(".error-summary").ShouldNotBeNull().TextContent.ShouldContain(FormCommandIds.Invalid.Message);
        page.QuerySelector($"input[name={FormCommandIds.FieldName}]")!.GetAttribute("value").ShouldNotBe(commandToken, "the form comes back with a token of its own");
        (await app.EventsAfterAsync(before)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_add_form_posted_without_its_token_or_with_an_id_the_client_chose_is_refused_and_writes_nothing()
    {
        var (client, _) = await app.OpenSittingAsync();
        var form = await OpenFormAsync(client, "/Grants/Add");
        var handler = await HandlerAsync("0A0B01");

        await ShouldBeRefusedAsync(client, form, null, handler);
        await ShouldBeRefusedAsync(client, form, Guid.CreateVersion7().ToString(), handler);
        await ShouldBeRefusedAsync(client, form, form.CommandToken[..^4] + (form.CommandToken.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"), handler);
    }

    [Fact]
    public async Task A_token_issued_to_another_manager_is_refused_and_writes_nothing()
    {
        var (client, _) = await app.OpenSittingAsync();
        var form = await OpenFormAsync(client, "/Grants/Add");
        var anotherManagers = app.Get<FormCommandIds>().Issue($"cert:0123456789ABCDEF:0A0A0A@{DemoDataHandlerApp.Agency}", HandlerGrantForms.Add);

        await ShouldBeRefusedAsync(client, form, anotherManagers, await HandlerAsync("0A0B02"));
    }

    [Fact]
    public async Task A_token_of_another_form_is_refused_and_writes_nothing()
    {
        var (client, _) = await app.OpenSittingAsync();
        var first = await OpenFormAsync(client, "/Grants/Add");
        (await PostAsync(client, first, first.CommandToken, await HandlerAsync("0A0B03"))).Status.ShouldBe(HttpStatusCode.Redirect);
        var grant = await GrantNumberAsync("0A0B03");
        var edit = await OpenFormAsync(client, $"/Grants/Edit?number={grant}");
        var add = await OpenFormAsync(client, "/Grants/Add");

        await ShouldBeRefusedAsync(client, add, edit.CommandToken, await HandlerAsync("0A0B04"));
        await ShouldBeRefusedAsync(client, edit, add.CommandToken, await HandlerAsync("0A0B05"));

        // The revoke dialog's token on the same grant's revoke is good; the edit form's is not, and the grant stays.
        var revoke = await OpenFormAsync(client, $"/Grants/Revoke?number={grant}&version={await AgencyVersionAsync()}");
        var before = await app.HeadAsync();
        var (status, _) = await PostAsync(client, revoke, edit.CommandToken, [new("Reason", "離職")]);
        status.ShouldBe(HttpStatusCode.Redirect, "a plain post answers with the list, the reason on top");
        (await app.EventsAfterAsync(before)).ShouldBeEmpty();
        (await app.Get<ReadModels.Grants.AgencyHandlerGrantsQuery>().GrantAsync(DemoDataHandlerApp.Agency, grant))!.Active.ShouldBeTrue();
    }

    [Fact]
    public async Task The_same_form_posted_twice_records_one_grant()
    {
        var (client, _) = await app.OpenSittingAsync();
        var form = await OpenFormAsync(client, "/Grants/Add");
        var handler = await HandlerAsync("0A0B06");
        var before = await app.HeadAsync();

        var first = await PostAsync(client, form, form.CommandToken, handler);
        var again = await PostAsync(client, form, form.CommandToken, handler);

        (first.Status, again.Status).ShouldBe((HttpStatusCode.Redirect, HttpStatusCode.Redirect));
        (await app.EventsAfterAsync(before)).ShouldHaveSingleItem().Event.ShouldBeOfType<HandlerGrantIssued>().HandlerCertificateSerial.ShouldBe("0A0B06");
    }

    [Fact]
    public async Task A_form_shown_again_with_a_field_error_keeps_its_token_so_the_corrected_post_is_still_one_command()
    {
        var (client, _) = await app.OpenSittingAsync();
        var form = await OpenFormAsync(client, "/Grants/Add");
        var handler = await HandlerAsync("0A0B07");

        var (status, page) = await PostAsync(client, form, form.CommandToken, handler.Where(p => p.Key != "Handler.Name"));

        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector($"input[name={FormCommandIds.FieldName}]")!.GetAttribute("value").ShouldBe(form.CommandToken);
        var before = await app.HeadAsync();
        (await PostAsync(client, form, form.CommandToken, handler)).Status.ShouldBe(HttpStatusCode.Redirect);
        (await PostAsync(client, form, form.CommandToken, handler)).Status.ShouldBe(HttpStatusCode.Redirect);
        (await app.EventsAfterAsync(before)).ShouldHaveSingleItem();
    }

    private async Task<int> GrantNumberAsync(string serial)
    {
        await app.CaughtUpAsync();
        var page = await app.Get<ReadModels.Grants.AgencyHandlerGrantsQuery>().ForAgencyAsync(DemoDataHandlerApp.Agency, activeOnly: true, text: serial, page: 1, pageSize: 10);
        return page.Rows.ShouldHaveSingleItem().GrantNumber;
    }

    private async Task<long> AgencyVersionAsync() =>
        (await app.Get<ReadModels.Grants.HandlerGrantAgencyQuery>().AgencyAsync(DemoDataHandlerApp.Agency))!.StreamVersion;
}
