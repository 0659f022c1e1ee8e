using System.Text.Json.Serialization;

namespace Market.Api.Requests;

/// <summary>Body of <c>DELETE /local-apps/delete</c>.</summary>
public sealed record DeleteLocalAppRequest(
    [property: JsonPropertyName("app_name")] string? AppName,
    [property: JsonPropertyName("app_version")] string? AppVersion,
    [property: JsonPropertyName("source")] string? Source);

/// <summary>The multipart upload of <c>POST /apps/upload</c>: the <c>chart</c> file and the optional <c>source</c>.</summary>
public sealed record ChartUploadForm(string FileName, long Length, Func<Stream> Open, string? Source);
