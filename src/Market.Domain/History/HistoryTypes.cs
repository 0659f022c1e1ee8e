namespace Market.Domain.History;

/// <summary>History record types as the original writes them (original-tasks-payment-runtime §5.2).</summary>
public static class HistoryTypes
{
    public const string ActionInstall = "ACTION_INSTALL";
    public const string ActionUninstall = "ACTION_UNINSTALL";
    public const string ActionCancel = "ACTION_CANCEL";
    public const string ActionUpgrade = "ACTION_UPGRADE";
    public const string Action = "action";
    public const string System = "system";
}
