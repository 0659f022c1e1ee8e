using System.Globalization;
using System.Text.Json;
using Market.Domain.Apps;

namespace Market.Application.Apps.Models;

/// <summary>UserApp → the wire state item. The single mapping used by /market/data, /market/state and the pushes.</summary>
public static class AppStateMapper
{
    private static readonly JsonSerializerOptions EntranceJson = new() { PropertyNameCaseInsensitive = true };

    public static AppStateDto ToDto(this UserApp app)
    {
        var time = FormatTime(app.StateTime);
        return new AppStateDto
        {
            Version = app.InstalledVersion,
            Status = new AppStatusDto
            {
                Name = app.AppName,
                RawAppName = app.RawAppName,
                AppId = NullIfEmpty(app.AppId),
                Owner = NullIfEmpty(app.UserId),
                Icon = NullIfEmpty(app.Icon),
                Source = NullIfEmpty(app.SourceId),
                Title = app.Title,
                State = app.State,
                UpdateTime = time,
                StatusTime = time,
                LastTransitionTime = time,
                Progress = NullIfEmpty(app.Progress),
                OpType = NullIfEmpty(app.OpType),
                Message = NullIfEmpty(app.Message),
                Reason = NullIfEmpty(app.Reason),
                EntranceStatuses = ReadEntrances(app.EntranceStatusesJson),
            },
        };
    }

    public static IReadOnlyList<EntranceStatusDto> ReadEntrances(string json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<EntranceStatusDto>>(json, EntranceJson) ?? [];

    public static string WriteEntrances(IEnumerable<EntranceStatusDto> entrances) => JsonSerializer.Serialize(entrances);

    /// <summary>RFC 3339 at seconds precision in UTC, or "" for no time.</summary>
    public static string FormatTime(DateTime time) =>
        time == default ? string.Empty : time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
