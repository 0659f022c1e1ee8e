using Market.Application.History.Commands.PurgeHistory;
using Market.Application.Tests.Infrastructure;
using Market.Domain.History;

namespace Market.Application.Tests.History;

public sealed class PurgeHistoryCommandHandlerTests
{
    [Test]
    public async Task Deletes_records_older_than_one_calendar_month_and_keeps_the_rest()
    {
        var now = new DateTimeOffset(2026, 3, 31, 12, 0, 0, TimeSpan.Zero);
        var cutoff = new DateTimeOffset(2026, 2, 28, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(); // one calendar month back
        using var database = new TestDatabase();
        await using (var db = database.CreateContext())
        {
            db.HistoryRecords.AddRange(
                new HistoryRecord("system", "old", cutoff - 1, "market", "alice", ""),
                new HistoryRecord("system", "edge", cutoff, "market", "alice", ""),
                new HistoryRecord("system", "new", now.ToUnixTimeSeconds(), "market", "bob", ""));
            await db.SaveChangesAsync();
        }

        int deleted;
        await using (var db = database.CreateContext())
        {
            deleted = await new PurgeHistoryCommandHandler(db, new FixedClock(now)).Handle(new PurgeHistoryCommand(), CancellationToken.None);
        }

        Assert.That(deleted, Is.EqualTo(1));
        await using var check = database.CreateContext();
        Assert.That(check.HistoryRecords.Select(r => r.Message).OrderBy(m => m).ToList(), Is.EqualTo(new[] { "edge", "new" }));
    }

    [Test]
    public void The_retention_must_be_at_least_one_month() =>
        Assert.That(new PurgeHistoryCommandValidator().Validate(new PurgeHistoryCommand(0)).Errors.Single().ErrorMessage,
            Is.EqualTo("retention_months: must be between 1 and 120"));
}
