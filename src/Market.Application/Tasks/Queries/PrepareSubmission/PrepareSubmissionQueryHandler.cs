using Market.Application.Common.Interfaces;
using Market.Application.Payments;
using Market.Application.Tasks.Engine;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Tasks.Queries.PrepareSubmission;

/// <summary>
/// The one place where the env values of a submission are assembled: the stored request, the secret values
/// from the vault and, for a purchased app, its <c>VERIFIABLE_CREDENTIAL</c> read from the purchase now (never
/// stored in the task). A cancel names the runtime's operation of the install it cancels.
/// </summary>
public sealed class PrepareSubmissionQueryHandler(IMarketDbContext db, TaskSecretVault vault, IEnumerable<IPurchaseCredentials> credentials)
    : IQueryHandler<PrepareSubmissionQuery, PreparedSubmission>
{
    public const string SecretsLostMessage =
        "secret env values were lost before the operation reached the runtime (the service restarted); please start the operation again";

    public async ValueTask<PreparedSubmission> Handle(PrepareSubmissionQuery query, CancellationToken cancellationToken)
    {
        var (task, request) = (query.Task, query.Request);
        var secrets = request.HasSecrets ? await vault.OpenAsync(db, task.Id, cancellationToken) : null;
        if (request.HasSecrets && secrets is null)
        {
            return new PreparedSubmission(null, SecretsLostMessage);
        }

        string? targetOperationId = null;
        if (task.Type == OpType.Cancel)
        {
            var target = task.CancelsTaskId is null ? null : await db.AppTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == task.CancelsTaskId, cancellationToken);
            if (target is null || TaskStatuses.IsFinal(target.Status))
            {
                return new PreparedSubmission(null, $"No installation of app {task.AppName} is in progress");
            }

            if (target.OperationId is null)
            {
                return new PreparedSubmission(null, WaitForTarget: true);
            }

            targetOperationId = target.OperationId;
        }

        var operation = request.ToOperation(task, secrets, targetOperationId);
        return new PreparedSubmission(credentials.FirstOrDefault() is { } purchases
            ? await PurchaseCredentials.AddToAsync(purchases, operation, cancellationToken)
            : operation);
    }
}
