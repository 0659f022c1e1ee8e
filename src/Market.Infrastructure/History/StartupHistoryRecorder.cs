using Market.Application.Common.Interfaces;
using Market.Domain.History;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Market.Infrastructure.History;

/// <summary>
/// Writes the original's startup record (type <c>system</c>, message <c>market setup finished</c>,
/// app <c>market</c>, account <c>system</c>) once the server is taking requests.
/// </summary>
internal sealed partial class StartupHistoryRecorder(
    IDatabaseStartup database,
    IHistoryService history,
    ILogger<StartupHistoryRecorder> logger) : BackgroundService
{
    public const string Message = "market setup finished";
    public const string Account = "system";
    public const string App = "market";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await database.WaitAsync(stoppingToken))
        {
            return;
        }

        try
        {
            await history.RecordAsync(new HistoryEntry(HistoryTypes.System, Message, App, Account), stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // An audit record is not worth stopping the service for.
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the startup history record")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
