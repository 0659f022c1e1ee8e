using System.Text.Json.Nodes;

namespace Market.Application.Common.Runtime;

/// <summary>
/// app-service's 422 failed checks that ask the user for a compute choice (newer-clients §5): the client
/// reads <c>data.backend_response.data.{type, Data}</c>, shows a picker and retries, so these reach the
/// caller with their details and a 4xx status, never as a bare 500.
/// </summary>
public static class ComputeFailedChecks
{
    /// <summary>Install/clone without <c>selectedGpuType</c> while several modes are runnable; <c>Data</c> lists the plans.</summary>
    public const string ModeSelect = "computeModeSelect";

    /// <summary>Resume needs a device binding the first time.</summary>
    public const string BindingRequired = "computeBindingRequired";

    /// <summary>Resume: the stored binding no longer fits.</summary>
    public const string BindingUnavailable = "computeBindingUnavailable";

    private static readonly HashSet<string> Types = new(StringComparer.Ordinal) { ModeSelect, BindingRequired, BindingUnavailable };

    /// <summary>True when a runtime <c>backend_response</c> (<c>{code, message, data:{type, Data}}</c>) is one of these checks.</summary>
    public static bool IsFailedCheck(JsonNode? backendResponse) =>
        backendResponse is JsonObject response && response["data"] is JsonObject data
        && data["type"] is JsonValue type && type.TryGetValue<string>(out var name) && Types.Contains(name);
}
