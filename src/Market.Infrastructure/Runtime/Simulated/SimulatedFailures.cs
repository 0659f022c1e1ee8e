using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;

namespace Market.Infrastructure.Runtime.Simulated;

/// <summary>
/// The failure causes the simulated runtime provokes on demand (<c>SIMULATE_FAILURE=&lt;cause&gt;</c>), worded the way
/// app-service and Kubernetes word them, so the same classifier explains them as it explains a real cluster's:
/// failures while the operation runs (a failed state with a reason and message), refusals at submission (422 with a
/// failed-check <c>type</c>), and <c>timeout</c> (the operation stays in one state). The older values (<c>install</c>,
/// <c>download</c>, <c>upgrade</c>, <c>uninstall</c>, <c>submit</c>, …) keep their behaviour.
/// </summary>
internal static class SimulatedFailures
{
    /// <summary>The step an install stops at when <c>SIMULATE_FAILURE=timeout</c>: it stays <c>installing</c>.</summary>
    public const string Timeout = "timeout";

    public const string Unreachable = "runtime_unreachable";

    private static readonly Dictionary<string, (AppState State, string Reason, string Message)> WhileRunning = new(StringComparer.Ordinal)
    {
        ["disk_full"] = (AppState.DownloadFailed, "DiskPressure", "failed to pull image: write /var/lib/containerd: no space left on device; 2.1 GiB more disk is needed"),
        ["image_pull"] = (AppState.DownloadFailed, "ErrImagePull", "failed to pull image docker.io/beclab/app:1.0.0: manifest unknown"),
        ["insufficient_memory"] = (AppState.InstallFailed, "Unschedulable", "0/1 nodes are available: 1 Insufficient memory; 4 GiB more memory is needed"),
        ["insufficient_cpu"] = (AppState.InstallFailed, "Unschedulable", "0/1 nodes are available: 1 Insufficient cpu"),
        ["gpu_unavailable"] = (AppState.InstallFailed, "Unschedulable", "0/1 nodes are available: 1 Insufficient nvidia.com/gpu"),
        ["unhealthy"] = (AppState.InstallFailed, "CrashLoopBackOff", "Back-off restarting failed container app"),
    };

    private static readonly Dictionary<string, (string Type, string Message)> AtSubmission = new(StringComparer.Ordinal)
    {
        ["arch_unsupported"] = ("appArch", "app does not support the cluster architecture amd64"),
        ["olares_version"] = ("olaresVersion", "app requires olares version >=1.13.0, current 1.12.0"),
        ["dependency_missing"] = ("appDependency", "dependency app mariadb is not installed"),
        ["conflict"] = ("appConflict", "app conflicts with installed app wordpress"),
        ["env_invalid"] = ("appenv", "invalid env values: SIMULATED_PORT"),
    };

    /// <summary>The 422 failed-check refusal of <paramref name="failure"/>, or null when it fails later (or not at all).</summary>
    public static (int Code, string Message, JsonObject Data)? Refusal(string failure) =>
        AtSubmission.TryGetValue(failure, out var refusal)
            ? (422, refusal.Message, failure == "env_invalid"
                ? new JsonObject { ["type"] = "appenv", ["Data"] = new JsonObject { ["missingValues"] = new JsonArray(), ["missingRefs"] = new JsonArray(), ["invalidValues"] = new JsonArray { new JsonObject { ["envName"] = "SIMULATED_PORT" } } } }
                : new JsonObject { ["type"] = refusal.Type, ["Data"] = new JsonObject { ["message"] = refusal.Message } })
            : null;

    /// <summary>An install or clone failing with <paramref name="failure"/> at <paramref name="step"/>; null when it does not fail there.</summary>
    public static RuntimeOperationStatus? Install(long step, string failure)
    {
        if (failure == Timeout && step >= 5)
        {
            return new RuntimeOperationStatus(AppState.Installing.ToWire(), null, null, null, OperationOutcome.InProgress);
        }

        if (!WhileRunning.TryGetValue(failure, out var how))
        {
            return null;
        }

        var at = how.State == AppState.DownloadFailed ? 3 : 6;
        return step >= at ? new RuntimeOperationStatus(how.State.ToWire(), null, how.Reason, how.Message, OperationOutcome.Failed) : null;
    }
}
