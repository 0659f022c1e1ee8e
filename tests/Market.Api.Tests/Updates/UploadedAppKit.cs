using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Testing.Apps;
using Market.Testing.Charts;

namespace Market.Api.Tests.Updates;

/// <summary>What the update, rollback and notification tests do over HTTP with uploaded apps: upload a version, run an operation to its end, read a task.</summary>
internal static class UploadedAppKit
{
    public static async Task UploadAsync(HttpClient client, string name, string version) =>
        await (await client.UploadAsync(ChartArchiveBuilder.Valid(name, version).Build(), $"{name}-{version}.tgz")).ReadEnvelopeAsync(HttpStatusCode.OK);

    public static async Task<JsonObject> StartAndWaitAsync(HttpClient client, HttpMethod method, string path, JsonObject body)
    {
        var envelope = await (await client.SendJsonAsync(method, path, body)).ReadEnvelopeAsync(HttpStatusCode.OK);
        return await client.WaitForTaskAsync(envelope.TaskId());
    }

    public static async Task<JsonObject> TaskAsync(HttpClient client, string id) =>
        (await (await client.GetAsync($"{AppTestKit.Base}/tasks/{id}")).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!.AsObject();
}
