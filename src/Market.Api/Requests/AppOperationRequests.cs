using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Market.Application.Apps.Commands.CancelInstall;
using Market.Application.Apps.Commands.RollbackApp;
using Market.Application.Apps.Commands.UninstallApp;
using Market.Application.Apps.Models;
using Market.Application.Common.Interfaces;

namespace Market.Api.Requests;

/// <summary>Body of <c>POST /apps/{id}/install</c> and <c>PUT /apps/{id}/upgrade</c>; 1.12.6+ install adds <c>selectedGpuType</c>.</summary>
public sealed record InstallAppRequest(
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("app_name")] string? AppName,
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("sync")] bool? Sync,
    [property: JsonPropertyName("envs")] List<EnvVarDto>? Envs,
    [property: JsonPropertyName("selectedGpuType")] string? SelectedGpuType = null);

/// <summary>Body of <c>POST /apps/{id}/clone</c>; 1.12.6+ adds <c>selectedGpuType</c> and, for template apps, <c>templateClone</c>.</summary>
public sealed record CloneAppRequest(
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("app_name")] string? AppName,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("sync")] bool? Sync,
    [property: JsonPropertyName("envs")] List<EnvVarDto>? Envs,
    [property: JsonPropertyName("entrances")] List<CloneEntranceDto>? Entrances,
    [property: JsonPropertyName("selectedGpuType")] string? SelectedGpuType = null,
    [property: JsonPropertyName("templateClone")] bool? TemplateClone = null);

/// <summary>Body of <c>POST /apps/open</c>.</summary>
public sealed record OpenAppRequest([property: JsonPropertyName("id")] string? Id);

/// <summary>
/// Body of <c>POST /apps/resume</c>, <c>POST /apps/stop</c> and <c>POST /apps/restart</c>: CLI 1.12.5 sends <c>appName</c>,
/// 1.12.6 <c>app_name</c> + <c>source</c> (stop adds <c>all</c>, resume and restart <c>computeBinding</c>).
/// </summary>
public sealed record AppControlRequest(
    [property: JsonPropertyName("appName")] string? AppName,
    [property: JsonPropertyName("app_name")] string? AppNameSnake,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("all")] bool? All,
    [property: JsonPropertyName("computeBinding")] List<ComputeBinding>? ComputeBinding = null)
{
    public string? Name => string.IsNullOrEmpty(AppName) ? AppNameSnake : AppName;
}

/// <summary>
/// Cancel and uninstall read their optional body loosely, like the original: a body that is missing,
/// not JSON, or has a value of the wrong type is treated as if that value were absent.
/// </summary>
public static class LooseBodies
{
    public static CancelInstallCommand Cancel(string user, string appName, JsonObject? body, string? idempotencyKey) =>
        new(user, appName, Flag(body, "sync"), idempotencyKey, IsNewerShape(body), Text(body, "app_name"));

    public static UninstallAppCommand Uninstall(string user, string appName, JsonObject? body, string? idempotencyKey) =>
        new(user, appName, Text(body, "version")?.Trim(), Flag(body, "all"), Flag(body, "deleteData"), Flag(body, "sync"), idempotencyKey,
            VersionOptional: IsNewerShape(body));

    /// <summary><c>POST /apps/{name}/rollback</c>: an optional <c>{sync}</c>.</summary>
    public static RollbackAppCommand Rollback(string user, string appName, JsonObject? body, string? idempotencyKey) =>
        new(user, appName, Flag(body, "sync"), idempotencyKey);

    /// <summary>1.12.6+ clients send the common base body <c>{app_name, source, …}</c>; the original's bodies carry neither key.</summary>
    private static bool IsNewerShape(JsonObject? body) => Find(body, "app_name") is not null || Find(body, "source") is not null;

    private static JsonNode? Find(JsonObject? body, string key) =>
        body?.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    private static bool Flag(JsonObject? body, string key) =>
        Find(body, key) is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    private static string? Text(JsonObject? body, string key) =>
        Find(body, key) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
