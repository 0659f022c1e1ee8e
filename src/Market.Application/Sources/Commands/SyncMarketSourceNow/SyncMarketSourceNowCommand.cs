using System.Text.Json.Serialization;
using Market.Application.Sources.Models;
using Mediator;

namespace Market.Application.Sources.Commands.SyncMarketSourceNow;

/// <summary>"Sync now" of one remote source (admins only; checked by the API): runs a cycle and answers its outcome.</summary>
public sealed record SyncMarketSourceNowCommand(string SourceId) : ICommand<SourceSyncAnswerDto>;

/// <summary>What one cycle did, and the source's health after it.</summary>
/// <param name="Outcome"><c>updated</c>, <c>unchanged</c>, <c>no_changes</c>, <c>partial</c> or <c>failed</c>.</param>
public sealed record SourceSyncAnswerDto(
    [property: JsonPropertyName("source_id")] string SourceId,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("changed")] bool Changed,
    [property: JsonPropertyName("app_count")] int AppCount,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("health")] SourceSyncStatusDto? Health);
