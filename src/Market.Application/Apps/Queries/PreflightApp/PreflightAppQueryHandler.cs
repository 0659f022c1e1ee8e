using Market.Application.Apps.Operations;
using Market.Application.Common.Exceptions;
using Mediator;

namespace Market.Application.Apps.Queries.PreflightApp;

public sealed class PreflightAppQueryHandler(ChartOperationPreamble preamble, AppPreflight preflight) : IQueryHandler<PreflightAppQuery, PreflightReport>
{
    public async ValueTask<PreflightReport> Handle(PreflightAppQuery query, CancellationToken cancellationToken)
    {
        var version = string.IsNullOrEmpty(query.Version) ? null : query.Version;
        ChartOperation chart;
        try
        {
            chart = await preamble.PrepareAsync(query.User, query.Source!, query.AppName!, version, query.Envs, cancellationToken, gatePurchase: false);
        }
        catch (InstallBlockedException blocked)
        {
            // The catalog's Olares requirement refuses before anything else (an app held back for it is not listed).
            return PreflightReport.Of([AppPreflight.Blocked(blocked)], []);
        }

        var envs = query.Envs?.Select(e => e.ToDomain()).ToList() ?? [];
        return await preflight.CheckAsync(query.User, chart, query.AppName!, envs, query.SelectedGpuType, isClone: false, cancellationToken);
    }
}
