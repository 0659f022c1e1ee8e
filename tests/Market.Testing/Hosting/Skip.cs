namespace Market.Testing.Hosting;

/// <summary>
/// Ignores a test with its reason, where the default <c>dotnet test</c> output shows it: the console logger lists an
/// ignored test by name only, but prints what a test writes to <see cref="TestContext.Error"/> (the NUnit adapter passes
/// that stream on as a warning) at every verbosity.
/// </summary>
public static class Skip
{
    public static void Because(string reason)
    {
        TestContext.Error.WriteLine($"Skipped {TestContext.CurrentContext.Test.Name}: {reason}");
        Assert.Ignore(reason);
    }
}
