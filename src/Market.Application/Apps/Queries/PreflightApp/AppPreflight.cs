using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Apps.Operations;
using Market.Application.Common.Json;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.SystemStatus;
using Market.Application.SystemStatus.Queries.GetSystemStatus;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Apps.Queries.PreflightApp;

/// <summary>
/// The server-side install checks (issue 18): architecture, Olares version, free CPU / memory / disk / GPU against
/// the manifest's requirements (from the system status the runtime reports), required envs and their types,
/// dependencies, declared conflicts, name clashes, purchase, compute mode and admin-only apps. The preflight route
/// reports them; install and clone run the same checks and refuse on a blocker (<see cref="Enforce"/>).
/// </summary>
public sealed class AppPreflight(IMarketDbContext db, IAppPurchaseGate purchases, IUserDirectory users, ISender sender)
{
    /// <summary>
    /// Blockers install and clone leave to the rule that answers them today, so their answers keep their shape: env
    /// problems and the compute choice come back from the runtime (422 <c>appenv</c>, <c>computeModeSelect</c>),
    /// an app already there is the domain's 409.
    /// </summary>
    private static readonly HashSet<FailureCause> AnsweredElsewhere =
        [FailureCause.EnvMissing, FailureCause.EnvInvalid, FailureCause.ComputeModeRequired, FailureCause.AlreadyInstalled, FailureCause.NameConflict];

    private static readonly double FewLeftShare = 0.8;

    public async Task<PreflightReport> CheckAsync(
        string user, ChartOperation chart, string appName, IReadOnlyList<AppEnv> envs, string? selectedGpuType, bool isClone, CancellationToken cancellationToken)
    {
        var blockers = new List<PreflightItem>();
        var warnings = new List<PreflightItem>();
        var entry = Entry(chart);
        var status = await SystemStatusAsync(user, warnings, cancellationToken);
        var cluster = status["cluster_resource"] as JsonObject ?? [];

        if (JsonRead.Bool(entry["onlyAdmin"]) && !UserRoles.IsAdmin(await users.GetRoleAsync(user, cancellationToken)))
        {
            blockers.Add(PreflightItem.Of(FailureCause.AdminOnly, $"{chart.Manifest.Title} can only be installed by an administrator"));
        }

        await CheckNameAsync(user, chart, appName, isClone, blockers, cancellationToken);
        if (status.Count > 0)
        {
            CheckArchitecture(entry, cluster, blockers);
            CheckOlaresVersion(chart, JsonRead.Str(status["terminus_version"] as JsonObject, "version"), blockers);
            CheckResources(entry, selectedGpuType, cluster, blockers, warnings);
        }

        CheckEnvs(chart, envs, blockers);
        await CheckRelationsAsync(user, entry, cluster, blockers, warnings, cancellationToken);

        if (!await purchases.MayInstallAsync(user, chart.Catalog, cancellationToken))
        {
            blockers.Add(PreflightItem.Of(FailureCause.PurchaseRequired, ChartOperationPreamble.PurchaseRequired));
        }

        if (chart.Manifest.ComputeModes.Count > 1 && string.IsNullOrWhiteSpace(selectedGpuType))
        {
            blockers.Add(PreflightItem.Of(FailureCause.ComputeModeRequired, "Choose a compute mode: " + string.Join(", ", chart.Manifest.ComputeModes)));
        }

        return PreflightReport.Of(blockers, warnings);
    }

    /// <summary>
    /// Install and clone refuse on a blocker: an unbought paid app keeps today's 403, any other blocker (but those
    /// answered elsewhere, see <see cref="AnsweredElsewhere"/>) is a 422 naming the first; both list all in <c>data.blockers</c>.
    /// </summary>
    public static void Enforce(PreflightReport report)
    {
        var data = new Dictionary<string, object> { ["blockers"] = report.Blockers };
        if (report.Blockers.Any(b => b.Cause == FailureCause.PurchaseRequired))
        {
            throw new ForbiddenException(ChartOperationPreamble.PurchaseRequired) { Details = data };
        }

        if (report.Blockers.FirstOrDefault(b => !AnsweredElsewhere.Contains(b.Cause)) is { } first)
        {
            throw new PreflightBlockedException($"{first.Code}: {first.Message}") { Details = data };
        }
    }

