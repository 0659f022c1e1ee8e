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
/// </summary>
public sealed class FakeRemoteMarket : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _apps = new(StringComparer.Ordinal);
    private readonly HashSet<string> _listedOnly = new(StringComparer.Ordinal);
    private int _concurrentDetails;
    private int _maxConcurrentDetails;
    private JsonObject _curated = DefaultCurated();
    private string? _hash;

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

    public int HashCalls;
    public int InfoCalls;

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
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    /// <summary>An app as a remote market describes it (the fields the real catalog carries).</summary>
    public static JsonObject App(string name, string version, string? description = null, string[]? labels = null) => new()
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
            ["dependencies"] = new JsonArray(new JsonObject { ["name"] = "olares", ["type"] = "system", ["version"] = ">=1.10.0-0" }),
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
            _apps[app["id"]!.GetValue<string>()] = app;
            _hash = null;
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
            _hash = null;
        }
    }

    public void Remove(string name)
    {
        lock (_gate)
        {
            _apps.Remove(AppIdOf(name));
            _hash = null;
        }
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

    private async Task<IResult> HashAsync(HttpContext context)
    {
        Interlocked.Increment(ref HashCalls);
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
