using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Market.Api.Tests.Apps;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests.Operate;

/// <summary>
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set: traces, metrics and logs go to the collector over OTLP/HTTP. The
/// collector is played by an in-process HTTP listener that keeps what it receives (protobuf: strings are
/// readable as UTF-8), so the test also sees that no env value leaves the process.
/// </summary>
[NonParallelizable]
public sealed class OtlpExportTests
{
    private const string Secret = "otlp-hunter2-secret";

    [Test]
    public async Task With_an_endpoint_set_spans_metrics_and_logs_reach_the_collector_without_env_values()
    {
        using var collector = new FakeCollector();
        using var factory = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });
        await AppTestKit.AddCatalogAppAsync(factory, "beacon", envs: [new JsonObject { ["envName"] = "ROOT_PW", ["type"] = "password", ["required"] = true }]);
        using var user = factory.CreateUserClient("rita");
        var envelope = await (await user.SendJsonAsync(HttpMethod.Post, "/apps/beacon/install",
            AppTestKit.InstallBody("beacon", sync: false, envs: [new JsonObject { ["envName"] = "ROOT_PW", ["value"] = Secret }]))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await user.WaitForTaskAsync(envelope.TaskId());

        await collector.WaitForAsync("/v1/traces", body => body.Contains("/app-store/api/v2/apps/beacon/install", StringComparison.Ordinal));
        await collector.WaitForAsync("/v1/metrics", body => body.Contains("market.tasks", StringComparison.Ordinal));
        await collector.WaitForAsync("/v1/logs", body => body.Length > 0);

        var everything = collector.AllBodies();
        Assert.That(everything, Does.Contain("market"), "the service name is on the resource");
        Assert.That(everything, Does.Not.Contain(Secret));
    }

    /// <summary>An OTLP/HTTP collector: answers 200 to every POST and keeps the bodies per path.</summary>
    private sealed class FakeCollector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<(string Path, string Body)> _received = new();
        private readonly Task _loop;

        public FakeCollector()
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public string AllBodies() => string.Concat(_received.Select(r => r.Body));

        public Task WaitForAsync(string path, Func<string, bool> match) => Eventually.HoldsAsync(
            () => Task.FromResult(_received.Any(r => r.Path == path && match(r.Body))),
            () => $"the expected {path} export at the collector; got: {string.Join(", ", _received.Select(r => r.Path).Distinct())}",
            TimeSpan.FromSeconds(30));

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // the listener was closed under a pending accept
            }
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                _received.Enqueue((context.Request.Url!.AbsolutePath, await reader.ReadToEndAsync()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
    }
}
