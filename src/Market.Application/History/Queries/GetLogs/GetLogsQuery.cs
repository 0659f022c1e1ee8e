using Mediator;

namespace Market.Application.History.Queries.GetLogs;

/// <summary>
/// The caller's audit records, newest first. Paging and time parameters arrive as raw strings so the
/// validator can answer with the original's exact messages.
/// </summary>
public sealed record GetLogsQuery(
    string User,
    string? Start,
    string? Size,
    string? Type,
    string? App,
    string? StartTime,
    string? EndTime) : IQuery<LogsPageDto>;
