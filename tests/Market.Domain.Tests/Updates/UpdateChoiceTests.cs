using Market.Domain.Common;
using Market.Domain.Updates;

namespace Market.Domain.Tests.Updates;

public sealed class UpdateChoiceTests
{
    private static readonly DateTime Now = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Test]
    public void Skipping_names_one_release_and_says_whether_anything_changed()
    {
        var choice = new UpdatePreference("una", "ledger", Now);

        Assert.That(choice.Skip("1.2.0", Now.AddMinutes(1)), Is.True);
        Assert.That(choice.Skip("1.2.0", Now.AddMinutes(2)), Is.False, "the same skip again changes nothing");
        Assert.That((choice.Skips("1.2.0"), choice.Skips("1.1.0"), choice.Skips("1.3.0")), Is.EqualTo((true, false, false)), "a newer release is offered again");
        Assert.That(choice.UpdatedAt, Is.EqualTo(Now.AddMinutes(1)));
        Assert.That(choice.Skip(string.Empty, Now), Is.True);
        Assert.That(choice.SkippedVersion, Is.Null, "an empty version clears the skip");
    }

    [Test]
    public void Only_a_semantic_version_can_be_skipped()
    {
        var choice = new UpdatePreference("una", "ledger", Now);

        var error = Assert.Throws<DomainException>(() => choice.Skip("latest", Now));

        Assert.That((error!.Kind, error.Message), Is.EqualTo((DomainErrorKind.Invalid, "version 'latest' is not a semantic version")));
        Assert.That(choice.SkippedVersion, Is.Null);
    }

    [Test]
    public void Holding_twice_changes_nothing_the_second_time()
    {
        var choice = new UpdatePreference("una", "ledger", Now);

        Assert.That((choice.Hold(true, Now), choice.Hold(true, Now), choice.Held), Is.EqualTo((true, false, true)));
        Assert.That((choice.Hold(false, Now), choice.Held), Is.EqualTo((true, false)));
    }

    [Test]
    public void A_batch_holds_each_app_once_with_its_task_or_its_reason()
    {
        var batch = UpdateBatch.Open("vera", "key-1", Now);
        batch.Add("alpha", "1.0.0", "2.0.0", "task-1", null);
        batch.Add("ghost", string.Empty, string.Empty, null, "No update is available for app ghost");

        var error = Assert.Throws<DomainException>(() => batch.Add("alpha", "1.0.0", "2.0.0", "task-2", null));

        Assert.That(error!.Kind, Is.EqualTo(DomainErrorKind.Conflict));
        Assert.That(batch.Items, Is.EqualTo(new[]
        {
            new UpdateBatchItem("alpha", "1.0.0", "2.0.0", "task-1", null),
            new UpdateBatchItem("ghost", string.Empty, string.Empty, null, "No update is available for app ghost"),
        }));
        Assert.That(batch.IdempotencyKey, Is.EqualTo("key-1"));
    }
}
