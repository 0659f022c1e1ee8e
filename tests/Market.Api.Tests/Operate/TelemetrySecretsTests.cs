using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Market.Api.Tests.Apps;
using Market.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace Market.Api.Tests.Operate;

/// <summary>
/// What the exporters would send: spans for HTTP in and EF Core, logs of the install, and not one env
/// value or token in any span name, attribute, event or log record.
/// </summary>
[NonParallelizable]
public sealed class TelemetrySecretsTests
{
    private const string Password = "hunter2-otel-secret";
    private const string Token = "tok-otel-4711";
    private const string PlainValue = "plain-otel-blue";

    private readonly List<Activity> _spans = [];
    private readonly List<LogRecord> _logs = [];
    private MarketApiFactory _root = null!;
    private WebApplicationFactory<Program> _factory = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _root = new MarketApiFactory();
        _factory = _root.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans).SetSampler(new AlwaysOnSampler())); // an exporter of its own: every request traced, as with OTLP
            services.ConfigureOpenTelemetryLoggerProvider(l => l.AddInMemoryExporter(_logs));
        }));
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _factory.Dispose();
        _root.Dispose();
    }

    [Test]
    public async Task An_install_with_secret_envs_exports_spans_and_logs_without_any_env_value()
    {
        await AppTestKit.AddCatalogAppAsync(_factory, "vault", envs:
        [
            new JsonObject { ["envName"] = "ROOT_PW", ["type"] = "password", ["required"] = true },
        ]);
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Bfl-User", "otto");
        var envs = new JsonArray
        {
            new JsonObject { ["envName"] = "ROOT_PW", ["value"] = Password },
            new JsonObject { ["envName"] = "API_TOKEN", ["value"] = Token },
            new JsonObject { ["envName"] = "COLOR", ["value"] = PlainValue },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{AppTestKit.Base}/apps/vault/install?token={Token}")
        {
            Content = new StringContent(AppTestKit.InstallBody("vault", sync: false, envs: envs).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        var envelope = await (await client.SendAsync(request)).ReadEnvelopeAsync(HttpStatusCode.OK);
        var task = await client.WaitForTaskAsync(envelope.TaskId());
        Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("completed"));

        _factory.Services.GetRequiredService<TracerProvider>().ForceFlush();
        _factory.Services.GetRequiredService<LoggerProvider>().ForceFlush();
        List<Activity> spans;
        List<LogRecord> logs;
        lock (_spans)
        {
            spans = [.. _spans];
        }

        lock (_logs)
        {
            logs = [.. _logs];
        }

        Assert.That(spans.Select(s => s.Source.Name), Does.Contain("Microsoft.AspNetCore"), "HTTP server spans are recorded");
        Assert.That(spans.Any(s => s.Tags.Any(t => t.Key.StartsWith("db.", StringComparison.Ordinal))), Is.True, "EF Core spans are recorded");
        Assert.That(spans.Any(s => s.GetTagItem("url.path") as string == $"{AppTestKit.Base}/apps/vault/install"), Is.True, "the install request has its span");
        Assert.That(logs, Is.Not.Empty, "logs go through OpenTelemetry too");

        var exported = new StringBuilder();
        foreach (var span in spans)
        {
            exported.AppendLine(span.DisplayName).AppendLine(span.StatusDescription);
            foreach (var (key, value) in span.TagObjects)
            {
                exported.Append(key).Append('=').AppendLine(value?.ToString());
            }

            foreach (var e in span.Events)
            {
                exported.AppendLine(e.Name);
                foreach (var (key, value) in e.Tags)
                {
                    exported.Append(key).Append('=').AppendLine(value?.ToString());
                }
            }
        }

        foreach (var log in logs)
        {
            exported.AppendLine(log.FormattedMessage).AppendLine(log.Body).AppendLine(log.Exception?.ToString());
            foreach (var (key, value) in log.Attributes ?? [])
            {
                exported.Append(key).Append('=').AppendLine(value?.ToString());
            }
        }

        var text = exported.ToString();
        Assert.That(text, Does.Contain("vault"), "the exported text is what was checked");
        Assert.That(text, Does.Not.Contain(Password).And.Not.Contain(Token).And.Not.Contain(PlainValue));
    }
}
