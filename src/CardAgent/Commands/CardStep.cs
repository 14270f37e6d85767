using CardAgent.Backends;

namespace CardAgent.Commands;

/// <summary>What a command produced, with the time the card itself took (reported as Server-Timing).</summary>
public sealed record CommandOutcome<T>(AgentResult<T> Result, TimeSpan CardTime);

/// <summary>
/// Runs blocking card work off the request thread under the configured deadline. When the card does
/// not answer in time the caller gets TIMEOUT; the work finishes (or fails) on its own and only then
/// frees the reader, so a late card can never be driven by two operations at once.
/// </summary>
public static class CardStep
{
    public static async Task<CommandOutcome<T>> RunAsync<T>(ICardBackend backend, string reader, TimeSpan timeout, Func<ICardSession, AgentResult<T>> work, CancellationToken cancellationToken)
    {
        var task = Task.Run(() =>
        {
            var opened = backend.Open(reader);
            if (!opened.IsSuccess)
                return new CommandOutcome<T>(opened.Error!, TimeSpan.Zero);
            using var session = opened.Value;
            var result = work(session);
            return new CommandOutcome<T>(result, session.CardTime);
        }, CancellationToken.None);
        try
        {
            return await task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new CommandOutcome<T>(AgentError.Timeout(), timeout);
        }
    }
}
