using System.Text.Json.Serialization;

namespace Market.Application.Packages.Commands.DeleteLocalApp;

/// <summary><c>data</c> of <c>DELETE /local-apps/delete</c>.</summary>
public sealed record DeletedLocalAppDto(
    [property: JsonPropertyName("app_name")] string AppName,
    [property: JsonPropertyName("app_version")] string AppVersion,
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("deleted_at")] long DeletedAt,
    [property: JsonPropertyName("deleted_rows")] int DeletedRows);
