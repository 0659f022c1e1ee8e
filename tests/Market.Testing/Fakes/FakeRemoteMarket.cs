using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Market.Testing.Fakes;

/// <summary>
/// A remote market on 127.0.0.1 speaking the appstore protocol (client-contract §6.2): plain JSON,
/// <c>GET /api/v1/appstore/hash</c>, <c>GET /api/v1/appstore/info</c>, <c>POST /api/v1/applications/info</c>.
/// Tests change its catalog and watch what the service fetches. It can also hang, answer garbage or be
/// down, name itself in its catalog info, list apps it has no details of, publish summaries without a
/// digest (as a remote whose summary shows only the version) and keep its hash still.
/// With <see cref="SpeaksV2"/> it also speaks the v2 protocol (olares-current §2): <c>GET /api/v2/catalog</c>,
/// <c>/api/v2/taxonomy</c> and the paged <c>/api/v2/applications</c> in <c>{code, msg, data}</c> answers, details
/// still on v1; with <see cref="SpeaksV1"/> off its v1 catalog routes answer 404 (a v2-only source).
/// </summary>
public sealed class FakeRemoteMarket : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _apps = new(StringComparer.Ordinal);
    private readonly HashSet<string> _listedOnly = new(StringComparer.Ordinal);
    private JsonObject _curated = DefaultCurated();
    private readonly Dictionary<string, long> _modifiedAt = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private string? _hash;
    private int _concurrentDetails;
    private int _maxConcurrentDetails;
    private long _appsModifiedAt = 1_763_000_000_000;

    private FakeRemoteMarket(WebApplication app) => _app = app;

    public enum Behaviour
    {
        Normal,

        /// <summary>Never answers (until the request is aborted).</summary>
        Hang,

        /// <summary>Answers 200 with a body that is not JSON.</summary>
        Garbage,

        /// <summary>Answers 503 (the source is down).</summary>
        Unavailable,
    }

    public Behaviour Mode { get; set; } = Behaviour.Normal;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>
    /// True (the default): each summary carries a digest of the whole app, so any change shows. False: only
    /// id, name and version, so a label change without a new version is invisible in the summaries.
    /// </summary>
    public bool SummaryDigests { get; set; } = true;

    /// <summary>When set, the hash the remote publishes whatever its catalog holds (a remote that forgot to move it).</summary>
    public string? FrozenHash { get; set; }

    /// <summary>How the remote names itself: the <c>source</c> object of its catalog info (absent when null).</summary>
    public JsonObject? SourceInfo { get; set; }

    /// <summary>How long each detail batch takes to answer (a remote's latency; zero by default).</summary>
    public TimeSpan DetailDelay { get; set; }

    /// <summary>The most detail batches in flight at once so far (a client's politeness, observed).</summary>
    public int MaxConcurrentDetails => _maxConcurrentDetails;

    /// <summary>Serves the v1 catalog routes (hash, info); off, they answer 404. Details stay v1 either way.</summary>
    public bool SpeaksV1 { get; set; } = true;

    /// <summary>Serves the v2 routes (catalog, taxonomy, applications); off, they answer 404 as a v1-only source's do.</summary>
    public bool SpeaksV2 { get; set; }

    /// <summary>How the v2 catalog route answers while <see cref="SpeaksV2"/> is off: 404 (the default), 403 (a CDN) or a web page.</summary>
    public NotV2Answer NotV2 { get; set; } = NotV2Answer.NotFound;

    public enum NotV2Answer
    {
        NotFound,
        Forbidden,
        HtmlPage,
    }

    /// <summary>The v2 taxonomy's <c>source</c> block (absent when null).</summary>
    public JsonObject? TaxonomySource { get; set; }

    /// <summary>The most items one page of <c>/api/v2/applications</c> holds, whatever size is asked for.</summary>
    public int MaxPageSize { get; set; } = 100;

    /// <summary>v2 listing constraints that override what an app's manifest dependency says, by app name.</summary>
    public Dictionary<string, string> ListingConstraints { get; } = new(StringComparer.Ordinal);

    /// <summary>Chart archives by app name, served on the v2 chart route (when speaking v2) and the v1 one.</summary>
    public ConcurrentDictionary<string, byte[]> Charts { get; } = new(StringComparer.Ordinal);

    /// <summary>Charts of named versions by file name (<c>name-version.tgz</c>), served on the v1 route when asked for by that name.</summary>
    public ConcurrentDictionary<string, byte[]> ChartFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Every chart request: <c>v2 name</c> or <c>v1 name fileName</c>.</summary>
    public ConcurrentQueue<string> ChartRequests { get; } = new();

    public int HashCalls;
    public int InfoCalls;
    public int CatalogV2Calls;

    /// <summary>Every <c>/api/v2/applications</c> page asked for.</summary>
    public ConcurrentQueue<int> PagesServed { get; } = new();

    /// <summary>Every id the service asked details for, in order.</summary>
    public ConcurrentQueue<string> DetailRequests { get; } = new();

    public static async Task<FakeRemoteMarket> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeRemoteMarket(app);
        app.MapGet("/api/v1/appstore/hash", (Delegate)fake.HashAsync);
        app.MapGet("/api/v1/appstore/info", (Delegate)fake.InfoAsync);
        app.MapPost("/api/v1/applications/info", (Delegate)fake.DetailsAsync);
        app.MapGet("/api/v2/catalog", (Delegate)fake.CatalogV2Async);
        app.MapGet("/api/v2/taxonomy", (Delegate)fake.TaxonomyV2Async);
        app.MapGet("/api/v2/applications", (Delegate)fake.ApplicationsV2Async);
        app.MapGet("/api/v2/applications/{name}/chart", (string name) =>
        {
            fake.ChartRequests.Enqueue($"v2 {name}");
            return fake.SpeaksV2 && fake.Charts.TryGetValue(name, out var chart) ? Results.Bytes(chart, "application/gzip") : Results.NotFound();
        });
        app.MapGet("/api/v1/applications/{name}/chart", (string name, string? fileName) =>
        {
            fake.ChartRequests.Enqueue($"v1 {name} {fileName}");
            if (fileName is not null && fake.ChartFiles.TryGetValue(fileName, out var file))
            {
                return Results.Bytes(file, "application/gzip");
            }

            return fake.Charts.TryGetValue(name, out var chart) ? Results.Bytes(chart, "application/gzip") : Results.NotFound();
        });
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    /// <summary>An app as a remote market describes it (the fields the real catalog carries).</summary>
    public static JsonObject App(string name, string version, string? description = null, string[]? labels = null, string olares = ">=1.10.0-0") => new()
    {
        ["id"] = AppIdOf(name),
        ["name"] = name,
        ["cfgType"] = "app",
        ["chartName"] = $"{name}-{version}.tgz",
        ["icon"] = $"https://icons.example/{name}.png",
        ["version"] = version,
        ["versionName"] = version,
        ["apiVersion"] = "v2",
        ["title"] = name.ToUpperInvariant(),
        ["description"] = description ?? $"{name} does things",
        ["fullDescription"] = new JsonObject { ["en-US"] = $"All about {name}", ["zh-CN"] = $"关于 {name}" },
        ["categories"] = new JsonArray("Productivity"),
        ["supportArch"] = new JsonArray("amd64", "arm64"),
        ["requiredMemory"] = "128Mi",
        ["requiredDisk"] = "1Gi",
        ["requiredCPU"] = "0.5",
        ["developer"] = "Example Labs",
        ["permission"] = new JsonObject { ["appData"] = true },
        ["entrances"] = new JsonArray(new JsonObject { ["name"] = name, ["host"] = name, ["port"] = 8080, ["title"] = name, ["authLevel"] = "private" }),
        ["options"] = new JsonObject
        {
            ["dependencies"] = new JsonArray(new JsonObject { ["name"] = "olares", ["type"] = "system", ["version"] = olares }),
        },
        ["appLabels"] = new JsonArray((labels ?? []).Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
        ["versionHistory"] = new JsonArray(new JsonObject
        {
            ["appName"] = name, ["version"] = version, ["versionName"] = version,
            ["mergedAt"] = "2026-01-02T03:04:05Z", ["upgradeDescription"] = "first release",
        }),
        ["i18n"] = new JsonObject
        {
            ["zh-CN"] = new JsonObject { ["metadata"] = new JsonObject { ["title"] = $"{name} 中文", ["description"] = "中文描述" } },
        },
    };

    /// <summary>The app-service convention: first 8 hex chars of md5(name).</summary>
#pragma warning disable CA5351 // md5 is the app-id convention being reproduced, not a security measure
    public static string AppIdOf(string name) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(name)))[..8];
