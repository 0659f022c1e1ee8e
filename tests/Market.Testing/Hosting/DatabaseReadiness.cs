using Market.Application.Common.Interfaces;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Testing.Hosting;

/// <summary>
/// Waits until an in-process host's database is migrated and seeded (it listens first and migrates after, ADR 0023):
/// the test factories and the bench hosts hand a host out only then.
/// </summary>
public static class DatabaseReadiness
{
    /// <summary>How long a start-up's migrations may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task WaitAsync(IServiceProvider services)
    {
        var database = services.GetRequiredService<IDatabaseStartup>();
        using var timeout = new CancellationTokenSource(Timeout);
        if (!await database.WaitAsync(timeout.Token))
        {
            throw new InvalidOperationException("The host's database did not become ready", database.Failure);
        }
    }
}
