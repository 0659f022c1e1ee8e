using System.Globalization;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Common.Runtime;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Market.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Runtime.Simulated;

/// <summary>
/// The embedded-mode runtime: behaves like app-service without running anything. Operation ids carry
/// their start time (<c>sim-{unixMs}-{type}-{task id | canceled operation id}</c>), so progress is a
/// function of the clock (<see cref="SimulatedTimeline"/>) and survives restarts. Submissions and
/// cancels are remembered in the hot state (Redis across replicas); cancels are re-read from the
/// tasks table after a restart of an in-memory deployment.
/// Failures on demand: env <c>SIMULATE_FAILURE</c> = <c>install</c>/<c>clone</c>/<c>download</c>/<c>upgrade</c>
/// fail the operation midway, <c>unhealthy</c> lets an upgrade complete and its app never become healthy, <c>submit</c> makes the runtime refuse it (400), <c>cancel</c> (held by the app, like
/// app-service keeps env values) makes its cancels fail: an install's is refused and the install goes on, an
/// upgrade's or a resume's is accepted and then ends the operation at its "…CancelFailed" state; one value per
/// runtime-side failure cause (<c>disk_full</c>, <c>image_pull</c>, <c>timeout</c>, … see <see cref="SimulatedFailures"/>).
/// Required envs without a value are refused with app-service's 422 <c>appenv</c> error; an upgrade
/// keeps the values the app already holds (<see cref="SimulatedEnvMemory"/>), so only envs the new
/// version newly requires can be missing. An install or clone of an app declaring several compute modes
/// without <c>selectedGpuType</c> is refused with app-service's 422 <c>computeModeSelect</c> and its plans.
/// </summary>
internal sealed partial class SimulatedAppRuntime(
    IHotStateStore hotState,
    IServiceScopeFactory scopes,
    SimulatedEnvMemory envMemory,
    IOptions<RuntimeOptions> options,
    TimeProvider clock,
    ILogger<SimulatedAppRuntime> logger) : IAppRuntime, IDisposable
{
    public const string FailureEnv = "SIMULATE_FAILURE";
    public const string CancelFailure = "cancel";
    public const string UnhealthyFailure = "unhealthy";
    private const string CancelFailsMark = ":fails";
    private const string Prefix = "sim";
    private static readonly TimeSpan SubmissionMemory = TimeSpan.FromDays(7);
    private readonly SemaphoreSlim _restoreGate = new(1, 1);
    private bool _cancelsRestored;

    public TimeSpan PollInterval
    {
        get
        {
            var half = Step / 2;
            return half < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : half > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : half;
        }
    }

    private TimeSpan Step => TimeSpan.FromMilliseconds(Math.Max(1, options.Value.Simulated.StepDelayMs));

    public async Task<RuntimeSubmission> SubmitAsync(RuntimeOperation operation, CancellationToken cancellationToken)
    {
        var known = await FindSubmittedAsync(operation, cancellationToken);
        if (known is not null)
        {
            return Accepted(known);
        }

        var failure = FailureOf(operation);
        if (failure == "submit")
        {
            return Refuse(operation, 400, "simulated refusal (SIMULATE_FAILURE=submit)", null);
        }

        if (failure == SimulatedFailures.Unreachable)
        {
            throw new RuntimeUnavailableException("appservice: dial tcp 10.0.0.1:6755: connect: connection refused (SIMULATE_FAILURE=runtime_unreachable)");
        }

        if (OpTypes.CreatesApp(operation.Type) && SimulatedFailures.Refusal(failure) is { } refusal)
        {
            return Refuse(operation, refusal.Code, refusal.Message, refusal.Data);
        }

        if (operation.Type is OpType.Install or OpType.Clone or OpType.Upgrade
            && MissingEnvs(operation, await envMemory.HeldForAsync(operation, cancellationToken)) is { Count: > 0 } missing)
        {
            var details = new JsonObject
            {
                ["type"] = "appenv",
                ["Data"] = new JsonObject
                {
                    ["missingValues"] = new JsonArray(missing.Select(e => (JsonNode)new JsonObject
                    {
                        ["envName"] = e.EnvName,
                        ["type"] = e.Type.Length > 0 ? e.Type : "string",
                        ["required"] = true,
                    }).ToArray()),
                    ["missingRefs"] = new JsonArray(),
                    ["invalidValues"] = new JsonArray(),
                },
            };
            return Refuse(operation, 422, "missing required env values: " + string.Join(", ", missing.Select(e => e.EnvName)), details);
        }

        if (OpTypes.CreatesApp(operation.Type) && operation.ComputeModes.Count > 1 && operation.SelectedGpuType.Length == 0)
        {
            // app-service cannot pick among several runnable modes: the user chooses (newer-clients §5).
            var plans = new JsonArray(operation.ComputeModes.Select(m => (JsonNode)new JsonObject { ["computeType"] = m, ["status"] = "installable" }).ToArray());
            return Refuse(operation, 422, "select a compute mode", new JsonObject { ["type"] = ComputeFailedChecks.ModeSelect, ["Data"] = plans });
        }

        var now = clock.GetUtcNow();
        var suffix = operation.TaskId;
        if (operation.Type == OpType.Cancel)
        {
            var target = operation.TargetOperationId;
            if (target is null || !TryParse(target, out var targetStart, out var targetType, out _)
                || AppStateMachine.CancelingStateOf(targetType, SimulatedTimeline.StateAt(targetType, StepsBetween(targetStart, now))) is null)
            {
                return Refuse(operation, 400, $"app {operation.AppName} has no operation that can be canceled", null);
            }

            var fails = await envMemory.ValueHeldAsync(operation, FailureEnv, cancellationToken) is { } held
                && held.Trim().Equals(CancelFailure, StringComparison.OrdinalIgnoreCase);
            if (fails && !AppStateMachine.RefusedCancelEnds(targetType))
            {
                return Refuse(operation, 400, $"app {operation.AppName} could not be canceled ({FailureEnv}={CancelFailure})", null);
            }

            var canceledAt = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + (fails ? CancelFailsMark : string.Empty);
            await hotState.SetIfAbsentAsync(CancelKey(target), canceledAt, SubmissionMemory, cancellationToken);
            suffix = target;
        }

        var operationId = $"{Prefix}-{now.ToUnixTimeMilliseconds()}-{operation.Type.ToWire()}-{suffix}";
        if (!await hotState.SetIfAbsentAsync(SubmittedKey(operation.TaskId), operationId, SubmissionMemory, cancellationToken))
        {
            operationId = await hotState.GetAsync(SubmittedKey(operation.TaskId), cancellationToken) ?? operationId;
        }

        LogAccepted(logger, operation.Type.ToWire(), operation.AppName, operation.User, operationId);
        return Accepted(operationId);
    }

    public async Task<string?> FindSubmittedAsync(RuntimeOperation operation, CancellationToken cancellationToken) =>
        await hotState.GetAsync(SubmittedKey(operation.TaskId), cancellationToken);

    public async Task<RuntimeOperationStatus> GetStatusAsync(RuntimeOperation operation, string operationId, CancellationToken cancellationToken)
    {
        if (!TryParse(operationId, out var started, out var type, out var suffix))
        {
            throw new InvalidOperationException($"not a simulated operation id: {operationId}");
        }

        await RestoreCancelsAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (type == OpType.Cancel)
        {
            // The cancel ends when the operation it cancels shows it: "…Canceled" done, anything final else failed.
            if (!TryParse(suffix, out var targetStart, out var targetType, out _))
            {
                throw new InvalidOperationException($"not a simulated operation id: {suffix}");
            }

            var fails = CancelFails(await hotState.GetAsync(CancelKey(suffix), cancellationToken));
            var target = SimulatedTimeline.At(targetType, StepsBetween(targetStart, now), string.Empty, StepsBetween(targetStart, started), fails);
            return target with { Outcome = AppStateMachine.OutcomeOf(OpType.Cancel, AppStates.Wire.Parse(target.State)) };
        }

        long? cancelAt = null;
        var cancel = AppStateMachine.IsCancelableOperation(type) ? await hotState.GetAsync(CancelKey(operationId), cancellationToken) : null;
        if (cancel is not null && long.TryParse(cancel.Split(':')[0], CultureInfo.InvariantCulture, out var ms))
        {
            cancelAt = StepsBetween(started, DateTimeOffset.FromUnixTimeMilliseconds(ms));
        }

        return SimulatedTimeline.At(type, StepsBetween(started, now), FailureOf(operation), cancelAt, CancelFails(cancel));
    }

    /// <summary>The remembered cancel (<c>{unixMs}</c>, or <c>{unixMs}:fails</c> for a cancel that is to fail).</summary>
    private static bool CancelFails(string? cancel) => cancel?.EndsWith(CancelFailsMark, StringComparison.Ordinal) == true;

    public void Dispose() => _restoreGate.Dispose();

    /// <summary><c>SIMULATE_FAILURE=unhealthy</c> on the upgrade: it completes, then its entrance never comes up.</summary>
    public Task<AppHealth> GetHealthAsync(RuntimeOperation operation, CancellationToken cancellationToken) =>
        Task.FromResult(FailureOf(operation) == UnhealthyFailure
            ? AppHealth.Of(AppState.Running.ToWire(), new Dictionary<string, string> { [operation.AppName] = "notReady" })
            : AppHealth.Of(AppState.Running.ToWire(), null));

    public Task<RuntimeCallResult> OpenAsync(string user, string appId, CancellationToken cancellationToken) =>
        Task.FromResult(new RuntimeCallResult(true));

    private static RuntimeSubmission Accepted(string operationId) =>
        RuntimeSubmission.Accept(operationId, new JsonObject { ["code"] = 200, ["message"] = "success", ["data"] = new JsonObject { ["opID"] = operationId } }.ToJsonString());

    private static RuntimeSubmission Refuse(RuntimeOperation operation, int code, string message, JsonNode? data)
    {
        var body = new JsonObject { ["code"] = code, ["message"] = message };
        if (data is not null)
        {
            body["data"] = data.DeepClone();
        }

        return RuntimeSubmission.Reject(code, code, message, data, $"appservice: {operation.Type.ToWire()} code={code}: {message}", body.ToJsonString());
    }

    private static List<DeclaredEnv> MissingEnvs(RuntimeOperation operation, IReadOnlySet<string> held) =>
        operation.DeclaredEnvs
            .Where(d => d.Required && !d.HasDefault && !d.HasValueFrom && !held.Contains(d.EnvName))
            .Where(d => !operation.Envs.Any(e => e.EnvName == d.EnvName && (e.Value.Length > 0 || e.ValueFrom is { EnvName.Length: > 0 })))
            .ToList();

    private static string FailureOf(RuntimeOperation operation) =>
        operation.Envs.FirstOrDefault(e => e.EnvName == FailureEnv)?.Value.Trim().ToLowerInvariant() ?? string.Empty;

    private long StepsBetween(DateTimeOffset from, DateTimeOffset to) =>
        to <= from ? 0 : (long)((to - from).TotalMilliseconds / Step.TotalMilliseconds);

    private static bool TryParse(string operationId, out DateTimeOffset started, out OpType type, out string suffix)
    {
        var parts = operationId.Split('-', 4);
        started = default;
        type = default;
        suffix = string.Empty;
        if (parts.Length != 4 || parts[0] != Prefix || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var ms)
            || !OpTypes.Wire.TryParse(parts[2], out type))
        {
            return false;
        }

        started = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        suffix = parts[3];
        return true;
    }

    /// <summary>In-memory hot state forgets cancels on restart; the accepted cancel tasks still know them.</summary>
    private async Task RestoreCancelsAsync(CancellationToken cancellationToken)
    {
        if (_cancelsRestored)
        {
            return;
        }

        await _restoreGate.WaitAsync(cancellationToken);
        try
        {
            if (_cancelsRestored)
            {
                return;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var since = clock.GetUtcNow().UtcDateTime - SubmissionMemory;
            var cancels = await db.AppTasks.AsNoTracking()
                .Where(t => t.Type == OpType.Cancel && t.OperationId != null && t.CreatedAt > since && t.Status != AppTaskStatus.Failed)
                .Select(t => t.OperationId!)
                .ToListAsync(cancellationToken);
            foreach (var cancel in cancels)
            {
                if (TryParse(cancel, out var at, out _, out var target))
                {
                    await hotState.SetIfAbsentAsync(CancelKey(target), at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), SubmissionMemory, cancellationToken);
                }
            }

            _cancelsRestored = true;
        }
        finally
        {
            _restoreGate.Release();
        }
    }

    private static string SubmittedKey(string taskId) => $"sim:submitted:{taskId}";

    private static string CancelKey(string operationId) => $"sim:cancel:{operationId}";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Simulated runtime accepted {Type} of {App} for {User} as {OperationId}")]
    private static partial void LogAccepted(ILogger logger, string type, string app, string user, string operationId);
}
