namespace Market.Testing.Waiting;

/// <summary>
/// The one way tests wait for something asynchronous: re-check a condition until it holds, bounded so a
/// hung service fails the test with what it waited for instead of hanging it. Never a fixed sleep.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        HoldsAsync(condition, () => what, timeout);

    /// <summary>Waits until <paramref name="condition"/> holds; <paramref name="what"/> is asked only on failure (it may show what was seen).</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan? timeout = null) =>
        await ValueAsync(async () => await condition() ? true : (bool?)null, _ => true, what, timeout);

    /// <summary>Waits until <paramref name="probe"/> gives a value that satisfies <paramref name="done"/>, and returns it.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, Func<T, bool> done, Func<string> what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = await probe();
            if (value is not null && done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"waited {(timeout ?? DefaultTimeout).TotalSeconds:0} s in vain for {what()}");
            }

            await Task.Delay(Interval);
        }
    }
}
