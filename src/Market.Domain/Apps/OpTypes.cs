using Market.Domain.Common;

namespace Market.Domain.Apps;

/// <summary>Operation types; the wire and app-service spell them as <see cref="OpTypes.ToWire"/> says (<c>opType</c>, <c>task_type</c>).</summary>
public enum OpType
{
    Install,
    Clone,
    Upgrade,
    Uninstall,
    Cancel,
    Stop,
    Resume,

    /// <summary>Back to the version an upgrade replaced: through the runtime, an upgrade to that version (<see cref="UserApp.BeginRollback"/>).</summary>
    Rollback,

    /// <summary>A request, not a task type: a restart runs as a stop followed by a resume (<see cref="UserApp.BeginRestart"/>).</summary>
    Restart,
}

/// <summary>The wire and storage names of <see cref="OpType"/> (today's exact strings).</summary>
public static class OpTypes
{
    public static readonly WireTable<OpType> Wire = new(ToWire);

    public static string ToWire(this OpType type) => type switch
    {
        OpType.Install => "install",
        OpType.Clone => "clone",
        OpType.Upgrade => "upgrade",
        OpType.Uninstall => "uninstall",
        OpType.Cancel => "cancel",
        OpType.Stop => "stop",
        OpType.Resume => "resume",
        OpType.Rollback => "rollback",
        OpType.Restart => "restart",
    };

    /// <summary>
    /// An operation type as app-service or a client spells it; null for an empty or unknown word. The documented
    /// fallback: an announcement or list entry whose type we do not know keeps the app's own type (its state still counts).
    /// </summary>
    public static OpType? FromWire(string? wire) => Wire.TryParse(wire, out var type) ? type : null;

    /// <summary>Operations that bring an app into existence (their failures end in <c>installFailed</c>).</summary>
    public static bool CreatesApp(this OpType type) => type is OpType.Install or OpType.Clone;
}
