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

    /// <summary>For synchronous callers (a failed host start is observed outside async code): waits until <paramref name="condition"/> holds.</summary>
    public static void Holds(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(condition()), what, timeout).GetAwaiter().GetResult();

    /// <summary>Re-checks <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes; false then, without failing (the caller decides).</summary>
    public static async Task<bool> WithinAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

#pragma warning disable RS0030 // the one place a test pauses between two looks at a condition
            await Task.Delay(Interval);
#pragma warning restore RS0030
        }

        return true;
    }

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

#pragma warning disable RS0030 // the one place a test pauses between two looks at a condition
            await Task.Delay(Interval);
#pragma warning restore RS0030
        }
    }
}
