namespace MatchingPlatform.Server.Infrastructure;

/// <summary>
/// Wakes the alert streams of this process when a snapshot here wrote events, so subscribers get them at
/// once; events written elsewhere (matchctl snapshot, another replica) are found by the streams' polling.
/// The signal carries no data: the database is the only source of events, which is what makes resuming safe.
/// </summary>
public sealed class AlertSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next <see cref="Notify"/>.</summary>
    public Task NextAsync() => Volatile.Read(ref _next).Task;

    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
