using Market.Api.Infrastructure.Envelope;
using Market.Api.Infrastructure.Http;
using Market.Api.Requests;
using Market.Application.Common.Interfaces;
using Market.Application.Packages.Commands.DeleteLocalApp;
using Market.Application.Packages.Commands.UploadAppPackage;
using Market.Application.Packages.Queries.GetAppPackage;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Market.Api.Controllers;

/// <summary>Chart packages of local sources: upload, delete, download.</summary>
public sealed class PackagesController(ISender sender, ICurrentUser user) : ApiControllerBase
{
    [HttpPost("apps/upload")]
    [UploadSizeLimit]
    [ChartUploadForm]
    public async Task<IActionResult> Upload([ModelBinder(typeof(ChartUploadFormBinder))] ChartUploadForm upload, CancellationToken ct) =>
        Envelope("App package uploaded and processed successfully",
            await sender.Send(new UploadAppPackageCommand(user.Name, upload.Source, upload.FileName, upload.Length, upload.Open), ct));

    [HttpDelete("local-apps/delete")]
    [InvalidBodyMessage("Invalid JSON format")]
    public async Task<IActionResult> Delete([FromBody] DeleteLocalAppRequest body, CancellationToken ct) =>
        Envelope("App deleted successfully from upload source",
            await sender.Send(new DeleteLocalAppCommand(user.Name, body.AppName, body.AppVersion, body.Source), ct));

    [HttpGet("apps/{name}/package")]
    public async Task<IActionResult> Download(string name, [FromQuery] string? source, [FromQuery] string? version, CancellationToken ct) =>
        new AttachmentResult(await sender.Send(new GetAppPackageQuery(user.Name, name, source, version), ct));
}
