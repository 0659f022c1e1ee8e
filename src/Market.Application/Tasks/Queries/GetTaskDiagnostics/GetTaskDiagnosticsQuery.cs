using Mediator;

namespace Market.Application.Tasks.Queries.GetTaskDiagnostics;

/// <summary>
/// <c>GET /tasks/{id}/diagnostics</c>: a <c>.tar.gz</c> a user can attach to a bug report. The task's owner may read
/// it, and admins (<see cref="IsAdmin"/>) anyone's; to anybody else the task does not exist.
/// </summary>
public sealed record GetTaskDiagnosticsQuery(string User, bool IsAdmin, string TaskId) : IQuery<DiagnosticBundle>;

public sealed record DiagnosticBundle(string FileName, byte[] Content);
