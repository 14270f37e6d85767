using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReadModels.Grants;
using Web.Htmx;

namespace Web.Pages.Grants;

/// <summary>What the add and modify forms (partial <c>_HandlerEditor</c>) show.</summary>
/// <param name="CommandToken">The form's command id as the server issued it (<see cref="Web.Messaging.FormCommandIds"/>).</param>
/// <param name="CurrentMaskedId">Modify only: the ID on record, masked; a blank ID field keeps it.</param>
public sealed record HandlerEditorView(
    string Title,
    string PostUrl,
    HandlerGrantSitting Sitting,
    IReadOnlyList<FunctionNode> Tree,
    HandlerForm Handler,
    string CommandToken,
    int? GrantNumber = null,
    long? ExpectedVersion = null,
    string? CurrentMaskedId = null)
{
    /// <summary>The ticked codes, groups included when all their leaves are ticked (what the tree shows as checked).</summary>
    public bool IsTicked(string code) => Handler.FunctionCodes.Contains(code, StringComparer.Ordinal);
}

/// <summary>How the add, modify and revoke pages end a change that was made: the list with its message.</summary>
public static class HandlerGrantPageResults
{
    /// <summary>
    /// The sitting ended (or never began): back to the card steps with the reason, by a redirect htmx follows too.
    /// Nothing was written.
    /// </summary>
    public static IActionResult NoSitting(PageModel page)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.TempData[HandlerGrantsView.ProblemKey] = HandlerGrantPageRejections.SittingMissing.Message;
        return page.RedirectWholePage(page.Url.Page("/Grants/Index")!);
    }

    /// <summary>A change made (or found already made): the list with <paramref name="message"/>, and "not in the list yet" while it is not.</summary>
    public static Task<IActionResult> ShowListAsync(PageModel page, HandlerGrantLists lists, HandlerGrantSitting sitting, string message, HandlerGrantChanged changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        return ShowAsync(page, lists, sitting, message, null, changed.NotShownNotice, cancellationToken);
    }

    /// <summary>A change not made (a stale list, a grant gone meanwhile): the list as it is now, with why on top.</summary>
    public static Task<IActionResult> ShowListAsync(PageModel page, HandlerGrantLists lists, HandlerGrantSitting sitting, IReadOnlyList<Domain.Common.Rejection> problems, CancellationToken cancellationToken) =>
        ShowAsync(page, lists, sitting, null, problems, null, cancellationToken);

    /// <summary>
    /// htmx: the list part with the message, swapped in place of the form, and the address bar set to /Grants.
    /// A plain post: the message through TempData and a redirect to the list (post/redirect/get).
    /// </summary>
    private static async Task<IActionResult> ShowAsync(
        PageModel page, HandlerGrantLists lists, HandlerGrantSitting sitting, string? message, IReadOnlyList<Domain.Common.Rejection>? problems, string? notShown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!page.Request.IsHtmx())
        {
            if (problems is { Count: > 0 })
                message = string.Join(" ", problems.Select(p => p.Message));
            page.TempData[HandlerGrantsView.MessageKey] = message;
            if (notShown is not null)
                page.TempData[HandlerGrantsView.NotShownKey] = notShown;
            return page.RedirectToPage("/Grants/Index");
        }
        page.Response.Headers["HX-Push-Url"] = page.Url.Page("/Grants/Index");
        var view = await lists.ListAsync(sitting, 1, 10, null, message, problems, cancellationToken) with { NotShownNotice = notShown };
        return page.Partial("/Pages/Grants/_GrantsMain.cshtml", view);
    }
}
