using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Packages.Commands.UploadAppPackage;
using Market.Application.Payments.Commands.SetAppPrice;
using Market.Domain.Sources;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Packages;

/// <summary>
/// Fills the local source <c>demo</c> at start, as the last step of <see cref="Persistence.DatabaseInitializer"/> (when <c>Market:Demo:Enabled</c>) from the sample charts:
/// every folder of <c>samples/charts/</c> that holds a <c>Chart.yaml</c> is packed into a <c>.tgz</c> and
/// sent through the upload use case as the owner <c>""</c> (visible to everybody). A folder named
/// <c>&lt;app&gt;-&lt;version&gt;</c> is an earlier version of <c>&lt;app&gt;</c> (chart names have no hyphen). Unchanged charts change
/// nothing, so a restart re-imports without writes or events.
/// </summary>
internal sealed partial class DemoChartsImporter(
    IServiceScopeFactory scopes,
    IHotStateStore hotState,
    IOptions<DemoOptions> demo,
    IHostEnvironment environment,
    ILogger<DemoChartsImporter> logger)
{
    private static readonly TimeSpan LockTime = TimeSpan.FromMinutes(2);

    public async Task ImportAsync(CancellationToken cancellationToken)
    {
        if (!demo.Value.Enabled)
        {
            return;
        }

        var folder = FindChartsFolder();
        if (folder is null)
        {
            LogNoSamples(logger);
            return;
        }

        // One replica imports; the others find the result in the shared database.
        var owner = Guid.NewGuid().ToString("N");
        if (!await hotState.TryAcquireLockAsync(HotStateKeys.DemoImportLock, owner, LockTime, cancellationToken))
        {
            return;
        }

        try
        {
            await ImportFolderAsync(folder, cancellationToken);
        }
        finally
        {
            await hotState.ReleaseLockAsync(HotStateKeys.DemoImportLock, owner, CancellationToken.None);
        }
    }

    private async Task ImportFolderAsync(string folder, CancellationToken cancellationToken)
    {
        var charts = Directory.EnumerateDirectories(folder)
            .Where(d => File.Exists(Path.Combine(d, "Chart.yaml")))
            .OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal);
        var imported = 0;
        foreach (var chartFolder in charts)
        {
            var folderName = Path.GetFileName(chartFolder);
            var chartName = folderName.Split('-')[0];
            try
            {
                var bytes = await ChartFolderPacker.PackAsync(chartFolder, chartName, cancellationToken);
                await using var scope = scopes.CreateAsyncScope();
                var sender = scope.ServiceProvider.GetRequiredService<ISender>();
                await sender.Send(
                    new UploadAppPackageCommand(string.Empty, MarketSource.DemoId, $"{folderName}.tgz", bytes.Length, () => new MemoryStream(bytes, writable: false)),
                    cancellationToken);
                await ApplyPriceAsync(sender, folder, folderName, chartName, cancellationToken);
                imported++;
            }
            catch (MarketException ex)
            {
                LogChartRejected(logger, folderName, ex.Message);
            }
        }

        LogImported(logger, imported, folder);
    }

    /// <summary>A paid sample ships its price config beside the chart as <c>&lt;folder&gt;.price.json</c> (manifests carry no price).</summary>
    private static async Task ApplyPriceAsync(ISender sender, string folder, string folderName, string chartName, CancellationToken cancellationToken)
    {
        var priceFile = Path.Combine(folder, folderName + ".price.json");
        if (File.Exists(priceFile))
        {
            await sender.Send(new SetAppPriceCommand(MarketSource.DemoId, chartName, await File.ReadAllTextAsync(priceFile, cancellationToken)), cancellationToken);
        }
    }

    /// <summary><c>Market:Demo:ChartsPath</c>, else <c>samples/charts</c> beside the binary, else up from the content root.</summary>
    private string? FindChartsFolder()
    {
        if (!string.IsNullOrWhiteSpace(demo.Value.ChartsPath))
        {
            var configured = Path.GetFullPath(demo.Value.ChartsPath, environment.ContentRootPath);
            return Directory.Exists(configured) ? configured : null;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "samples", "charts");
        if (Directory.Exists(beside))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(environment.ContentRootPath); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "charts");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo catalog enabled but no samples/charts folder was found; set Market:Demo:ChartsPath")]
    private static partial void LogNoSamples(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sample chart {Chart} was not imported: {Reason}")]
    private static partial void LogChartRejected(ILogger logger, string chart, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo catalog: {Count} sample charts checked from {Folder}")]
    private static partial void LogImported(ILogger logger, int count, string folder);
}
