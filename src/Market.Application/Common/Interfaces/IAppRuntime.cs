using Market.Domain.Apps;

namespace Market.Application.Common.Interfaces;

/// <summary>
/// Where apps really run: Olares app-service over HTTP, or the simulated runtime of embedded mode.
/// Operations are submitted once and then followed by their operation id until they end.
/// Transient trouble (network, timeouts, 5xx) is thrown as <see cref="RuntimeUnavailableException"/>
/// so the caller can retry; refusals (4xx) come back as a not-accepted <see cref="RuntimeSubmission"/>.
/// </summary>
public interface IAppRuntime
{
    /// <summary>How often an operation in flight is worth asking about.</summary>
    TimeSpan PollInterval { get; }

    /// <summary>Submits install, clone, upgrade, uninstall, cancel, stop or resume.</summary>
    Task<RuntimeSubmission> SubmitAsync(RuntimeOperation operation, CancellationToken cancellationToken);

    /// <summary>
    /// The id of an operation the runtime already accepted for this task, or null. Asked before a task
    /// that was claimed before (a host died between submitting and recording) is submitted again.
    /// </summary>
    Task<string?> FindSubmittedAsync(RuntimeOperation operation, CancellationToken cancellationToken);

    /// <summary>Where the operation stands now.</summary>
    Task<RuntimeOperationStatus> GetStatusAsync(RuntimeOperation operation, string operationId, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the app the operation was about is healthy now: <c>running</c> with every entrance running. Asked
    /// after an upgrade the runtime reported done, until it is or <c>Market:Upgrades:HealthTimeoutSeconds</c> passed.
    /// </summary>
    Task<AppHealth> GetHealthAsync(RuntimeOperation operation, CancellationToken cancellationToken);

    /// <summary>Asks the user's desktop to open the app (no state change, nothing to follow).</summary>
    Task<RuntimeCallResult> OpenAsync(string user, string appId, CancellationToken cancellationToken);
}

/// <summary>Everything a runtime needs to carry out one task's operation (rebuilt from the stored task after a restart).</summary>
public sealed record RuntimeOperation
{
    public required string TaskId { get; init; }

    /// <summary>install, clone, upgrade, uninstall, cancel, stop, resume.</summary>
    public required OpType Type { get; init; }

    public required string User { get; init; }

    /// <summary>The name the runtime knows (the clone's own name for clones).</summary>
    public required string AppName { get; init; }

    public string Source { get; init; } = string.Empty;

    public string Version { get; init; } = string.Empty;

    public string RawAppName { get; init; } = string.Empty;

    /// <summary>
    /// Install, clone, upgrade, rollback: the exact chart of <see cref="Version"/> (package and digest). A runtime fetches
    /// the chart by name, source and version; Market has checked before a rollback that this is the one it gets.
    /// </summary>
    public Market.Domain.Tasks.ChartReference? Chart { get; init; }

    public string RequestHash { get; init; } = string.Empty;

    public string Title { get; init; } = string.Empty;

    /// <summary>app, middleware … (the manifest type).</summary>
    public string CfgType { get; init; } = "app";

    public IReadOnlyList<AppEnv> Envs { get; init; } = [];

    public IReadOnlyList<CloneEntrance> Entrances { get; init; } = [];

    /// <summary>The envs the app declares (for runtimes that check them, like the simulated one).</summary>
    public IReadOnlyList<DeclaredEnv> DeclaredEnvs { get; init; } = [];

    /// <summary>Uninstall: also remove shared parts.</summary>
    public bool All { get; init; }

    /// <summary>Uninstall: also remove the app's data.</summary>
    public bool DeleteData { get; init; }

    /// <summary>Install and clone: the compute mode the user chose (<c>cpu</c>, <c>nvidia</c> …); empty lets the runtime pick or ask.</summary>
    public string SelectedGpuType { get; init; } = string.Empty;

    /// <summary>Install and clone: the compute modes the manifest declares (for runtimes that check them, like the simulated one).</summary>
    public IReadOnlyList<string> ComputeModes { get; init; } = [];

