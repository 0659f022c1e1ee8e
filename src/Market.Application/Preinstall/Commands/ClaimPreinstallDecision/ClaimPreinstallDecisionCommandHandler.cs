using Market.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Preinstall.Commands.ClaimPreinstallDecision;

public sealed class ClaimPreinstallDecisionCommandHandler(IMarketDbContext db) : ICommandHandler<ClaimPreinstallDecisionCommand, bool>
{
    public async ValueTask<bool> Handle(ClaimPreinstallDecisionCommand command, CancellationToken cancellationToken)
    {
        var claim = command.Decision;
        if (await db.PreinstallDecisions.AnyAsync(d => d.Declaration == claim.Declaration && d.AppName == claim.AppName && d.Account == claim.Account, cancellationToken))
        {
            return false; // another replica claimed it first
        }

        db.PreinstallDecisions.Add(claim);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
