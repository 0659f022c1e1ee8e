namespace Market.Application.Runtime.Models;

/// <summary>Component status words of the runtime view.</summary>
public static class ComponentStates
{
    public const string Running = "running";
    public const string Stopped = "stopped";
    public const string Degraded = "degraded";
    public const string Error = "error";
}

/// <summary>One component's health as an adapter measured it (the handler stamps the check time).</summary>
public sealed record ProbedComponent(string Name, bool Healthy, string Status, IReadOnlyDictionary<string, object?> Metrics, string? Message = null);
