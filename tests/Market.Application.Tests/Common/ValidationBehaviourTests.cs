using Market.Application.Common.Behaviours;
using Market.Application.Common.Exceptions;
using Market.Application.History.Queries.GetLogs;

namespace Market.Application.Tests.Common;

public sealed class ValidationBehaviourTests
{
    [Test]
    public void An_invalid_message_never_reaches_its_handler_and_the_first_failure_is_the_message()
    {
        var behaviour = new ValidationBehaviour<GetLogsQuery, LogsPageDto>([new GetLogsQueryValidator()]);
        var called = false;

        var error = Assert.ThrowsAsync<RequestValidationException>(async () => await behaviour.Handle(
            new GetLogsQuery("alice", "-1", "0", null, null, null, null),
            (_, _) => { called = true; return ValueTask.FromResult(new LogsPageDto([], 0, 0, 0, 0)); },
            CancellationToken.None));

        Assert.That(called, Is.False);
        Assert.That(error!.Message, Is.EqualTo("Invalid start parameter"));
        Assert.That(error.Errors, Is.EqualTo(new[] { "Invalid start parameter", "Invalid size parameter (must be 1-1000)" }));
    }

    [Test]
    public async Task A_valid_message_is_handled()
    {
        var behaviour = new ValidationBehaviour<GetLogsQuery, LogsPageDto>([new GetLogsQueryValidator()]);

        var page = await behaviour.Handle(
            new GetLogsQuery("alice", "0", "10", null, null, null, null),
            (_, _) => ValueTask.FromResult(new LogsPageDto([], 7, 0, 0, 10)),
            CancellationToken.None);

        Assert.That(page.TotalCount, Is.EqualTo(7));
    }
}
