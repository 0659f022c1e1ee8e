namespace Market.Api.Infrastructure.Startup;

/// <summary>
/// Builds the endpoint table (MVC's discovery of every controller action and its route) on the pool as soon as the server
/// listens, next to the database's preparation, so the first API request does not pay it (ADR 0025).
/// </summary>
public static partial class EndpointWarmUp
{
    public static void AfterListening(WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(() => Build(app, app.Logger)));

    private static void Build(IEndpointRouteBuilder endpoints, ILogger logger)
    {
        try
        {
            foreach (var source in endpoints.DataSources)
            {
                _ = source.Endpoints.Count;
            }
        }
        catch (Exception ex)
        {
            // Only early: the first request that routes builds the table again and answers this same error as a 500 envelope.
            LogWarmUpFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Building the endpoint table after listening failed; the first request will build it again")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception);
}
