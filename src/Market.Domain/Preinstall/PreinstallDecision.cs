namespace Market.Domain.Preinstall;

/// <summary>
/// What Market decided for one app of one declaration file and one account (<c>""</c> for a refused file):
/// the durable record that makes preinstall idempotent across restarts and replicas. A final decision
/// (installed, skipped, refused) is never revisited, so an app a user removed after its preinstall stays
/// removed; a waiting one is tried again on the next scan.
/// </summary>
public class PreinstallDecision
{
    public const string Installed = "installed";
    public const string Skipped = "skipped";
    public const string Refused = "refused";
    public const string Waiting = "waiting";

    private PreinstallDecision()
    {
    }

    public PreinstallDecision(string declaration, string appName, string account, DateTime now)
    {
        Declaration = declaration;
        AppName = appName;
        Account = account;
        Outcome = Waiting;
        UpdatedAt = now;
    }

    public long Id { get; private set; }

    /// <summary>The file name, e.g. <c>preinstall-1.12.7.json</c>.</summary>
    public string Declaration { get; private set; } = string.Empty;

    public string AppName { get; private set; } = string.Empty;

    public string Account { get; private set; } = string.Empty;

    public string Outcome { get; private set; } = Waiting;

    public string Reason { get; private set; } = string.Empty;

    public string? TaskId { get; private set; }

    public int Attempts { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public bool IsFinal => Outcome != Waiting;

    public void Decide(string outcome, string reason, DateTime now, string? taskId = null)
    {
        if (IsFinal)
        {
            throw new InvalidOperationException($"Preinstall of {AppName} for '{Account}' was already decided ({Outcome})");
        }

        Outcome = outcome;
        Reason = reason.Length > 2000 ? reason[..2000] : reason;
        TaskId = taskId;
        UpdatedAt = now;
        Attempts++;
    }

    /// <summary>Not yet: tried again on the next scan (the official catalog does not have the app yet, or an install was refused for now).</summary>
    public void Wait(string reason, DateTime now)
    {
        Reason = reason.Length > 2000 ? reason[..2000] : reason;
        UpdatedAt = now;
        Attempts++;
    }
}
