namespace Market.Infrastructure.Hosting;

/// <summary>
/// How long a polling service waits before its next round: its tick while rounds find work, twice as long after each
/// round that found none, up to <see cref="Ceiling"/>. At a fixed tick an idle Market asked the webhook outbox four
/// times a second and the purchases twice, ~4 % of a core with nothing to do (ADR 0025); the first round that finds work
/// brings the tick back at once.
/// </summary>
internal sealed class IdleBackoff(TimeSpan tick, TimeProvider clock)
{
    /// <summary>The longest a new row waits after a quiet spell.</summary>
    public static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(2);

    private TimeSpan _wait = TimeSpan.Zero;

    /// <summary>The wait after a round that found work (<paramref name="foundWork"/>) or none.</summary>
    public TimeSpan After(bool foundWork)
    {
        _wait = foundWork || _wait == TimeSpan.Zero ? tick : TimeSpan.FromTicks(Math.Min(_wait.Ticks * 2, Ceiling.Ticks));
        return _wait;
    }

    /// <summary>Waits <see cref="After"/> the round; false when the host is stopping.</summary>
    public async Task<bool> WaitAsync(bool foundWork, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(After(foundWork), clock, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
