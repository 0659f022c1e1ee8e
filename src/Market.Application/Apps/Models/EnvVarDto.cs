using System.Text.Json.Serialization;
using Market.Domain.Apps;

namespace Market.Application.Apps.Models;

/// <summary>An env item of install, clone and upgrade bodies: <c>{envName, value, valueFrom:{envName}}</c>.</summary>
public sealed class EnvVarDto
{
    [JsonPropertyName("envName")]
    public string? EnvName { get; init; }

    [JsonPropertyName("value")]
    public string? Value { get; init; }

    [JsonPropertyName("valueFrom")]
    public EnvValueFromDto? ValueFrom { get; init; }

    public AppEnv ToDomain() =>
        new(EnvName?.Trim() ?? string.Empty, Value ?? string.Empty, ValueFrom is null ? null : new AppEnvRef(ValueFrom.EnvName ?? string.Empty));
}

public sealed class EnvValueFromDto
{
    [JsonPropertyName("envName")]
    public string? EnvName { get; init; }
}

/// <summary>A clone's entrance title: <c>{name, title}</c>.</summary>
public sealed class CloneEntranceDto
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("title")]
    public string? Title { get; init; }

    public CloneEntrance ToDomain() => new(Name ?? string.Empty, Title ?? string.Empty);
}
