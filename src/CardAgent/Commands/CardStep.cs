using CardAgent.Backends;

namespace CardAgent.Commands;

/// <summary>What a command produced, with the time the card itself took (reported as Server-Timing).</summary>
public sealed record CommandOutcome<T>(AgentResult<T> Result, TimeSpan CardTime);

/// <summary>
/// Runs blocking card work off the request thread under the configured deadline. When the card does
/// not answer in time the caller gets TIMEOUT at once and the work is told to stop before its next
/// step (it never sends a PIN after the caller gave up); the work itself finishes on its own and
/// only then frees the reader and runs <c>finished</c> (which wipes the PIN), so a late card is
/// never driven by two operations and a PIN is never wiped while it is being sent.
/// </summary>
public static class CardStep
{
    public static async Task<CommandOutcome<T>> RunAsync<T>(
        ICardBackend backend,
        string reader,
        TimeSpan timeout,
        Func<ICardSession, CancellationToken, AgentResult<T>> work,
        CancellationToken cancellationToken,
        Action? finished = null)
    {
        var abandoned = new CancellationTokenSource();
        var task = Task.Run(() =>
        {
            try
            {
                var opened = backend.Open(reader);
                if (!opened.IsSuccess)
                    return new CommandOutcome<T>(opened.Error!, TimeSpan.Zero);
                using var session = opened.Value;
                var result = abandoned.IsCancellationRequested ? AgentError.Timeout() : work(session, abandoned.Token);
                return new CommandOutcome<T>(result, session.CardTime);
            }
            finally
            {
                finished?.Invoke();
                abandoned.Dispose();
            }
        }, CancellationToken.None);
        try
        {
            return await task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            try
            {
                await abandoned.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The work finished in the meantime.
            }
            return new CommandOutcome<T>(AgentError.Timeout(), timeout);
        }
    }
}
