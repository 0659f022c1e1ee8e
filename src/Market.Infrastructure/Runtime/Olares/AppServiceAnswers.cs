using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using static Market.Domain.Common.JsonText;

namespace Market.Infrastructure.Runtime.Olares;

/// <summary>
/// What app-service's answer to an operation means: accepted (with its op id), refused (with its code, message and
/// data) or unavailable (thrown, so the engine retries). Pure: tested without HTTP.
/// </summary>
internal static class AppServiceAnswers
{
    /// <summary>The original client's classification (§1.8.2), with 5xx and transport errors as retryable.</summary>
    public static RuntimeSubmission Classify(OpType type, HttpStatusCode status, string text, DateTimeOffset now)
    {
        var code = (int)status;
        var envelope = TryParseObject(text);
        if (code >= 500)
        {
            throw new RuntimeUnavailableException($"appservice: service unavailable: HTTP {code}");
        }

        if (code != 200)
        {
            if (envelope is not null && (Number(envelope["code"]) != 0 || Text(envelope["message"]).Length > 0 || envelope["data"] is not null))
            {
                return Refused(type, code, envelope, text);
            }

            var error = code switch
            {
                401 or 403 => "appservice: unauthorized",
                404 => "appservice: app not found",
                _ => $"appservice: unexpected HTTP status {code}",
            };
            return RuntimeSubmission.Reject(code, 0, string.Empty, null, error, text);
        }

        if (envelope is null)
        {
            return RuntimeSubmission.Reject(code, 0, string.Empty, null, "appservice: invalid response body: not a JSON object", text);
        }

        var businessCode = Number(envelope["code"]);
        if (businessCode is not 0 and not 200)
        {
            return Refused(type, code, envelope, text);
        }

        var opId = OperationIdOf(envelope);
        if (opId.Length == 0)
        {
            if (type.CreatesApp())
            {
                // accepted without an id: the task fails with "opID not found in response data"
                return new RuntimeSubmission(true, null, code, businessCode, Text(envelope["message"]), null, string.Empty, text);
            }

            opId = SyntheticId(type, now);
        }

        return new RuntimeSubmission(true, opId, code, businessCode == 0 ? 200 : businessCode, Text(envelope["message"]),
            envelope["data"]?.DeepClone() ?? new JsonObject { ["opID"] = opId }, string.Empty, text);
    }

    private static RuntimeSubmission Refused(OpType type, int httpStatus, JsonObject envelope, string text)
    {
        var code = Number(envelope["code"]);
        var message = Text(envelope["message"]);
        var opId = OperationIdOf(envelope);
        var error = opId.Length > 0
            ? $"appservice: {type.ToWire()} op_id={opId} code={code}: {message}"
            : $"appservice: {type.ToWire()} code={code}: {message}";
        return RuntimeSubmission.Reject(httpStatus, code, message, envelope["data"]?.DeepClone(), error, text);
    }

    /// <summary>The id of an operation app-service accepted without one (never sent back to app-service as an id).</summary>
    public static string SyntheticId(OpType type, DateTimeOffset now) => $"olares-{type.ToWire()}-{now.ToUnixTimeMilliseconds()}";

    private static string OperationIdOf(JsonObject envelope) => envelope["data"] is JsonObject data ? Text(data["opID"]) : string.Empty;

    private static JsonObject? TryParseObject(string text)
    {
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var number) ? number : 0;
}
