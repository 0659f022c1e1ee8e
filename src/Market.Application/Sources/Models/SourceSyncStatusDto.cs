using System.Text.Json.Serialization;

namespace Market.Application.Sources.Models;

/// <summary>
/// Health of one remote source's sync, for the runtime views. Kept in hot state (so that an unchanged
/// sync writes nothing to the database) and completed from the stored snapshot.
/// </summary>
public sealed record SourceSyncStatusDto
{
    [JsonPropertyName("source_id")]
    public string SourceId { get; init; } = string.Empty;

    /// <summary><c>ok</c>, <c>stale</c>, <c>unreachable</c> or <c>invalid</c> (<see cref="Market.Domain.Sources.SourceHealth"/>); set when read.</summary>
    [JsonPropertyName("status")]
    public string Status { get; init; } = string.Empty;

    [JsonPropertyName("base_url")]
    public string BaseUrl { get; init; } = string.Empty;

    [JsonPropertyName("hash")]
    public string Hash { get; init; } = string.Empty;

    [JsonPropertyName("version")]
    public string Version { get; init; } = string.Empty;

    /// <summary>The protocol the source answered at its last stored sync, <c>v1</c> or <c>v2</c> (ADR 0011); null before one.</summary>
    [JsonPropertyName("protocol")]
    public string? Protocol { get; init; }

    [JsonPropertyName("app_count")]
    public int AppCount { get; init; }

    [JsonPropertyName("last_sync_at")]
    public DateTime? LastSyncAt { get; init; }

    [JsonPropertyName("last_success_at")]
    public DateTime? LastSuccessAt { get; init; }

    [JsonPropertyName("last_error")]
    public string? LastError { get; init; }

    /// <summary>Null after a success; <c>unreachable</c>, <c>invalid</c> or <c>partial</c> after a failure.</summary>
    [JsonPropertyName("last_error_kind")]
    public string? LastErrorKind { get; init; }

    /// <summary>Apps the source lists that its catalog holds back, with the reason; set when read.</summary>
    [JsonPropertyName("held_back")]
    public IReadOnlyList<HeldBackAppDto> HeldBack { get; init; } = [];

    /// <summary>How long the last cycle took.</summary>
    [JsonPropertyName("last_duration_ms")]
    public long LastDurationMs { get; init; }

    /// <summary>What the last cycle did: <c>updated</c>, <c>unchanged</c>, <c>no_changes</c>, <c>partial</c> or <c>failed</c>;
    /// <c>never</c> before the first sync, <c>unknown</c> when only the stored snapshot is left (hot state flushed).</summary>
    [JsonPropertyName("last_outcome")]
    public string LastOutcome { get; init; } = string.Empty;
}
