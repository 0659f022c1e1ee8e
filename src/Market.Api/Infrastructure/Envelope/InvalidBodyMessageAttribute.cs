namespace Market.Api.Infrastructure.Envelope;

/// <summary>
/// The exact message an action answers when its JSON body cannot be read (the original uses a
/// different one per route: "Invalid request body", "Invalid request format", "Invalid JSON format").
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class InvalidBodyMessageAttribute(string message) : Attribute
{
    public string Message { get; } = message;
}
