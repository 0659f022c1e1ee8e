using Market.Domain.History;

namespace Market.Domain.Tests.History;

public sealed class HistoryRecordTests
{
    [TestCase("")]
    [TestCase(null)]
    public void A_record_needs_an_account(string? account)
    {
        var error = Assert.Throws<ArgumentException>(() => new HistoryRecord(HistoryTypes.System, "m", 1, "market", account!, ""));

        Assert.That(error!.Message, Does.StartWith("account field cannot be empty"));
    }

    [Test]
    public void A_record_keeps_what_it_was_given()
    {
        var record = new HistoryRecord(HistoryTypes.ActionInstall, "install firefox", 1_700_000_000, "firefox", "alice", """{"task_id":"t1"}""");

        Assert.Multiple(() =>
        {
            Assert.That(record.Type, Is.EqualTo("ACTION_INSTALL"));
            Assert.That(record.Message, Is.EqualTo("install firefox"));
            Assert.That(record.Time, Is.EqualTo(1_700_000_000));
            Assert.That(record.App, Is.EqualTo("firefox"));
            Assert.That(record.Account, Is.EqualTo("alice"));
            Assert.That(record.Extended, Is.EqualTo("""{"task_id":"t1"}"""));
        });
    }
}
