using Market.Application.Common.Behaviours;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Tests.Infrastructure;
using Market.Domain.Payments;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Tests.Common;

/// <summary>A lost create race, as the database reports it: the unit of work runs the handler again, which then finds the winner's row.</summary>
public sealed class UnitOfWorkBehaviourTests
{
    private static readonly DateTime Now = new(2026, 12, 8, 0, 0, 0, DateTimeKind.Utc);

    [Test]
    public async Task A_row_another_writer_created_first_makes_the_handler_run_again_and_read_it()
    {
        using var database = new TestDatabase();
        await using (var winner = database.CreateContext())
        {
            winner.PaymentKeys.Add(new PaymentKey(PaymentKey.CallbackTicket, "winner", Now));
            await winner.SaveChangesAsync();
        }

        await using var db = database.CreateContext();
        var runs = 0;
        var behaviour = new UnitOfWorkBehaviour<CreateKey, string>(db);

        var value = await behaviour.Handle(new CreateKey(), async (_, ct) =>
        {
            // The first run read before the winner committed (it saw nothing); the second reads what is stored now.
            if (++runs > 1 && await db.PaymentKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Name == PaymentKey.CallbackTicket, ct) is { } stored)
            {
                return stored.Value;
            }

            db.PaymentKeys.Add(new PaymentKey(PaymentKey.CallbackTicket, "loser", Now));
            await db.SaveChangesAsync(ct);
            return "loser";
        }, CancellationToken.None);

        Assert.That((value, runs), Is.EqualTo(("winner", 2)));
        Assert.That(await db.PaymentKeys.AsNoTracking().Select(k => k.Value).ToListAsync(), Is.EqualTo(new[] { "winner" }));
    }

    [Test]
    public void A_duplicate_outside_a_retrying_command_reaches_the_caller_as_a_duplicate()
    {
        using var database = new TestDatabase();
        using var db = database.CreateContext();
        db.PaymentKeys.Add(new PaymentKey("k", "a", Now));
        db.SaveChanges();
        db.ChangeTracker.Clear();

        db.PaymentKeys.Add(new PaymentKey("k", "b", Now));

        Assert.ThrowsAsync<DuplicateRowException>(() => ((IMarketDbContext)db).SaveChangesAsync(CancellationToken.None));
    }

    private sealed record CreateKey : ICommand<string>, IRetryOnConflict;
}
