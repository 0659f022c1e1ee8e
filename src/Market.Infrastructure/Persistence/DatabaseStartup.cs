using Market.Application.Common.Interfaces;

namespace Market.Infrastructure.Persistence;

/// <summary>The state behind <see cref="IDatabaseStartup"/>, set once by <see cref="DatabaseInitializer"/>.</summary>
internal sealed class DatabaseStartup : IDatabaseStartup
{
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _done.Task.IsCompletedSuccessfully && _done.Task.Result;

    public Exception? Failure { get; private set; }

    public async Task<bool> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _done.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void MarkReady() => _done.TrySetResult(true);

    public void MarkFailed(Exception failure)
    {
        Failure = failure;
        _done.TrySetResult(false);
    }

    /// <summary>The host stopped before the work ran: nobody waits forever.</summary>
    public void MarkAbandoned() => _done.TrySetResult(false);
}
