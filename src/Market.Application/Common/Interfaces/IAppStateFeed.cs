namespace Market.Application.Common.Interfaces;

/// <summary>
/// One app-service state announcement as applied (NATS <c>os.application.*</c>, original-data-and-sync §10.1),
/// kept so the runtime adapter following an operation can answer from it instead of polling.
/// </summary>
public sealed record AppStateReport(
    string User,
    string AppName,
    string OpId,
    string OpType,
    string State,
    string? Progress,
    string? Reason,
    string? Message,
    DateTime CreateTime,
    IReadOnlyDictionary<string, string>? EntranceStates);

/// <summary>
/// The latest applied announcement per user app, shared by every replica (the announcement is ingested by
/// one replica of the queue group, the operation may be followed by another).
/// </summary>
public interface IAppStateFeed
{
    ValueTask RecordAsync(AppStateReport report, CancellationToken cancellationToken);

    ValueTask<AppStateReport?> LatestAsync(string user, string appName, CancellationToken cancellationToken);
}
