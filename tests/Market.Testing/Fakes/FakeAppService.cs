using System.Collections.Concurrent;
using System.Globalization;
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
/// An in-process Olares app-service speaking its real protocol: operation endpoints answering
/// <c>{code, message, data:{opID}}</c>, state progressing with time in <c>GET /app-service/v1/all/apps</c>,
/// a 422 <c>appenv</c> refusal for required envs, and a record of every request (submissions are counted).
/// With <see cref="Announce"/> set it also announces every state change of an operation as app-service does
/// on NATS <c>os.application.*</c> (original-data-and-sync §10.1).
/// </summary>
public sealed class FakeAppService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeApp> _apps = new(StringComparer.Ordinal);
    private int _opSequence;
    private int _statusPolls;

    private FakeAppService(WebApplication app, TimeSpan step)
    {
        _app = app;
        Step = step;
    }

    public TimeSpan Step { get; }

    public string Url { get; private set; } = string.Empty;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Envs an install must carry a value for, else 422 appenv.</summary>
    public HashSet<string> RequiredEnvs { get; } = new(StringComparer.Ordinal);

    /// <summary>Compute modes runnable for every install: with several and no <c>selectedGpuType</c>, 422 <c>computeModeSelect</c>.</summary>
    public List<string> RunnableModes { get; } = [];

    /// <summary>
    /// <c>computeBindingRequired</c> or <c>computeBindingUnavailable</c>: a resume without <c>computeBinding</c> is
    /// answered with that 422 failed check (null: resumes need no binding).
    /// </summary>
    public string? ResumeBindingCheck { get; set; }

    /// <summary>Answers for the next operation requests before normal handling (e.g. a 503 to test retries).</summary>
    public ConcurrentQueue<(int Status, string Body)> NextAnswers { get; } = new();

    public static async Task<FakeAppService> StartAsync(TimeSpan step)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeAppService(app, step);
        app.MapPost("/app-service/v1/apps/{name}/{op}", fake.OperateAsync);
        app.MapGet("/app-service/v1/all/apps", fake.AllApps);
        await app.StartAsync();
        fake.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    /// <summary>Receives each state announcement (an <c>AppStateMessage</c>); failures (NATS away) are ignored like a lost message.</summary>
    public Func<JsonObject, Task>? Announce { get; set; }

    /// <summary>How many times <c>GET /app-service/v1/all/apps</c> was asked.</summary>
    public int StatusPolls => Volatile.Read(ref _statusPolls);

    /// <summary>An app app-service already has, at rest in <paramref name="state"/> (installed before the test).</summary>
    public void Place(string user, string name, string state) =>
        _apps[$"{user}/{name}"] = new FakeApp(name, user, "placed", "op-placed", DateTimeOffset.UtcNow, FixedState: state);

    /// <summary>How many times <paramref name="op"/> was requested for <paramref name="app"/>.</summary>
    public int Submissions(string op, string app) => Requests.Count(r => r.Operation == op && r.App == app);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> OperateAsync(HttpContext context, string name, string op)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var user = context.Request.Headers["X-Bfl-User"].ToString();
        Requests.Enqueue(new RecordedRequest(op, name, context.Request.QueryString.Value ?? string.Empty, body,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), context.Request.ContentType ?? string.Empty));
        if (NextAnswers.TryDequeue(out var canned))
        {
            return Results.Text(canned.Body, "application/json", statusCode: canned.Status);
        }

        var now = DateTimeOffset.UtcNow;
        var key = $"{user}/{name}";
        var opId = "op-" + Interlocked.Increment(ref _opSequence).ToString(CultureInfo.InvariantCulture);
        switch (op)
        {
            case "install":
                var envs = JsonNode.Parse(body)?["envs"] as JsonArray ?? [];
                var missing = RequiredEnvs.Where(r => !envs.Any(e => e?["envName"]?.GetValue<string>() == r && !string.IsNullOrEmpty(e?["value"]?.GetValue<string>()))).ToList();
                if (missing.Count > 0)
                {
                    return Json(422, new JsonObject
                    {
                        ["code"] = 422,
                        ["message"] = "app env invalid",
                        ["data"] = new JsonObject
                        {
                            ["type"] = "appenv",
                            ["Data"] = new JsonObject
                            {
                                ["missingValues"] = new JsonArray(missing.Select(m => (JsonNode)new JsonObject { ["envName"] = m }).ToArray()),
                                ["missingRefs"] = null,
                                ["invalidValues"] = null,
                            },
                        },
                    });
                }

                if (RunnableModes.Count > 1 && string.IsNullOrEmpty(JsonNode.Parse(body)?["selectedGpuType"]?.GetValue<string>()))
                {
                    var plans = new JsonArray(RunnableModes.Select(m => (JsonNode)new JsonObject { ["computeType"] = m, ["status"] = "installable" }).ToArray());
                    return FailedCheck("computeModeSelect", plans);
                }

                _apps[key] = new FakeApp(name, user, "install", opId, now);
                break;
            case "resume" when ResumeBindingCheck is { } check && (string.IsNullOrEmpty(body) || JsonNode.Parse(body)?["computeBinding"] is not JsonArray { Count: > 0 }):
                return FailedCheck(check, new JsonObject
                {
                    ["availability"] = new JsonObject
                    {
                        ["schedulable"] = true,
                        ["scope"] = "card",
                        ["nodes"] = new JsonArray(new JsonObject
                        {
                            ["nodeName"] = "node-1",
                            ["gpuType"] = "nvidia",
                            ["devices"] = new JsonArray(new JsonObject { ["nodeName"] = "node-1", ["deviceId"] = "GPU-0", ["supportType"] = "MemorySlice" }),
                        }),
                    },
                });
            case "upgrade" or "suspend" or "resume" or "uninstall":
                if (!_apps.TryGetValue(key, out var existing))
                {
                    return Json(404, new JsonObject { ["code"] = 404, ["message"] = $"app {name} not found" });
                }

                _apps[key] = existing with { Op = op, OpId = opId, Started = now, CanceledAt = null };
                break;
            case "cancel":
                // 1.12.7 cancels installs, upgrades and resumes; the cancel becomes the app's operation (its opID, opType cancel).
                if (!_apps.TryGetValue(key, out var installing) || installing.Op is not ("install" or "upgrade" or "resume")
                    || installing.CanceledAt is not null || StateOf(installing, now).Final)
                {
                    return Json(400, new JsonObject { ["code"] = 400, ["message"] = "no operation to cancel" });
                }

                _apps[key] = installing with { CanceledAt = now, OpId = opId };
                break;
            default:
                return Results.NotFound();
        }

        if (Announce is { } announce && op != "cancel")
        {
            _ = AnnounceAsync(announce, key, opId, context.Request.Headers["X-Market-Source"].ToString());
        }

        return Json(200, new JsonObject { ["code"] = 200, ["data"] = new JsonObject { ["opID"] = opId } });
    }

    /// <summary>app-service's <c>HandleFailedCheck</c>: 422 with the check's type and its details.</summary>
    private static IResult FailedCheck(string type, JsonNode details) =>
        Json(422, new JsonObject { ["code"] = 422, ["message"] = type, ["data"] = new JsonObject { ["type"] = type, ["Data"] = details } });

    /// <summary>Announces the operation's states as they change until it ends or another operation replaces it.</summary>
    private async Task AnnounceAsync(Func<JsonObject, Task> announce, string key, string opId, string source)
    {
        string? last = null;
        while (_apps.TryGetValue(key, out var app) && app.OpId == opId)
        {
            var now = DateTimeOffset.UtcNow;
            var (state, progress, final) = StateOf(app, now);
            state = state == "gone" ? "uninstalled" : state;
            if (state + progress != last)
            {
                last = state + progress;
                try
                {
                    await announce(new JsonObject
                    {
                        ["eventID"] = Guid.NewGuid().ToString("N"),
                        ["createTime"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
                        ["name"] = app.Name,
                        ["rawAppName"] = app.Name,
                        ["title"] = app.Name,
                        ["opID"] = opId,
                        ["opType"] = app.Op == "suspend" ? "stop" : app.Op,
                        ["state"] = state,
                        ["user"] = app.Owner,
                        ["progress"] = progress ?? string.Empty,
                        ["marketSource"] = source,
                        ["reason"] = string.Empty,
                        ["message"] = string.Empty,
                        ["entranceStatuses"] = new JsonArray(new JsonObject { ["name"] = app.Name, ["state"] = state == "running" ? "running" : final ? "stopped" : "notReady" }),
                    });
                }
                catch (Exception)
                {
                    // Lost, like an announcement sent while NATS is away.
                }
            }

            if (final)
            {
                return;
            }

            // The fake's own clock: states change every Step, looked at a few times per step.
#pragma warning disable RS0030 // the fake's clock is the party's own pace, not a test waiting
            await Task.Delay(Step / 4);
#pragma warning restore RS0030
        }
    }

    private IResult AllApps()
    {
        Interlocked.Increment(ref _statusPolls);
        var now = DateTimeOffset.UtcNow;
        var list = new JsonArray();
        foreach (var app in _apps.Values)
        {
            var (state, progress, final) = StateOf(app, now);
            if (state == "gone")
            {
                continue;
            }

            list.Add(new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = app.Name, ["namespace"] = $"{app.Name}-{app.Owner}" },
                ["spec"] = new JsonObject { ["name"] = app.Name, ["owner"] = app.Owner, ["appid"] = app.Name },
                ["status"] = new JsonObject
                {
                    ["state"] = state,
                    ["progress"] = progress,
                    ["opId"] = app.OpId,
                    ["opType"] = app.CanceledAt is not null ? "cancel" : app.Op == "suspend" ? "stop" : app.Op,
                    ["reason"] = app.CanceledAt is not null && app.Op == "upgrade" && final ? "upgradeCancelByUser" : string.Empty,
                    ["lastTransitionTime"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    ["entranceStatuses"] = new JsonArray(new JsonObject { ["name"] = app.Name, ["state"] = state == "running" ? "running" : final ? "stopped" : "notReady" }),
                },
            });
        }

        return Results.Text(list.ToJsonString(), "application/json");
    }

    private (string State, string? Progress, bool Final) StateOf(FakeApp app, DateTimeOffset now)
    {
        if (app.FixedState is { } fixedState)
        {
            return (fixedState, null, true);
        }

        var step = (int)((now - app.Started) / Step);
        if (app.CanceledAt is { } canceled)
        {
            if (app.Op is "upgrade" or "resume")
            {
                // A canceled upgrade or resume is stopped (on the previous version); there is no upgradingCanceled.
                return now - canceled < Step ? (app.Op == "upgrade" ? "upgradingCanceling" : "resumingCanceling", null, false) : ("stopped", null, true);
            }

            var at = StateOf(app with { CanceledAt = null }, canceled).State;
            var stage = at is "pending" or "downloading" or "installing" ? at : "installing";
            return now - canceled < Step ? ($"{stage}Canceling", null, false) : ($"{stage}Canceled", null, true);
        }

        return app.Op switch
        {
            "install" => step switch
            {
                0 => ("pending", null, false),
                1 or 2 => ("downloading", (step * 50).ToString(CultureInfo.InvariantCulture), false),
                3 => ("installing", null, false),
                4 => ("initializing", null, false),
                _ => ("running", null, true),
            },
            "upgrade" => step switch
            {
                0 or 1 => ("upgrading", null, false),
                2 => ("initializing", null, false),
                _ => ("running", null, true),
            },
            "uninstall" => step == 0 ? ("uninstalling", null, false) : ("gone", null, true),
            "suspend" => step == 0 ? ("stopping", null, false) : ("stopped", null, true),
            "resume" => step == 0 ? ("resuming", null, false) : ("running", null, true),
            _ => ("running", null, true),
        };
    }

    private static IResult Json(int status, JsonObject body) => Results.Text(body.ToJsonString(), "application/json", statusCode: status);

    private sealed record FakeApp(string Name, string Owner, string Op, string OpId, DateTimeOffset Started, DateTimeOffset? CanceledAt = null, string? FixedState = null);
}

/// <summary>One request the fake received.</summary>
public sealed record RecordedRequest(string Operation, string App, string Query, string Body, IReadOnlyDictionary<string, string> Headers, string ContentType)
{
    public JsonObject? Json => string.IsNullOrEmpty(Body) ? null : JsonNode.Parse(Body) as JsonObject;
}
