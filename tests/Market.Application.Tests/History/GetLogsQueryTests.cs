using Market.Application.History.Queries.GetLogs;
using Market.Application.Tests.Infrastructure;
using Market.Domain.History;

namespace Market.Application.Tests.History;

public sealed class GetLogsQueryTests
{
    private TestDatabase _database = null!;

    [SetUp]
    public async Task SetUp()
    {
        _database = new TestDatabase();
        await using var db = _database.CreateContext();
        db.HistoryRecords.AddRange(
            new HistoryRecord(HistoryTypes.ActionInstall, "install firefox", 1000, "firefox", "alice", """{"a":1}"""),
            new HistoryRecord(HistoryTypes.ActionUninstall, "uninstall firefox", 2000, "firefox", "alice", ""),
            new HistoryRecord(HistoryTypes.ActionInstall, "install gitea", 3000, "gitea", "alice", ""),
            new HistoryRecord(HistoryTypes.ActionInstall, "install gitea", 4000, "gitea", "bob", ""),
            new HistoryRecord(HistoryTypes.System, "market setup finished", 5000, "market", "system", ""));
        await db.SaveChangesAsync();
    }

    [TearDown]
    public void TearDown() => _database.Dispose();

    [Test]
    public async Task Only_the_callers_records_newest_first_with_defaults()
    {
        var page = await QueryAsync(new GetLogsQuery("alice", null, null, null, null, null, null));

        Assert.That(page.Records.Select(r => r.Time), Is.EqualTo(new long[] { 3000, 2000, 1000 }));
        Assert.That(page.Records.Select(r => r.Account), Is.All.EqualTo("alice"));
        Assert.That((page.TotalCount, page.Start, page.Size, page.RequestedSize), Is.EqualTo((3, 0, 3, 100)));
        var oldest = page.Records[^1];
        Assert.That((oldest.Type, oldest.Message, oldest.App, oldest.Extended), Is.EqualTo(("ACTION_INSTALL", "install firefox", "firefox", """{"a":1}""")));
    }

    [Test]
    public async Task Start_and_size_page_through_the_records()
    {
        var page = await QueryAsync(new GetLogsQuery("alice", "1", "1", null, null, null, null));

        Assert.That(page.Records.Single().Time, Is.EqualTo(2000));
        Assert.That((page.TotalCount, page.Start, page.Size, page.RequestedSize), Is.EqualTo((3, 1, 1, 1)));
    }

    [Test]
    public async Task A_start_past_the_end_gives_an_empty_page_with_the_total()
    {
        var page = await QueryAsync(new GetLogsQuery("alice", "10", null, null, null, null, null));

        Assert.That(page.Records, Is.Empty);
        Assert.That(page.TotalCount, Is.EqualTo(3));
    }

    [Test]
    public async Task Type_and_app_filter_exactly()
    {
        var installs = await QueryAsync(new GetLogsQuery("alice", null, null, "ACTION_INSTALL", null, null, null));
        var firefox = await QueryAsync(new GetLogsQuery("alice", null, null, null, "firefox", null, null));
        var both = await QueryAsync(new GetLogsQuery("alice", null, null, "ACTION_INSTALL", "gitea", null, null));

        Assert.That(installs.Records.Select(r => r.Time), Is.EqualTo(new long[] { 3000, 1000 }));
        Assert.That(firefox.Records.Select(r => r.Time), Is.EqualTo(new long[] { 2000, 1000 }));
        Assert.That(both.Records.Select(r => r.Time), Is.EqualTo(new long[] { 3000 }));
        Assert.That(both.TotalCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Time_bounds_are_inclusive_and_ignored_when_zero()
    {
        var window = await QueryAsync(new GetLogsQuery("alice", null, null, null, null, "2000", "3000"));
        var zero = await QueryAsync(new GetLogsQuery("alice", null, null, null, null, "0", "0"));

        Assert.That(window.Records.Select(r => r.Time), Is.EqualTo(new long[] { 3000, 2000 }));
        Assert.That(zero.TotalCount, Is.EqualTo(3));
    }

    [Test]
    public async Task Another_users_records_stay_hidden_whatever_the_filter()
    {
        var page = await QueryAsync(new GetLogsQuery("alice", null, null, null, "gitea", "3500", null));

        Assert.That(page.Records, Is.Empty, "bob's gitea record at 4000 is not alice's");
        Assert.That(page.TotalCount, Is.Zero);
    }

    private async Task<Application.History.Queries.GetLogs.LogsPageDto> QueryAsync(GetLogsQuery query)
    {
        await using var db = _database.CreateContext();
        return await new GetLogsQueryHandler(db).Handle(query, CancellationToken.None);
    }
}
