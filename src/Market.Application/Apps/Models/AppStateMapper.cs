using Market.Domain.Apps;
using Market.Domain.Common;

namespace Market.Application.Apps.Models;

/// <summary>UserApp → the wire state item. The single mapping used by /market/data, /market/state and the pushes.</summary>
public static class AppStateMapper
{
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
                OpType = app.OpType?.ToWire(),
                Message = NullIfEmpty(app.Message),
                Reason = NullIfEmpty(app.Reason),
                EntranceStatuses = app.Entrances.Select(ToDto).ToList(),
            },
        };
    }

    public static EntranceStatusDto ToDto(this AppEntrance entrance) => new()
    {
        Id = entrance.Id,
        Name = entrance.Name,
        Host = entrance.Host,
        Port = entrance.Port,
        Icon = entrance.Icon,
        Title = entrance.Title,
        AuthLevel = entrance.AuthLevel,
        Invisible = entrance.Invisible,
        Url = entrance.Url,
        OpenMethod = entrance.OpenMethod,
        WindowPushState = entrance.WindowPushState,
        Skip = entrance.Skip,
        State = entrance.State,
        StatusTime = entrance.StatusTime,
        Reason = entrance.Reason,
    };

    /// <summary>RFC 3339 at seconds precision in UTC, or "" for no time.</summary>
    public static string FormatTime(DateTime time) => WireTime.Format(time);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
