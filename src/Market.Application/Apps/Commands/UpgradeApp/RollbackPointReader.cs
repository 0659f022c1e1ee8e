using Market.Application.Apps.Operations;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Runtime;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Apps.Commands.UpgradeApp;

/// <summary>
/// What an upgrade records to go back (issue 19 §4): the chart and envs of the operation that installed the version
/// running now (the last completed install, clone, upgrade or rollback of the app at that version). Its secret values
/// stay sealed as they were kept; a remote chart's digest is fetched now if it was not known.
/// </summary>
public sealed class RollbackPointReader(IMarketDbContext db, ChartReferences charts)
{
    private static readonly OpType[] ChartTypes = [OpType.Install, OpType.Clone, OpType.Upgrade, OpType.Rollback];

    /// <returns>Null when no such operation recorded its chart (installed before rollback points existed).</returns>
    public async Task<RollbackPoint?> ForAsync(UserApp installed, CancellationToken cancellationToken)
    {
        var last = await db.AppTasks.AsNoTracking()
            .Where(t => t.UserId == installed.UserId && t.AppName == installed.AppName && t.Status == AppTaskStatus.Completed && ChartTypes.Contains(t.Type))
            .OrderByDescending(t => t.FinishedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (last?.Chart is not { } chart || last.Version != installed.InstalledVersion)
        {
            return null;
        }

        chart = await charts.WithDigestAsync(chart, installed.UserId, installed.SourceId, installed.ChartName, installed.InstalledVersion, cancellationToken);
        var envs = TaskRequest.WriteEnvs(TaskRequest.Read(last.RequestJson).Envs);
        return new RollbackPoint(installed.InstalledVersion, installed.SourceId, chart, envs, last.SealedEnvs);
    }
}
