namespace Market.Api.Infrastructure.Envelope;

/// <summary>
/// The exact message an action answers with its 500 when something unexpected fails (the original
/// uses one per route: "Failed to retrieve market data" …). Read by <see cref="EnvelopeExceptionHandler"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class FailureMessageAttribute(string message) : Attribute
{
    public string Message { get; } = message;
}
