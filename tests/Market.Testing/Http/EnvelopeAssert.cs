using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Market.Testing.Http;

/// <summary>Reads a response as the <c>{success, message, data}</c> envelope and checks its status.</summary>
public static class EnvelopeAssert
{
    public static async Task<JsonObject> ReadEnvelopeAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), body);
        JsonObject envelope;
        try
        {
            envelope = JsonNode.Parse(body)!.AsObject();
        }
        catch (JsonException)
        {
            Assert.Fail($"not JSON: {body}");
            throw;
        }

        Assert.That(envelope["success"]!.GetValue<bool>(), Is.EqualTo((int)expected < 400), body);
        Assert.That(envelope["message"]!.GetValue<string>(), Is.Not.Null, body);
        var keys = envelope.Select(p => p.Key).ToList();
        Assert.That(keys.Take(2), Is.EqualTo(new[] { "success", "message" }), "envelope key order");
        return envelope;
    }

    public static string Message(this JsonObject envelope) => envelope["message"]!.GetValue<string>();
}
