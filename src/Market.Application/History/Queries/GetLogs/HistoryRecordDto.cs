using System.Text.Json.Serialization;

namespace Market.Application.History.Queries.GetLogs;

/// <summary>One audit record; <c>time</c> in Unix seconds, <c>extended</c> a JSON string.</summary>
public sealed record HistoryRecordDto(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("time")] long Time,
    [property: JsonPropertyName("app")] string App,
    [property: JsonPropertyName("account")] string Account,
    [property: JsonPropertyName("extended")] string Extended);

/// <summary>The page <c>GET /logs</c> answers.</summary>
public sealed record LogsPageDto(
    [property: JsonPropertyName("records")] IReadOnlyList<HistoryRecordDto> Records,
    [property: JsonPropertyName("total_count")] int TotalCount,
    [property: JsonPropertyName("start")] int Start,
    [property: JsonPropertyName("size")] int Size,
    [property: JsonPropertyName("requested_size")] int RequestedSize);
