namespace EventStore.Storage;

/// <summary>Wakes every waiting subscriber after a commit; waiters take the current task before reading so no wake-up is lost.</summary>
internal sealed class CommitSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Notify"/>; take it before reading, then await it.</summary>
    public Task NextCommit => Volatile.Read(ref _next).Task;

    public void Notify() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
