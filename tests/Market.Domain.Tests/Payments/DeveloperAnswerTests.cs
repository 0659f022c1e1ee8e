using Market.Domain.Payments;

namespace Market.Domain.Tests.Payments;

/// <summary>How ActivateAndGrant answers are read (§3.7).</summary>
public sealed class DeveloperAnswerTests
{
    [TestCase(0L, true, null, VcAnswerKind.Granted)]
    [TestCase(null, true, null, VcAnswerKind.Granted)]
    [TestCase(0L, false, null, VcAnswerKind.NoRecord)]
    [TestCase(null, false, null, VcAnswerKind.NoRecord)]
    [TestCase(1100L, false, null, VcAnswerKind.NeedResign)]
    [TestCase(1101L, false, null, VcAnswerKind.NeedResign)]
    [TestCase(1604L, false, null, VcAnswerKind.NeedResign)]
    [TestCase(1501L, false, null, VcAnswerKind.NoRecord)]
    [TestCase(1502L, false, null, VcAnswerKind.NoRecord)]
    [TestCase(42L, true, null, VcAnswerKind.NoRecord)]
    [TestCase(-1L, false, "record not found", VcAnswerKind.NoRecord)]
    [TestCase(-1L, false, "signature verification FAILED", VcAnswerKind.NeedResign)]
    [TestCase(-1L, false, "token expired", VcAnswerKind.NeedResign)]
    [TestCase(-1L, false, "boom", VcAnswerKind.NoRecord)]
    [TestCase(-1L, true, "whatever", VcAnswerKind.Granted)]
    public void Classify(long? code, bool hasVc, string? error, VcAnswerKind expected) =>
        Assert.That(DeveloperAnswer.Classify(code, hasVc, error), Is.EqualTo(expected));
}
