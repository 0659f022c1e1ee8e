using Market.Domain.Apps;

namespace Market.Application.Runtime.Queries.GetRuntimeState;

/// <summary>Maps an app's state (and the task working on it) to the runtime view's stage and health.</summary>
public static class AppFlowStages
{
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
    public const string Unknown = "unknown";

    public static (string Stage, string Health) Of(string state, OpType? activeTaskType)
    {
        var (stage, health) = OfState(state);
        return activeTaskType switch
        {
            // A task at work says more than a state that may not have moved yet.
            OpType.Install or OpType.Clone => ("installing", Unknown),
            OpType.Upgrade or OpType.Rollback => ("upgrading", Unknown),
            OpType.Uninstall => ("uninstalling", Unknown),
            OpType.Cancel or OpType.Stop or OpType.Resume or OpType.Restart or null => (stage, health),
        };
    }

    private static (string Stage, string Health) OfState(string state)
    {
        var s = state.ToLowerInvariant();
        if (s.Length == 0)
        {
            return (Unknown, Unknown);
        }

        if (s.Contains("failed", StringComparison.Ordinal) || s.Contains("error", StringComparison.Ordinal)
            || s.Contains("canceled", StringComparison.Ordinal) || s.Contains("cancelled", StringComparison.Ordinal))
        {
            return ("failed", Unhealthy);
        }

        if (s is "stopped" or "uninstalled" or "stopping")
        {
            return ("stopped", Unhealthy);
        }

        if (s is "running" or "installed")
        {
            return ("running", Healthy);
        }

        if (s.StartsWith("pending", StringComparison.Ordinal) || s.StartsWith("downloading", StringComparison.Ordinal))
        {
            return ("fetching", Unknown);
        }

        if (s.StartsWith("uninstalling", StringComparison.Ordinal))
        {
            return ("uninstalling", Unknown);
        }

        if (s.StartsWith("upgrading", StringComparison.Ordinal) || s.StartsWith("applyingenv", StringComparison.Ordinal))
        {
            return ("upgrading", Unknown);
        }

        // installing, initializing, resuming and their cancel steps.
        return ("installing", Unknown);
    }
}