    /// <summary>Resume: the devices the user bound the app to (empty: the runtime's stored choice, or it asks).</summary>
    public IReadOnlyList<ComputeBinding> ComputeBinding { get; init; } = [];

    /// <summary>Cancel: the operation being canceled.</summary>
    public string? TargetOperationId { get; init; }

    /// <summary>When this task's operation was first started (progress of simulated operations is measured from it).</summary>
    public DateTime StartedAt { get; init; }
}

/// <summary>One device an app is bound to on resume (app-service's <c>computeBinding</c> item; <c>memory</c> in bytes, for MemorySlice cards).</summary>
public sealed record ComputeBinding(
    [property: System.Text.Json.Serialization.JsonPropertyName("nodeName")] string NodeName,
    [property: System.Text.Json.Serialization.JsonPropertyName("deviceId")] string DeviceId,
    [property: System.Text.Json.Serialization.JsonPropertyName("memory")] long? Memory = null);

/// <summary>An env the manifest declares, without any value.</summary>
public sealed record DeclaredEnv(string EnvName, string Type, bool Required, bool HasDefault, bool HasValueFrom);

/// <summary>
/// The runtime's answer to a submission: its envelope <c>{code, message, data}</c> kept verbatim (the web
/// app reads 422 <c>appenv</c> details from <c>data</c>), the raw body (stop and resume pass it back to
/// the caller) and, for a refusal, the error text callers see.
/// </summary>
public sealed record RuntimeSubmission(
    bool Accepted,
    string? OperationId,
    int HttpStatus,
    int Code,
    string Message,
    System.Text.Json.Nodes.JsonNode? Data,
    string Error,
    string RawBody)
{
    public static RuntimeSubmission Accept(string operationId, string rawBody, int code = 200, string message = "success") =>
        new(true, operationId, 200, code, message, new System.Text.Json.Nodes.JsonObject { ["opID"] = operationId }, string.Empty, rawBody);

    public static RuntimeSubmission Reject(int httpStatus, int code, string message, System.Text.Json.Nodes.JsonNode? data, string error, string rawBody) =>
        new(false, null, httpStatus, code, message, data, error, rawBody);
}

/// <summary>What the runtime says about an operation in flight; <see cref="State"/> is the runtime's word (<see cref="AppStates.FromWire"/> parses it).</summary>
public sealed record RuntimeOperationStatus(
    string State,
    string? Progress,
    string? Reason,
    string? Message,
    OperationOutcome Outcome,
    IReadOnlyDictionary<string, string>? EntranceStates = null)
{
    /// <summary>The report as the app applies it (the outcome is the task's business).</summary>
    public RuntimeReport ToReport() => new(State, Progress, Reason, Message, EntranceStates);
}

/// <summary>The app's health as the runtime sees it; <see cref="Detail"/> says what is not healthy (no env values).</summary>
public sealed record AppHealth(bool Healthy, string State, IReadOnlyDictionary<string, string>? EntranceStates, string Detail)
{
    /// <summary>Healthy means running with every entrance it reports running (app-service's "all entrances are running").</summary>
    public static AppHealth Of(string state, IReadOnlyDictionary<string, string>? entrances)
    {
        var down = (entrances ?? new Dictionary<string, string>()).Where(e => e.Value != AppState.Running.ToWire()).Select(e => $"{e.Key} is {(e.Value.Length == 0 ? "unknown" : e.Value)}").ToList();
        var healthy = state == AppState.Running.ToWire() && down.Count == 0;
        var detail = healthy ? string.Empty
            : state != AppState.Running.ToWire() ? $"the app is {(state.Length == 0 ? "gone" : state)}"
            : "entrance " + string.Join(", ", down);
        return new AppHealth(healthy, state, entrances, detail);
    }
}

/// <summary>The result of a direct call (open): success, or why not in the original's words.</summary>
public sealed record RuntimeCallResult(bool Success, string? FailureMessage = null);

/// <summary>The runtime could not be reached or answered 5xx: worth retrying later.</summary>
public sealed class RuntimeUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
