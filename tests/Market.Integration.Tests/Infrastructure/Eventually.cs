namespace Market.Integration.Tests.Infrastructure;

/// <summary>A bounded wait on a condition (never a fixed sleep).</summary>
public static class Eventually
{
    public static async Task HoldsAsync(TimeSpan within, string what, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"gave up waiting ({within.TotalSeconds:0} s): {what}");
            }

            await Task.Delay(100);
        }
    }
}
