using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Application.Common.Telemetry;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Market.Api.Tests.Operate;

/// <summary>
/// Issue 12: one trace follows an install from the request through its task attempt to the runtime's
/// HTTP calls (the Olares adapter against an in-process app-service), and no env value is in any span.
/// </summary>
[NonParallelizable]
public sealed class TaskTraceTests
{
    private const string Password = "trace-hunter2-secret";
    private const string PlainValue = "trace-plain-green";

    private readonly List<Activity> _spans = [];
    private FakeAppService _appService = null!;
    private MarketApiFactory _root = null!;
    private WebApplicationFactory<Program> _factory = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _appService = await FakeAppService.StartAsync(TimeSpan.FromMilliseconds(100));
        _root = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Runtime:Provider"] = "Olares",
            ["Market:Runtime:Olares:AppServiceUrl"] = _appService.Url,
            ["Market:Runtime:Olares:PollIntervalMs"] = "50",
        });
        _factory = _root.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans).SetSampler(new AlwaysOnSampler())))); // an exporter of its own: every request traced, as with OTLP
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _factory.Dispose();
        _root.Dispose();
        await _appService.DisposeAsync();
    }

    [Test]
    public async Task An_install_request_its_task_attempt_and_the_runtime_calls_share_one_trace_without_env_values()
    {
        await AppTestKit.AddCatalogAppAsync(_factory, "tracer", envs: [new JsonObject { ["envName"] = "ROOT_PW", ["type"] = "password", ["required"] = true }]);
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Bfl-User", "tess");
        var envs = new JsonArray
        {
            new JsonObject { ["envName"] = "ROOT_PW", ["value"] = Password },
            new JsonObject { ["envName"] = "COLOR", ["value"] = PlainValue },
        };
        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/tracer/install", AppTestKit.InstallBody("tracer", sync: false, envs: envs))).ReadEnvelopeAsync(HttpStatusCode.OK);
        var taskId = envelope.TaskId();
        var task = await client.WaitForTaskAsync(taskId);
        Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("completed"));

        // The attempt's activity stops right after the task ends: wait for it to be exported.
        var spans = await Eventually.ValueAsync(
            () =>
            {
                _factory.Services.GetRequiredService<TracerProvider>().ForceFlush();
                lock (_spans)
                {
                    List<Activity> copy = [.. _spans];
                    return Task.FromResult<List<Activity>?>(copy);
                }
            },
            s => s.Any(a => a.Source.Name == MarketTelemetry.Name && a.GetTagItem("market.task.id") as string == taskId),
            () => "the task attempt's span to be exported",
            TimeSpan.FromSeconds(30));

        var request = spans.Single(s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") as string == $"{AppTestKit.Base}/apps/tracer/install");
        var attempt = spans.Single(s => s.Source.Name == MarketTelemetry.Name && s.GetTagItem("market.task.id") as string == taskId);
        var runtimeCalls = spans
            .Where(s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == attempt.SpanId)
            .Select(s => (Url: s.GetTagItem("url.full") as string ?? string.Empty, s.TraceId))
            .ToList();
        Assert.That(attempt.TraceId, Is.EqualTo(request.TraceId), "the task attempt is in the request's trace");
        Assert.That(attempt.DisplayName, Is.EqualTo("task install"));
        Assert.That(attempt.GetTagItem("market.task.status"), Is.EqualTo("completed"), "the attempt carries the outcome");
        Assert.That(runtimeCalls.Select(c => c.Url), Has.Some.EndsWith("/app-service/v1/apps/tracer/install"), "the runtime submission is a child of the attempt");
        Assert.That(runtimeCalls.Select(c => c.Url), Has.Some.EndsWith("/app-service/v1/all/apps"), "and so are the polls that follow it");
        Assert.That(runtimeCalls.Select(c => c.TraceId).Distinct(), Is.EqualTo(new[] { request.TraceId }), "and in the same trace");
        var submitted = _appService.Requests.Single(r => r.Operation == "install" && r.App == "tracer");
        Assert.That(submitted.Headers["traceparent"], Does.Contain(request.TraceId.ToHexString()), "the trace reaches the runtime");

        var exported = new StringBuilder();
        foreach (var span in spans)
        {
            exported.AppendLine(span.DisplayName).AppendLine(span.StatusDescription);
            foreach (var (key, value) in span.TagObjects)
            {
                exported.Append(key).Append('=').AppendLine(value?.ToString());
            }
        }

        Assert.That(exported.ToString(), Does.Not.Contain(Password).And.Not.Contain(PlainValue));
    }
}
