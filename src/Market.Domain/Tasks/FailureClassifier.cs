using System.Globalization;
using System.Text.RegularExpressions;
using Market.Domain.Apps;

namespace Market.Domain.Tasks;

/// <summary>
/// Turns what the runtime said into a <see cref="TaskFailure"/>: one cause of the closed set, a plain summary and a
/// next step. It reads, in this order, the 422 failed-check type (app-service's structured refusal), the words of
/// the reason and message (app-service <c>status.reason</c> values and the Kubernetes reasons it passes on, such as
/// <c>ErrImagePull</c>, <c>Insufficient memory</c>, <c>OOMKilled</c>, <c>no space left on device</c>), then the HTTP
/// status (409 conflict, other 4xx refused, unreachable). The table is documented in docs/failures.md.
/// </summary>
public static partial class FailureClassifier
{
    /// <summary>Keyword rules, first match wins; checked against the check type first, then the reason and message.</summary>
    private static readonly (FailureCause Cause, Regex Pattern)[] Rules =
    [
        (FailureCause.EnvMissing, Rx(@"^appenv$|missing (required )?env|missingValues|env(ironment)? .*(is )?(required|missing)|envs? not set")),
        (FailureCause.EnvInvalid, Rx(@"^appenv:invalid$|invalid env|invalidValues|env .*invalid|does not match|bad env")),
        (FailureCause.DiskFull, Rx(@"disk|no space left|DiskPressure|ephemeral-storage|storage (is )?(full|insufficient)")),
        (FailureCause.InsufficientMemory, Rx(@"memory|OOMKilled|MemoryPressure")),
        (FailureCause.GpuUnavailable, Rx(@"\bgpu\b|nvidia\.com|GPU")),
        (FailureCause.InsufficientCpu, Rx(@"\bcpu\b|Insufficient cpu")),
        (FailureCause.ImagePull, Rx(@"ErrImagePull|ImagePullBackOff|image_?pull|pull(ing)? (the )?image|manifest unknown|InvalidImageName|download(ing)? (the )?image|image .*not found")),
        (FailureCause.ArchUnsupported, Rx(@"\barch(itecture)?\b|exec format error|no match for platform|appArch")),
        (FailureCause.OlaresVersion, Rx(@"olares ?version|terminus ?version|olares_version|requires olares|version constraint")),
        (FailureCause.DependencyMissing, Rx(@"depend")),
        (FailureCause.ComputeModeRequired, Rx(@"compute ?mode|compute_mode|gpu mode")),
        (FailureCause.PurchaseRequired, Rx(@"purchase|not (been )?bought|payment required|license")),
        (FailureCause.Timeout, Rx(@"time(d)? ?out|deadline exceeded")),
        (FailureCause.Canceled, Rx(@"cancel")),
        (FailureCause.Conflict, Rx(@"conflict|already (exists|installed)|appEntrance|in use")),
        (FailureCause.Unhealthy, Rx(@"unhealthy|CrashLoopBackOff|not ready|readiness|liveness|Back-off restarting")),
        (FailureCause.RuntimeUnreachable, Rx(@"unreachable|connection refused|unavailable|no such host|EOF")),
    ];

    public static TaskFailure Classify(AppTask task, FailureEvidence evidence)
    {
        var cause = CauseOf(evidence);
        var text = evidence.Text;
        var subject = cause switch
        {
            FailureCause.EnvMissing or FailureCause.EnvInvalid => EnvNames(text),
            FailureCause.Timeout => evidence.State,
            _ => Amount(text),
        };
        return Explain(cause, task.Type, task.AppName, text, subject);
    }

    /// <summary>The cause alone (the table-driven part; <see cref="Classify"/> adds the words).</summary>
    public static FailureCause CauseOf(FailureEvidence evidence)
    {
        if (evidence.Unreachable)
        {
            return FailureCause.RuntimeUnreachable;
        }

        if (!string.IsNullOrWhiteSpace(evidence.CheckType) && Match(evidence.CheckType) is { } byType)
        {
            return byType;
        }

        if (FailureCauses.Parse(evidence.Reason) is { } named)
        {
            return named;
        }

        if (Match(evidence.Text) is { } byWords)
        {
            return byWords;
        }

        return evidence.HttpStatus switch
        {
            409 => FailureCause.Conflict,
            402 or 403 => FailureCause.PurchaseRequired,
            >= 400 and < 500 => FailureCause.RuntimeRefused,
            >= 500 => FailureCause.RuntimeUnreachable,
            _ => FailureCause.Unknown,
        };
    }

    public static TaskFailure Canceled(AppTask task, string why) =>
        Explain(FailureCause.Canceled, task.Type, task.AppName, why, null);

    public static TaskFailure TimedOut(AppTask task, string? state, TimeSpan stuckAfter) =>
        Explain(FailureCause.Timeout, task.Type, task.AppName, $"no progress in state {state ?? "pending"} for {Minutes(stuckAfter)}", state);

