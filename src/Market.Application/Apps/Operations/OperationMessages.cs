using Market.Domain.Apps;

namespace Market.Application.Apps.Operations;

/// <summary>The original's exact messages per operation (original-api-endpoints §4.1).</summary>
public sealed class OperationMessages(string started, string completed, string failurePrefix, string creationFailed)
{
    public string Started { get; } = started;

    public string Completed { get; } = completed;

    public string FailurePrefix { get; } = failurePrefix;

    public string CreationFailed { get; } = creationFailed;

    public static readonly OperationMessages Install = new(
        "App installation started successfully", "App installation completed successfully", "Installation failed: ", "Failed to create installation task");

    public static readonly OperationMessages Clone = new(
        "App clone installation started successfully", "App clone installation completed successfully", "Clone installation failed: ",
        "Failed to create clone installation task");

    public static readonly OperationMessages Cancel = new(
        "App installation cancellation started successfully", "App installation cancellation completed successfully", "Cancel installation failed: ",
        "Failed to create cancel installation task");

    public static readonly OperationMessages Upgrade = new(
        "App upgrade started successfully", "App upgrade completed successfully", "Upgrade failed: ", "Failed to create upgrade task");

    public static readonly OperationMessages Uninstall = new(
        "App uninstallation started successfully", "App uninstallation completed successfully", "Uninstallation failed: ",
        "Failed to create uninstallation task");

    public static readonly OperationMessages Rollback = new(
        "App rollback started successfully", "App rollback completed successfully", "Rollback failed: ", "Failed to create rollback task");

    public static OperationMessages For(OpType opType) => opType switch
    {
        OpType.Rollback => Rollback,
        OpType.Install => Install,
        OpType.Clone => Clone,
        OpType.Cancel => Cancel,
        OpType.Upgrade => Upgrade,
        OpType.Uninstall => Uninstall,
        OpType.Stop or OpType.Resume or OpType.Restart => throw new ArgumentOutOfRangeException(nameof(opType), opType.ToWire(), "no task messages for this operation"),
    };
}
