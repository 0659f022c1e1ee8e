using Market.Application.Common.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Market.Application.Common.Catalog;

/// <summary>
/// <c>raw_data.envs</c> of a <c>POST /apps</c> item, which <c>olares-cli market get</c> reads to show an app's
/// env requirements (olares-current §6): each env as the manifest declares it, by an allow-list of spec keys,
/// so that a declared <c>value</c> (or any key a manifest adds) never leaves the catalog this way.
/// </summary>
public static class EnvSpecWriter
{
    private static readonly string[] SpecKeys = ["envName", "required", "type", "title", "description", "default", "regex", "remoteOptions"];

    public static void WriteRawData(Utf8JsonWriter w, JsonObject entry)
    {
        w.WriteStartObject("raw_data");
        w.WriteStartArray("envs");
        foreach (var env in (JsonRead.Get(entry, "envs") as JsonArray ?? []).OfType<JsonObject>())
        {
            WriteSpec(w, env);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteSpec(Utf8JsonWriter w, JsonObject env)
    {
        w.WriteStartObject();
        foreach (var key in SpecKeys)
        {
            if (env[key] is { } value)
            {
                w.WritePropertyName(key);
                value.WriteTo(w);
            }
        }

        if (JsonRead.Str(env["valueFrom"] as JsonObject, "envName") is { Length: > 0 } from)
        {
            w.WriteStartObject("valueFrom");
            w.WriteString("envName", from);
            w.WriteEndObject();
        }

        if (env["options"] is JsonArray options)
        {
            w.WriteStartArray("options");
            foreach (var option in options.OfType<JsonObject>())
            {
                w.WriteStartObject();
                CopyIfPresent(w, option, "value");
                CopyIfPresent(w, option, "title");
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void CopyIfPresent(Utf8JsonWriter w, JsonObject from, string key)
    {
        if (from[key] is { } value)
        {
            w.WritePropertyName(key);
            value.WriteTo(w);
        }
    }
}