#pragma warning restore CA5351

    public void Put(JsonObject app)
    {
        lock (_gate)
        {
            var id = app["id"]!.GetValue<string>();
            _apps[id] = app;
            _removed.Remove(id);
            Touch(id);
        }
    }

    /// <summary>Lists an app in the catalog info without having details of it (not for this Olares version).</summary>
    public void PutListedOnly(JsonObject app)
    {
        lock (_gate)
        {
            var id = app["id"]!.GetValue<string>();
            _apps[id] = app;
            _listedOnly.Add(id);
            Touch(id);
        }
    }

    public void Remove(string name)
    {
        lock (_gate)
        {
            var id = AppIdOf(name);
            _apps.Remove(id);
            _removed.Add(id);
            Touch(id);
        }
    }

    /// <summary>A change of one app: the catalog hash and the v2 modification marks move.</summary>
    private void Touch(string id)
    {
        _hash = null;
        _appsModifiedAt = Math.Max(_appsModifiedAt + 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        _modifiedAt[id] = _appsModifiedAt;
    }

    public void SetCurated(JsonObject curated)
    {
        lock (_gate)
        {
            _curated = curated;
            _hash = null;
        }
    }

    /// <summary>The catalog hash: a digest of everything the remote serves, as a real remote would publish.</summary>
    public string CatalogHash
    {
        get
        {
            lock (_gate)
            {
                if (FrozenHash is not null)
                {
                    return FrozenHash;
                }

                if (_hash is not null)
                {
                    return _hash;
                }

                var text = new StringBuilder();
                foreach (var (id, app) in _apps.OrderBy(a => a.Key, StringComparer.Ordinal))
                {
                    text.Append(id).Append(app.ToJsonString());
                }

                text.Append(_curated.ToJsonString());
                return _hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static JsonObject DefaultCurated() => new()
    {
        ["recommends"] = new JsonObject(),
        ["pages"] = new JsonObject(),
        ["topics"] = new JsonObject(),
        ["topic_lists"] = new JsonObject(),
        ["tops"] = new JsonArray(),
        ["latest"] = new JsonArray(),
        ["tags"] = new JsonObject(),
    };

    private async Task<IResult?> MisbehaveAsync(HttpContext context)
    {
        switch (Mode)
        {
            case Behaviour.Hang:
#pragma warning disable RS0030 // a fake that hangs until the client gives up: the hang is the behaviour under test
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
#pragma warning restore RS0030
                return Results.StatusCode(504);
            case Behaviour.Garbage:
                return Results.Text("<html>definitely not json", "text/html");
            case Behaviour.Unavailable:
                return Results.StatusCode(503);
            default:
                return null;
        }
    }

    private static IResult V2(JsonNode data) => Results.Json(new JsonObject { ["code"] = 0, ["msg"] = "success", ["data"] = data });

    private async Task<IResult> CatalogV2Async(HttpContext context)
    {
        Interlocked.Increment(ref CatalogV2Calls);
        if (!SpeaksV2)
        {
            return NotV2 switch
            {
                NotV2Answer.Forbidden => Results.StatusCode(403),
                NotV2Answer.HtmlPage => Results.Text("<!doctype html><title>Market</title>", "text/html"),
                _ => Results.NotFound(),
            };
        }

        if (await MisbehaveAsync(context) is { } bad)
        {
            return bad;
        }

        lock (_gate)
        {
            return V2(new JsonObject
            {
                ["schema_version"] = "v2",
                ["source_id"] = context.Request.Query["source_id"].ToString(),
                ["taxonomy_last_modify_time"] = 1_763_000_000_000 + (TaxonomySource?.ToJsonString().Length ?? 0),
                ["apps_last_modify_time"] = _appsModifiedAt,
                ["apps_filter_digest"] = "all",
            });
        }
    }

    private async Task<IResult> TaxonomyV2Async(HttpContext context)
    {
        if (!SpeaksV2)
        {
            return Results.NotFound();
        }

        if (await MisbehaveAsync(context) is { } bad)
        {
            return bad;
        }

        return V2(new JsonObject
        {
            ["last_modify_time"] = 1_763_000_000_000,
            ["source"] = TaxonomySource?.DeepClone(),
            ["languages"] = new JsonArray(new JsonObject { ["code"] = "en-US", ["display_name"] = "English", ["sort"] = 1, ["enabled"] = true }),
            ["categories"] = new JsonArray(new JsonObject { ["id"] = "Productivity", ["builtin"] = true, ["sort"] = 1, ["title"] = new JsonObject { ["en-US"] = "Productivity" } }),
            ["nav"] = new JsonArray(),
            ["pages"] = new JsonArray(new JsonObject { ["category_id"] = "Productivity", ["items"] = new JsonArray() }),
            ["tags"] = new JsonArray(),
            ["topic_lists"] = new JsonArray(),
            ["topics"] = new JsonArray(),
            ["recommends"] = new JsonArray(),
        });
    }

    private async Task<IResult> ApplicationsV2Async(HttpContext context)
    {
        if (!SpeaksV2)
        {
            return Results.NotFound();
        }

        if (await MisbehaveAsync(context) is { } bad)
        {
            return bad;
        }

        var page = int.TryParse(context.Request.Query["page"], out var p) && p > 0 ? p : 1;
        var size = Math.Min(int.TryParse(context.Request.Query["size"], out var z) && z > 0 ? z : 20, MaxPageSize);
        PagesServed.Enqueue(page);
        lock (_gate)
        {
            var all = _apps.OrderBy(a => a.Key, StringComparer.Ordinal).ToList();
            var items = new JsonArray();
            foreach (var (id, app) in all.Skip((page - 1) * size).Take(size))
            {
                var name = app["name"]?.GetValue<string>() ?? string.Empty;
                var constraint = ListingConstraints.TryGetValue(name, out var listed) ? listed
                    : app["options"]?["dependencies"]?.AsArray().OfType<JsonObject>()
                        .FirstOrDefault(d => d["name"]?.GetValue<string>() == "olares")?["version"]?.GetValue<string>() ?? string.Empty;
                items.Add(new JsonObject
                {
                    ["app_id"] = id,
                    ["name"] = name,
                    ["title"] = app["title"]?.DeepClone(),
                    ["version"] = app["version"]?.ToString(),
                    ["icon"] = app["icon"]?.DeepClone(),
                    ["featured_image"] = $"https://images.example/{name}.png",
                    ["cfg_type"] = app["cfgType"]?.DeepClone(),
                    ["categories"] = app["categories"]?.DeepClone(),
                    ["app_labels"] = app["appLabels"]?.DeepClone(),
                    ["olares_version_constraint"] = constraint,
                    ["last_modify_time"] = _modifiedAt.GetValueOrDefault(id),
                    ["updated_at"] = _modifiedAt.GetValueOrDefault(id) / 1000,
                });
            }

            return V2(new JsonObject
            {
                ["items"] = items,
                ["removed"] = new JsonArray(_removed.Order(StringComparer.Ordinal).Select(id => (JsonNode?)new JsonObject { ["app_id"] = id }).ToArray()),
                ["has_more"] = page * size < all.Count,
                ["max_last_modify_time"] = _appsModifiedAt,
                ["total"] = all.Count,
                ["page"] = page,
                ["page_size"] = size,
            });
        }
    }

    private async Task<IResult> HashAsync(HttpContext context)
    {
        Interlocked.Increment(ref HashCalls);
        if (!SpeaksV1)
        {
            return Results.NotFound();
        }

        return await MisbehaveAsync(context) ?? Results.Json(new JsonObject
        {
            ["hash"] = CatalogHash,
            ["last_updated"] = "2026-11-20T10:00:00Z",
            ["version"] = "1.12.3",
        });
    }

    private async Task<IResult> InfoAsync(HttpContext context)
    {
        Interlocked.Increment(ref InfoCalls);
        if (!SpeaksV1)
        {
            return Results.NotFound();
        }

        if (await MisbehaveAsync(context) is { } bad)
        {
            return bad;
        }

        var hash = CatalogHash;
        lock (_gate)
        {
            var summaries = new JsonObject();
            foreach (var (id, app) in _apps)
            {
                // The summary carries what identifies a release; any change of it is a change of the app.
                var summary = new JsonObject
                {
                    ["id"] = id,
                    ["name"] = app["name"]?.GetValue<string>() ?? string.Empty,
                    ["version"] = app["version"]?.ToString() ?? string.Empty,
                };
                if (SummaryDigests)
                {
                    summary["digest"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(app.ToJsonString())))[..12];
                }

                summaries[id] = summary;
            }

            var data = _curated.DeepClone().AsObject();
            data["apps"] = summaries;
            var info = new JsonObject
            {
                ["version"] = "1.12.3",
                ["hash"] = hash,
                ["last_updated"] = "2026-11-20T10:00:00Z",
                ["data"] = data,
                ["stats"] = new JsonObject { ["apps"] = _apps.Count },
            };
            if (SourceInfo is not null)
            {
                info["source"] = SourceInfo.DeepClone();
            }

            return Results.Json(info);
        }
    }

    private async Task<IResult> DetailsAsync(HttpContext context)
    {
        var inFlight = Interlocked.Increment(ref _concurrentDetails);
        try
        {
            for (var seen = _maxConcurrentDetails; inFlight > seen; seen = _maxConcurrentDetails)
            {
                Interlocked.CompareExchange(ref _maxConcurrentDetails, inFlight, seen);
            }

            if (DetailDelay > TimeSpan.Zero)
            {
#pragma warning disable RS0030 // the remote's latency is the behaviour being played
                await Task.Delay(DetailDelay, context.RequestAborted);
#pragma warning restore RS0030
            }

            return await AnswerDetailsAsync(context);
        }
        finally
        {
            Interlocked.Decrement(ref _concurrentDetails);
        }
    }

    private async Task<IResult> AnswerDetailsAsync(HttpContext context)
    {
        if (await MisbehaveAsync(context) is { } bad)
        {
            return bad;
        }

        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        var ids = body["app_ids"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        var apps = new JsonObject();
        var notFound = new JsonArray();
        lock (_gate)
        {
            foreach (var id in ids)
            {
                DetailRequests.Enqueue(id);
                if (_apps.TryGetValue(id, out var app) && !_listedOnly.Contains(id))
                {
                    apps[id] = app.DeepClone();
                }
                else
                {
                    notFound.Add(id);
                }
            }
        }

        return Results.Json(new JsonObject { ["apps"] = apps, ["version"] = "1.12.3", ["not_found"] = notFound });
    }
}
