using System.Diagnostics;
using System.Text.Json;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests.Operate;

/// <summary><c>Market:Logging:Json=true</c>: one JSON object per console line, with the trace and span of the request it was logged in.</summary>
[NonParallelizable]
public sealed class JsonLogsTests
{
    [TestCase("Market:Logging:Json", "true")]
    [TestCase("Logging:Console:FormatterName", "json")]
    public async Task Console_lines_are_json_with_the_trace_and_span_of_the_request(string key, string value)
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var console = new StringWriter();
        var original = Console.Out;
        Console.SetOut(TextWriter.Synchronized(console)); // before the host exists: the console logger keeps the writer it found
        try
        {
            using var factory = new MarketApiFactory(new Dictionary<string, string?>
            {
                [key] = value,
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information", // "Request starting …" lines, logged within the request
            });
            using var client = factory.CreateUserClient("pia");
            using var request = new HttpRequestMessage(HttpMethod.Get, HttpExtensions.Prefix + "/market/hash");
            request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            (await client.SendAsync(request)).EnsureSuccessStatusCode();

            // The console logger writes on its own thread: wait for the request's line.
            await Eventually.HoldsAsync(() => Task.FromResult(console.ToString().Contains(traceId, StringComparison.Ordinal)), "a log line of the request", TimeSpan.FromSeconds(10));
        }
        finally
        {
            Console.SetOut(original);
        }

        var lines = console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines, Is.Not.Empty);
        foreach (var line in lines)
        {
            using var parsed = JsonDocument.Parse(line); // every line is one JSON object
            Assert.That(parsed.RootElement.TryGetProperty("LogLevel", out _), Is.True, line);
        }

        var requestLine = lines.FirstOrDefault(l => l.Contains(traceId, StringComparison.Ordinal));
        Assert.That(requestLine, Is.Not.Null, "a line of the request carries its trace id");
        using var document = JsonDocument.Parse(requestLine!);
        var scope = document.RootElement.GetProperty("Scopes").EnumerateArray().First(s => s.TryGetProperty("TraceId", out _));
        Assert.That(scope.GetProperty("TraceId").GetString(), Is.EqualTo(traceId));
        Assert.That(scope.GetProperty("SpanId").GetString(), Has.Length.EqualTo(16));
        Assert.That(document.RootElement.GetProperty("Timestamp").GetString(), Does.EndWith("Z"));
    }
}
