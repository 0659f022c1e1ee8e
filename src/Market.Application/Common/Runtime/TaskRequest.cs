using System.Text.Json;
using System.Text.Json.Serialization;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Domain.Tasks;

namespace Market.Application.Common.Runtime;

/// <summary>
/// The request of a task as stored in <c>app_tasks.request</c>: everything needed to submit it again
/// after a restart, except secret env values (sealed apart by <see cref="Tasks.Engine.TaskSecretVault"/>). No tokens,
/// and no domain facts (the prior state and the canceled task are columns of the task). Built once by the use
/// case, immutable, written once and read back by the engine.
/// </summary>
public sealed record TaskRequest
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    [JsonPropertyName("source")]
    public string Source { get; init; } = string.Empty;

    [JsonPropertyName("version")]
    public string Version { get; init; } = string.Empty;

    [JsonPropertyName("title")]
    public string Title { get; init; } = string.Empty;

    [JsonPropertyName("cfg_type")]
    public string CfgType { get; init; } = "app";

    [JsonPropertyName("request_hash")]
    public string RequestHash { get; init; } = string.Empty;

    [JsonPropertyName("envs")]
    public IReadOnlyList<StoredEnv> Envs { get; init; } = [];

    [JsonPropertyName("entrances")]
    public IReadOnlyList<StoredEntrance> Entrances { get; init; } = [];

    [JsonPropertyName("declared_envs")]
    public IReadOnlyList<StoredDeclaredEnv> DeclaredEnvs { get; init; } = [];

    [JsonPropertyName("all")]
    public bool All { get; init; }

    [JsonPropertyName("delete_data")]
    public bool DeleteData { get; init; }

    /// <summary>Install and clone: the compute mode chosen by the user (not a secret).</summary>
    [JsonPropertyName("selected_gpu_type")]
    public string? SelectedGpuType { get; init; }

    /// <summary>Install and clone: the compute modes the manifest declares.</summary>
    [JsonPropertyName("compute_modes")]
    public IReadOnlyList<string>? ComputeModes { get; init; }

    /// <summary>Resume: the devices to bind the app to.</summary>
    [JsonPropertyName("compute_binding")]
    public IReadOnlyList<ComputeBinding>? ComputeBinding { get; init; }

    [JsonIgnore]
    public bool HasSecrets => Envs.Any(e => e.Secret);

    /// <summary>Splits envs into what may be stored and the secret values that may not (<see cref="SecretEnvs"/>).</summary>
    public static (List<StoredEnv> Stored, Dictionary<string, string> Secrets) SplitEnvs(IEnumerable<AppEnv> envs, IReadOnlyList<DeclaredEnv> declared)
    {
        var stored = new List<StoredEnv>();
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var env in envs)
        {
            var type = declared.FirstOrDefault(d => d.EnvName == env.EnvName)?.Type ?? string.Empty;
            var secret = env.Value.Length > 0 && SecretEnvs.IsSecret(env.EnvName, type);
            if (secret)
            {
                secrets[env.EnvName] = env.Value;
            }

            stored.Add(new StoredEnv
            {
                EnvName = env.EnvName,
                Value = secret || env.Value.Length == 0 ? null : env.Value,
                ValueFrom = env.ValueFrom is null ? null : new StoredEnvRef { EnvName = env.ValueFrom.EnvName },
                Secret = secret,
            });
        }

        return (stored, secrets);
    }

    public static TaskRequest Read(string json) =>
        string.IsNullOrWhiteSpace(json) ? new TaskRequest() : JsonSerializer.Deserialize<TaskRequest>(json, Json) ?? new TaskRequest();

    public string Write() => JsonSerializer.Serialize(this, Json);

    /// <summary>Stored envs alone, as a rollback point keeps them (secret values are never in them).</summary>
    public static string WriteEnvs(IReadOnlyList<StoredEnv> envs) => JsonSerializer.Serialize(envs, Json);

    public static IReadOnlyList<StoredEnv> ReadEnvs(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<StoredEnv>>(json, Json) ?? [];

    /// <summary>The runtime's view of the task; secret values come from the vault (null when they are gone).</summary>
    public RuntimeOperation ToOperation(AppTask task, IReadOnlyDictionary<string, string>? secrets, string? targetOperationId) => new()
    {
        TaskId = task.Id,
        Type = task.Type == OpType.Rollback ? OpType.Upgrade : task.Type, // the runtime only knows upgrades; a rollback is one, to the previous version
        User = task.UserId,
        AppName = task.AppName,
        Source = Source.Length > 0 ? Source : task.SourceId,
        Version = Version.Length > 0 ? Version : task.Version,
        RawAppName = task.RawAppName,
        Chart = task.Chart,
        RequestHash = RequestHash,
        Title = Title,
        CfgType = CfgType,
        Envs = Envs.Select(e => new AppEnv(
            e.EnvName,
            e.Secret ? (secrets is not null && secrets.TryGetValue(e.EnvName, out var v) ? v : string.Empty) : e.Value ?? string.Empty,
            e.ValueFrom is null ? null : new AppEnvRef(e.ValueFrom.EnvName ?? string.Empty))).ToList(),
        Entrances = Entrances.Select(e => new CloneEntrance(e.Name, e.Title)).ToList(),
        DeclaredEnvs = DeclaredEnvs.Select(d => new DeclaredEnv(d.EnvName, d.Type, d.Required, d.HasDefault, d.HasValueFrom)).ToList(),
        All = All,
        DeleteData = DeleteData,
        SelectedGpuType = SelectedGpuType ?? string.Empty,
        ComputeModes = ComputeModes ?? [],
        ComputeBinding = ComputeBinding ?? [],
        TargetOperationId = targetOperationId,
        StartedAt = task.StartedAt ?? task.CreatedAt,
    };
}

/// <summary>A stored env: the value is absent when it was secret (<see cref="Secret"/>) or empty.</summary>
public sealed record StoredEnv
{
    [JsonPropertyName("envName")]
    public string EnvName { get; init; } = string.Empty;

    [JsonPropertyName("value")]
    public string? Value { get; init; }

    [JsonPropertyName("valueFrom")]
    public StoredEnvRef? ValueFrom { get; init; }

    [JsonPropertyName("secret")]
    public bool Secret { get; init; }
}

public sealed record StoredEnvRef
{
    [JsonPropertyName("envName")]
    public string? EnvName { get; init; }
}

public sealed record StoredEntrance
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    [JsonPropertyName("title")]
    public string Title { get; init; } = string.Empty;
}

public sealed record StoredDeclaredEnv
{
    [JsonPropertyName("envName")]
    public string EnvName { get; init; } = string.Empty;

    [JsonPropertyName("type")]
    public string Type { get; init; } = string.Empty;

    [JsonPropertyName("required")]
    public bool Required { get; init; }

    [JsonPropertyName("hasDefault")]
    public bool HasDefault { get; init; }

    [JsonPropertyName("hasValueFrom")]
    public bool HasValueFrom { get; init; }

    public static StoredDeclaredEnv From(DeclaredEnv env) => new()
    {
        EnvName = env.EnvName,
        Type = env.Type,
        Required = env.Required,
        HasDefault = env.HasDefault,
        HasValueFrom = env.HasValueFrom,
    };
}
