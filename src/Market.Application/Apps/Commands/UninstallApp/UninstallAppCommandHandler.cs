using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Runtime;
using Market.Domain.Apps;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Apps.Commands.UninstallApp;

public sealed class UninstallAppCommandHandler(IMarketDbContext db, OperationStarter starter, OperationResponder responder)
    : ICommandHandler<UninstallAppCommand, OperationAnswer>
{
    public async ValueTask<OperationAnswer> Handle(UninstallAppCommand command, CancellationToken cancellationToken)
    {
        var named = command.Version?.Trim() ?? string.Empty;
        var app = await db.UserApps.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == command.User && a.AppName == command.AppName, cancellationToken)
            ?? throw new NotFoundException(named.Length > 0 ? $"App {command.AppName} version {named} is not installed" : $"App {command.AppName} is not installed");
        var version = named.Length > 0 ? named : app.InstalledVersion;
        if (version.Length == 0)
        {
            throw new NotFoundException($"App {command.AppName} is not installed");
        }

        app.EnsureInstalledVersion(version);
        var request = new TaskRequest { Source = app.SourceId, Version = version, All = command.All, DeleteData = command.DeleteData };
        var plan = new OperationPlan(command.User, OpType.Uninstall, app.AppName, request, (current, draft) => current.BeginUninstall(version, draft));
        var task = await starter.StartAsync(plan, command.IdempotencyKey, cancellationToken);
        return await responder.AnswerAsync(task, command.Sync, OperationMessages.Uninstall, cancellationToken);
    }
}
