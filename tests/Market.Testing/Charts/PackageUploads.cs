using System.Net.Http.Headers;

namespace Market.Testing.Charts;

/// <summary>Calls of the package routes as the web app and the CLI make them.</summary>
public static class PackageUploads
{
    public const string UploadPath = "/app-store/api/v2/apps/upload";

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[] archive, string fileName = "quillnote-1.4.2.tgz", string? source = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(archive);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        form.Add(file, "chart", fileName);
        if (source is not null)
        {
            form.Add(new StringContent(source), "source");
        }

        return client.PostAsync(UploadPath, form);
    }

    public static Task<HttpResponseMessage> DeleteLocalAppAsync(this HttpClient client, string json) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/app-store/api/v2/local-apps/delete")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        });
}