    /// <summary>The system status, or an empty one with a warning when the runtime cannot say (its checks are then skipped, not failed).</summary>
    private async Task<JsonObject> SystemStatusAsync(string user, List<PreflightItem> warnings, CancellationToken cancellationToken)
    {
        try
        {
            return await sender.Send(new GetSystemStatusQuery(user), cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException or ServiceUnavailableException && !cancellationToken.IsCancellationRequested)
        {
            warnings.Add(PreflightItem.Of(FailureCause.RuntimeUnreachable, "The system status is unavailable: architecture, version and free resources were not checked"));
            return [];
        }
    }

    private async Task CheckNameAsync(string user, ChartOperation chart, string appName, bool isClone, List<PreflightItem> blockers, CancellationToken cancellationToken)
    {
        var existing = await db.UserApps.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == user && a.AppName == appName, cancellationToken);
        if (existing is null || !existing.IsInstalled)
        {
            return;
        }

        blockers.Add(!isClone && existing.SourceId == chart.Request.Source
            ? PreflightItem.Of(FailureCause.AlreadyInstalled, $"{appName} is already installed")
            : PreflightItem.Of(FailureCause.NameConflict, $"An app named {appName} is already installed (from source {existing.SourceId})"));
    }

    private static void CheckArchitecture(JsonObject entry, JsonObject cluster, List<PreflightItem> blockers)
    {
        var supported = JsonRead.Strings(entry["supportArch"]).Where(a => a.Length > 0).ToList();
        var nodes = ClusterArchitectures.Of(cluster);
        if (supported.Count > 0 && !supported.Intersect(nodes, StringComparer.OrdinalIgnoreCase).Any())
        {
            blockers.Add(PreflightItem.Of(
                FailureCause.ArchUnsupported,
                $"The app runs on {string.Join(", ", supported)} only; this cluster is {string.Join(", ", nodes)}",
                $"supportArch: {string.Join(", ", supported)}"));
        }
    }

    /// <summary>The catalog's own Olares requirement check (<see cref="OlaresVersionCheck"/>), reported as a blocker.</summary>
    private static void CheckOlaresVersion(ChartOperation chart, string olaresVersion, List<PreflightItem> blockers)
    {
        try
        {
            OlaresVersionCheck.Ensure(chart.Catalog, olaresVersion);
        }
        catch (InstallBlockedException blocked)
        {
            blockers.Add(Blocked(blocked));
        }
    }

    /// <summary>A refusal of the shared install checks as a preflight blocker.</summary>
    public static PreflightItem Blocked(InstallBlockedException blocked) =>
        new(blocked.Blocker, blocked.Message, blocked.Facts is IReadOnlyDictionary<string, string> facts ? string.Join(", ", facts.Select(f => $"{f.Key}: {f.Value}")) : null);

