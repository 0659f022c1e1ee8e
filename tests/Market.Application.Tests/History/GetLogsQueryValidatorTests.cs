using Market.Application.History.Queries.GetLogs;

namespace Market.Application.Tests.History;

public sealed class GetLogsQueryValidatorTests
{
    private readonly GetLogsQueryValidator _validator = new();

    [TestCase("-1", "Invalid start parameter")]
    [TestCase("x", "Invalid start parameter")]
    [TestCase("1.5", "Invalid start parameter")]
    public void Start_must_be_a_non_negative_integer(string start, string message) =>
        Assert.That(FirstError(new GetLogsQuery("alice", start, null, null, null, null, null)), Is.EqualTo(message));

    [TestCase("0")]
    [TestCase("1001")]
    [TestCase("-5")]
    [TestCase("ten")]
    public void Size_must_be_1_to_1000(string size) =>
        Assert.That(FirstError(new GetLogsQuery("alice", null, size, null, null, null, null)), Is.EqualTo("Invalid size parameter (must be 1-1000)"));

    [Test]
    public void Times_must_be_integers()
    {
        Assert.That(FirstError(new GetLogsQuery("alice", null, null, null, null, "yesterday", null)), Is.EqualTo("Invalid start_time parameter"));
        Assert.That(FirstError(new GetLogsQuery("alice", null, null, null, null, null, "1.5")), Is.EqualTo("Invalid end_time parameter"));
    }

    [TestCase(null, null, null, null)]
    [TestCase("", "", "", "")]
    [TestCase("0", "1", "0", "0")]
    [TestCase("5", "1000", "1700000000", "-1")]
    public void Valid_or_absent_values_pass(string? start, string? size, string? startTime, string? endTime) =>
        Assert.That(_validator.Validate(new GetLogsQuery("alice", start, size, null, null, startTime, endTime)).IsValid, Is.True);

    private string? FirstError(GetLogsQuery query) => _validator.Validate(query).Errors.FirstOrDefault()?.ErrorMessage;
}
