using Market.Application.Common.Options;
using Market.Application.Common.Interfaces;
using System.Security.Cryptography;
using Market.Application.Common.Exceptions;
using Market.Application.Packages.Commands.UploadAppPackage;
using Market.Domain.Preinstall;
using Market.Domain.Sources;
using Mediator;

namespace Market.Application.Preinstall.Commands.RunPreinstall;

/// <summary>
/// The local charts of a declaration: checked against their declared sha256 before anything of the file is
/// installed, and imported through the upload use case as packages of nobody in the <c>upload</c> source
/// (importing the same bytes again changes nothing), from where every user can install them.
/// </summary>
public sealed class LocalChartImport(IPreinstallFolder folder, ISender sender)
{
    public async Task<List<string>> CheckChecksumsAsync(PreinstallDeclaration declaration, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var app in declaration.Apps.Where(a => a.IsLocal))
        {
            await using var chart = folder.OpenPayload(app.Chart!);
            if (chart is null)
            {
                errors.Add($"{app.AppName}: chart {app.Chart} is missing");
                continue;
            }

            var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(chart, cancellationToken));
            if (actual != app.ChartSha256)
            {
                errors.Add($"{app.AppName}: chart {app.Chart} has sha256 {actual}, not the declared {app.ChartSha256}");
            }
        }

        return errors;
    }

    public async Task<ChartTarget> ImportAsync(PreinstallApp app, CancellationToken cancellationToken)
    {
        byte[] bytes;
        await using (var chart = folder.OpenPayload(app.Chart!))
        {
            if (chart is null)
            {
                return new ChartTarget(MarketSource.UploadId, null, $"chart {app.Chart} is missing");
            }

            using var copy = new MemoryStream();
            await chart.CopyToAsync(copy, cancellationToken);
            bytes = copy.ToArray();
        }

        try
        {
            var uploaded = await sender.Send(
                new UploadAppPackageCommand(string.Empty, MarketSource.UploadId, Path.GetFileName(app.Chart!), bytes.Length, () => new MemoryStream(bytes, writable: false)),
                cancellationToken);
            var info = uploaded.AppInfo;
            return info.Name != app.AppName || info.Version != app.Version
                ? new ChartTarget(MarketSource.UploadId, null, $"chart {app.Chart} is {info.Name} {info.Version}, not the declared {app.AppName} {app.Version}")
                : new ChartTarget(MarketSource.UploadId, info.Version, null);
        }
        catch (MarketException ex)
        {
            return new ChartTarget(MarketSource.UploadId, null, $"chart {app.Chart} cannot be imported: {ex.Message}");
        }
    }
}