    private static void CheckResources(JsonObject entry, string? selectedGpuType, JsonObject cluster, List<PreflightItem> blockers, List<PreflightItem> warnings)
    {
        // The chosen compute mode's envelope when the manifest declares modes, else the flat requirements.
        var mode = (entry["accelerator"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(m => JsonRead.Str(m, "mode") == (selectedGpuType ?? string.Empty)) ?? entry;
        var metrics = cluster["metrics"] as JsonObject ?? [];
        CheckOne(FailureCause.InsufficientCpu, "CPU", Required(mode, "requiredCpu", "requiredCPU"), Free(metrics, "cpu"), v => $"{v:0.##} cores", "CPU");
        CheckOne(FailureCause.InsufficientMemory, "memory", Required(mode, "requiredMemory"), Free(metrics, "memory"), ResourceQuantity.Bytes, "memory");
        CheckOne(FailureCause.DiskFull, "disk", Required(mode, "requiredDisk"), Free(metrics, "disk"), ResourceQuantity.Bytes, "disk");

        var gpu = Required(mode, "requiredGpu", "requiredGPU", "requiredGPUMemory");
        if (gpu is > 0 && JsonRead.Double((metrics["gpu"] as JsonObject)?["total"]) <= 0)
        {
            blockers.Add(PreflightItem.Of(FailureCause.GpuUnavailable, "The app needs a GPU and this cluster has none free", $"requiredGpu: {gpu}"));
        }

        // Blocked when the cluster cannot hold it at all (disk: not enough free, as disk use does not come back by itself);
        // CPU and memory in use change from minute to minute, so too little of them free is a warning.
        void CheckOne(FailureCause cause, string what, double? required, (double Total, double Free)? have, Func<double, string> show, string noun)
        {
            if (required is not { } need || need <= 0 || have is not { } cluster)
            {
                return;
            }

            var limit = cause == FailureCause.DiskFull ? cluster.Free : cluster.Total;
            if (need > limit)
            {
                blockers.Add(PreflightItem.Of(cause, $"The app needs {show(need)} of {what}; {show(Math.Max(0, limit))} is {(cause == FailureCause.DiskFull ? "free" : "available")} (free {show(need - limit)} more)", $"required {noun}: {show(need)}"));
            }
            else if (need > cluster.Free * FewLeftShare)
            {
                warnings.Add(PreflightItem.Of(cause, $"The app takes most of the free {what} ({show(need)} of {show(Math.Max(0, cluster.Free))})"));
            }
        }
    }

    private static void CheckEnvs(ChartOperation chart, IReadOnlyList<AppEnv> envs, List<PreflightItem> blockers)
    {
        var given = envs.Where(e => e.Value.Length > 0 || e.ValueFrom is { EnvName.Length: > 0 }).ToDictionary(e => e.EnvName, e => e.Value, StringComparer.Ordinal);
        foreach (var declared in chart.Manifest.Envs)
        {
            if (!given.TryGetValue(declared.EnvName, out var value))
            {
                if (declared.Required && !declared.HasDefault && !declared.HasValueFrom)
                {
                    blockers.Add(PreflightItem.Of(FailureCause.EnvMissing, $"Set {declared.EnvName}", $"{declared.EnvName} is required"));
                }

                continue;
            }

            // Only the name and the expected type: the value itself never appears in an answer.
            if (value.Length > 0 && !FitsType(declared.Type, value))
            {
                blockers.Add(PreflightItem.Of(FailureCause.EnvInvalid, $"{declared.EnvName} must be a valid {declared.Type}", $"{declared.EnvName}: expected {declared.Type}"));
            }
        }
    }

    private async Task CheckRelationsAsync(string user, JsonObject entry, JsonObject cluster, List<PreflightItem> blockers, List<PreflightItem> warnings, CancellationToken cancellationToken)
    {
        var installed = (await db.UserApps.AsNoTracking().Where(a => a.UserId == user).Where(UserApp.Installed).Select(a => a.AppName).ToListAsync(cancellationToken))
            .Concat((cluster["apps"] as JsonArray)?.OfType<JsonObject>().Select(a => JsonRead.Str(a, "name")) ?? [])
            .ToHashSet(StringComparer.Ordinal);
        foreach (var dependency in Dependencies(entry).Where(d => d.Type is "application" or "middleware" && !installed.Contains(d.Name)))
        {
            var item = PreflightItem.Of(FailureCause.DependencyMissing, $"Install {dependency.Name} first", $"options.dependencies: {dependency.Name} {dependency.Version}".TrimEnd());
            (dependency.Mandatory ? blockers : warnings).Add(item);
        }

        foreach (var conflict in (JsonRead.Get(entry, "options") as JsonObject)?["conflicts"] is JsonArray conflicts ? conflicts.OfType<JsonObject>() : [])
        {
            var name = JsonRead.Str(conflict, "name");
            if (name.Length > 0 && installed.Contains(name))
            {
                blockers.Add(PreflightItem.Of(FailureCause.Conflict, $"Uninstall {name} first: the app conflicts with it", $"options.conflicts: {name}"));
            }
        }
    }

    private static IEnumerable<(string Name, string Type, string Version, bool Mandatory)> Dependencies(JsonObject entry) =>
        ((JsonRead.Get(entry, "options") as JsonObject)?["dependencies"] as JsonArray)?.OfType<JsonObject>()
            .Select(d => (JsonRead.Str(d, "name"), JsonRead.Str(d, "type"), JsonRead.Str(d, "version"), d["mandatory"] is null || JsonRead.Bool(d["mandatory"]))) ?? [];

    private static double? Required(JsonObject source, params string[] keys) =>
        keys.Select(k => ResourceQuantity.Parse(JsonRead.Str(source, k))).FirstOrDefault(v => v is not null);

    private static (double Total, double Free)? Free(JsonObject metrics, string name) =>
        metrics[name] is JsonObject metric && JsonRead.Double(metric["total"]) > 0
            ? (JsonRead.Double(metric["total"]), JsonRead.Double(metric["total"]) - JsonRead.Double(metric["usage"]))
            : null;

    private static bool FitsType(string type, string value) => type.ToLowerInvariant() switch
    {
        "int" or "integer" => long.TryParse(value, out _),
        "number" or "float" => double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _),
        "bool" or "boolean" => bool.TryParse(value, out _),
        "url" => Uri.TryCreate(value, UriKind.Absolute, out _),
        "email" => value.Contains('@', StringComparison.Ordinal) && !value.StartsWith('@') && !value.EndsWith('@'),
        _ => true,
    };

    private static JsonObject Entry(ChartOperation chart)
    {
        try
        {
            return JsonNode.Parse(string.IsNullOrWhiteSpace(chart.Catalog.EntryJson) ? "{}" : chart.Catalog.EntryJson) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
