using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Domain.Tasks;

namespace Market.Application.Tasks.Commands.RejectTask;

/// <summary>What a runtime refusal says, as the failure classifier reads it (the 422 failed-check type and what it names).</summary>
public static class RuntimeEvidence
{
    /// <summary>An <c>appenv</c> refusal listing only invalid values (no missing ones).</summary>
    public const string InvalidEnvCheck = "appenv:invalid";

    public static FailureEvidence Of(RuntimeSubmission? submission, string error, bool unreachable)
    {
        if (submission is null)
        {
            return FailureEvidence.NotSubmitted(error, unreachable);
        }

        var data = submission.Data as JsonObject;
        var checkType = data?["type"] is JsonValue type && type.TryGetValue<string>(out var text) ? text : null;
        var named = Named(data?["Data"] ?? data?["data"]);
        if (checkType == "appenv" && named is not null && !named.Contains("missing", StringComparison.Ordinal))
        {
            checkType = InvalidEnvCheck; // app-service's one env type, told apart by what it lists
        }

        var message = string.Join(": ", new[] { submission.Message, named }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return new FailureEvidence(
            Reason: data?["reason"] is JsonValue reason && reason.TryGetValue<string>(out var why) ? why : null,
            Message: message.Length > 0 ? message : error,
            HttpStatus: submission.HttpStatus,
            CheckType: checkType);
    }

    /// <summary>The names a structured refusal lists (<c>missingValues</c>, <c>invalidValues</c>, …), so the next step can name them.</summary>
    private static string? Named(JsonNode? details)
    {
        if (details is not JsonObject fields)
        {
            return null;
        }

        var parts = new List<string>();
        foreach (var (key, value) in fields)
        {
            if (value is not JsonArray items || items.Count == 0)
            {
                continue;
            }

            // Only names: an item may be an env spec with a value; its value never leaves here.
            var names = items.Select(i => i is JsonObject o ? (o["envName"] ?? o["name"])?.ToString() : i?.ToString()).Where(n => !string.IsNullOrEmpty(n));
            parts.Add($"{key} {string.Join(", ", names)}");
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }
}