    /// <summary>The summary and next step of <paramref name="cause"/> for an operation on <paramref name="app"/>.</summary>
    public static TaskFailure Explain(FailureCause cause, OpType opType, string app, string? detail, string? subject)
    {
        var op = Verb(opType, app);
        var (summary, next, retryable) = cause switch
        {
            FailureCause.DiskFull => (
                $"{op} failed because the disk is full{(subject is null ? "" : $": it needs {subject} more")}.",
                $"Free at least {subject ?? "some"} of disk{(subject is null ? " space" : "")}, then retry", true),
            FailureCause.InsufficientMemory => (
                $"{op} failed because there is not enough free memory{(subject is null ? "" : $" ({subject} more is needed)")}.",
                $"Free {subject ?? "some"} memory by stopping other apps, then retry", true),
            FailureCause.InsufficientCpu => ($"{op} failed because there is not enough free CPU.", "Stop other apps to free CPU, then retry", true),
            FailureCause.GpuUnavailable => ($"{op} failed because no suitable GPU is free.", "Free or add a GPU of the type the app needs, then retry", true),
            FailureCause.ImagePull => ($"{op} failed because a container image could not be downloaded.", "Check the network connection and the registry, then retry", true),
            FailureCause.ArchUnsupported => ($"{op} failed because the app does not run on this machine's CPU architecture.", "Install it on a cluster with a supported architecture", false),
            FailureCause.OlaresVersion => ($"{op} failed because the app needs a different Olares version.", "Upgrade Olares to a version the app supports, then retry", false),
            FailureCause.EnvMissing => ($"{op} was refused because a required setting is missing.", $"Set {subject ?? "the required environment values"}, then retry", false),
            FailureCause.EnvInvalid => ($"{op} was refused because a setting has an invalid value.", $"Correct {subject ?? "the invalid environment values"}, then retry", false),
            FailureCause.DependencyMissing => ($"{op} failed because an app it depends on is not installed.", $"Install {subject ?? "the apps it depends on"} first", false),
            FailureCause.Conflict => ($"{op} failed because it conflicts with something already installed.", "Uninstall the conflicting app or choose another name, then retry", false),
            FailureCause.ComputeModeRequired => ($"{op} failed because the app needs a GPU compute mode that is not set.", "Switch the GPU to the compute mode the app needs, then retry", false),
            FailureCause.PurchaseRequired => ($"{op} was refused because the app has not been bought.", "Buy the app first", false),
            FailureCause.RuntimeRefused => ($"{op} was refused by the app runtime.", "Read the detail, fix what it names, then retry", false),
            FailureCause.RuntimeUnreachable => ($"{op} failed because the app runtime could not be reached.", "Check that app-service is running, then retry", true),
            FailureCause.Timeout => (
                $"{op} timed out: it made no progress{(subject is null ? "" : $" while {subject}")} for too long.",
                "Open the diagnostics bundle to see where it stopped, then retry", true),
            FailureCause.Canceled => ($"{op} was canceled.", "Start it again when you want it", true),
            FailureCause.Unhealthy => ($"{op} finished but the app did not become healthy.", "Roll back to the previous version or read the app's logs", true),
            FailureCause.AlreadyInstalled => ($"{app} is already installed.", "Open or upgrade the installed app instead", false),
            FailureCause.NameConflict => ($"Another app already uses the name or an entrance of {app}.", "Uninstall the other app or clone this one under another name", false),
            FailureCause.AdminOnly => ($"{app} can only be installed by an administrator.", "Ask an administrator to install it", false),
            _ => ($"{op} failed for a reason the runtime did not explain.", "Download the diagnostics bundle and retry; report it if it fails again", true),
        };
        return TaskFailure.Of(cause, summary, string.IsNullOrWhiteSpace(detail) ? null : detail, next, retryable);
    }

    /// <summary>A size the runtime named (<c>2.1 GiB</c>, <c>512Mi</c>), so the next step can say how much to free.</summary>
    public static string? Amount(string? text)
    {
        var match = string.IsNullOrEmpty(text) ? null : Size().Match(text);
        if (match is null || !match.Success)
        {
            return null;
        }

        var unit = match.Groups["unit"].Value;
        unit = unit.EndsWith('i') ? unit + "B" : unit;
        return $"{match.Groups["n"].Value} {unit}";
    }

    /// <summary>The env names a refusal names (upper-case identifiers such as <c>LEDGERLY_ADMIN_EMAIL</c>), comma-separated.</summary>
    public static string? EnvNames(string? text)
    {
        var names = string.IsNullOrEmpty(text) ? [] : EnvName().Matches(text).Select(m => m.Value).Distinct().ToList();
        return names.Count == 0 ? null : string.Join(", ", names);
    }

    private static FailureCause? Match(string text)
    {
        foreach (var (cause, pattern) in Rules)
        {
            if (pattern.IsMatch(text))
            {
                return cause;
            }
        }

        return null;
    }

    private static string Verb(OpType opType, string app) => opType switch
    {
        OpType.Install => $"Installing {app}",
        OpType.Clone => $"Cloning {app}",
        OpType.Upgrade => $"Upgrading {app}",
        OpType.Uninstall => $"Uninstalling {app}",
        OpType.Cancel => $"Canceling the installation of {app}",
        OpType.Stop => $"Stopping {app}",
        OpType.Resume => $"Starting {app}",
        OpType.Rollback or OpType.Restart => $"The {opType.ToWire()} of {app}",
    };

    private static string Minutes(TimeSpan span) =>
        span.TotalMinutes >= 1 ? $"{span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} min" : $"{span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s";

    private static Regex Rx(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));

    [GeneratedRegex(@"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b")]
    private static partial Regex EnvName();

    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?)\s*(?<unit>[KMGT]i(?:B)?|[KMGT]B)\b")]
    private static partial Regex Size();
}
