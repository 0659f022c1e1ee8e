using System.Collections.Concurrent;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;

namespace Market.Application.Tests.Tasks;

/// <summary>A runtime the test scripts: what a submission answers, what it already knows, how operations stand.</summary>
internal sealed class FakeAppRuntime : IAppRuntime
{
    public ConcurrentQueue<RuntimeOperation> Submissions { get; } = new();

    public ConcurrentQueue<string> StatusQueries { get; } = new();

    /// <summary>Answer to the next submission; throw <see cref="RuntimeUnavailableException"/> to play an outage.</summary>
    public Func<RuntimeOperation, RuntimeSubmission> Submit { get; set; } = op => RuntimeSubmission.Accept("op-" + op.TaskId, "{}");

    /// <summary>The operation id the runtime already holds for a task (a host died before recording it).</summary>
    public string? AlreadySubmitted { get; set; }

    public Func<string, RuntimeOperationStatus> Status { get; set; } = _ => new RuntimeOperationStatus(AppState.Running.ToWire(), null, null, null, OperationOutcome.Completed);

    /// <summary>The span id of the activity current when the last submission arrived (the caller's trace context).</summary>
    public string? SubmittedUnder { get; private set; }

    /// <summary>The runtime's poll interval (the Olares runtime's is zero with NATS on).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(1);

    public TimeSpan PollInterval => Interval;

    public Task<RuntimeSubmission> SubmitAsync(RuntimeOperation operation, CancellationToken cancellationToken)
    {
        Submissions.Enqueue(operation);
        SubmittedUnder = System.Diagnostics.Activity.Current?.SpanId.ToString();
        return Task.FromResult(Submit(operation));
    }

    public Task<string?> FindSubmittedAsync(RuntimeOperation operation, CancellationToken cancellationToken) => Task.FromResult(AlreadySubmitted);

    public Task<RuntimeOperationStatus> GetStatusAsync(RuntimeOperation operation, string operationId, CancellationToken cancellationToken)
    {
        StatusQueries.Enqueue(operationId);
        return Task.FromResult(Status(operationId));
    }

    /// <summary>What the health check answers after an upgrade (healthy unless a test says otherwise).</summary>
    public Func<RuntimeOperation, AppHealth> Health { get; set; } = _ => AppHealth.Of(AppState.Running.ToWire(), null);

    public Task<AppHealth> GetHealthAsync(RuntimeOperation operation, CancellationToken cancellationToken) => Task.FromResult(Health(operation));

    public Task<RuntimeCallResult> OpenAsync(string user, string appId, CancellationToken cancellationToken) => Task.FromResult(new RuntimeCallResult(true));
}
