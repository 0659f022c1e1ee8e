using System.Text.Json;
using System.Text.Json.Serialization;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Market.Infrastructure.Persistence.Configurations;

/// <summary>
/// <see cref="AppTask.Timeline"/> and <see cref="AppTask.Failure"/> as JSON columns of the task's own row: they are
/// read and written with the task, never queried on their own, so a second table would only add joins to every claim.
/// </summary>
internal static class TaskTimelineJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static ValueComparer<IReadOnlyList<TaskStep>> StepsComparer { get; } = new(
        (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
        list => list.Aggregate(0, (hash, s) => HashCode.Combine(hash, s.GetHashCode())),
        list => list.ToList());
}

internal sealed class TaskTimelineJsonConverter() : ValueConverter<IReadOnlyList<TaskStep>, string>(
    steps => JsonSerializer.Serialize(steps, TaskTimelineJson.Options),
    json => Read(json))
{
    private static IReadOnlyList<TaskStep> Read(string json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<TaskStep>>(json, TaskTimelineJson.Options) ?? [];
}

internal sealed class TaskFailureJsonConverter() : ValueConverter<TaskFailure?, string?>(
    failure => failure == null ? null : JsonSerializer.Serialize(failure, TaskTimelineJson.Options),
    json => string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<TaskFailure>(json, TaskTimelineJson.Options));
