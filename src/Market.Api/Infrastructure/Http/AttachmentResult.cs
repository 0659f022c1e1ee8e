using Market.Application.Packages.Models;
using Microsoft.AspNetCore.Mvc;

namespace Market.Api.Infrastructure.Http;

/// <summary>Streams a package archive as a download: <c>Content-Disposition: attachment; filename="&lt;name&gt;-&lt;version&gt;.tgz"</c>.</summary>
public sealed class AttachmentResult(PackageDownload download) : IActionResult
{
    public const string GzipContentType = "application/gzip";

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        await using var content = download.Content;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GzipContentType;
        response.ContentLength = content.CanSeek ? content.Length - content.Position : null;
        response.Headers.ContentDisposition = $"attachment; filename=\"{download.FileName}\"";
        await content.CopyToAsync(response.Body, context.HttpContext.RequestAborted);
    }
}
