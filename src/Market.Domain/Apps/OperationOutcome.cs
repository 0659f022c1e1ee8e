namespace Market.Domain.Apps;

/// <summary>Where an operation stands according to the runtime.</summary>
public enum OperationOutcome
{
    InProgress,
    Completed,
    Failed,
    Canceled,
}
