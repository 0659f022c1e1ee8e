using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Market.Domain.Apps;

/// <summary>
/// The identity of a clone (original-api-endpoints §4.3): <c>requestHash</c> = first 6 hex of SHA-256
/// over the canonical JSON of <c>{source, app_name, title, envs?, entrances?}</c> (envs sorted by
/// envName, entrances by name, empty lists omitted, written exactly as Go's encoder writes it so the
/// same request always names the same clone); name = raw name + hash; app id = md5(name).
/// </summary>
public sealed record CloneIdentity(string AppName, string AppId, string RequestHash)
{
    public static CloneIdentity Of(string source, string rawAppName, string title, IReadOnlyList<AppEnv> envs, IReadOnlyList<CloneEntrance> entrances)
    {
        var json = CanonicalJson(source, rawAppName, title, envs, entrances);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..6];
        var name = rawAppName + hash;
        return new CloneIdentity(name, AppIdentity.Md5Hex(name), hash);
    }

    /// <summary>The hashed document, byte for byte as the original serialises it.</summary>
    public static string CanonicalJson(string source, string rawAppName, string title, IReadOnlyList<AppEnv> envs, IReadOnlyList<CloneEntrance> entrances)
    {
        var json = new StringBuilder();
        json.Append("{\"source\":").Append(GoJson.Quote(source))
            .Append(",\"app_name\":").Append(GoJson.Quote(rawAppName))
            .Append(",\"title\":").Append(GoJson.Quote(title));
        if (envs.Count > 0)
        {
            json.Append(",\"envs\":[");
            var first = true;
            foreach (var env in envs.OrderBy(e => e.EnvName, StringComparer.Ordinal))
            {
                json.Append(first ? string.Empty : ",").Append("{\"envName\":").Append(GoJson.Quote(env.EnvName));
                if (env.Value.Length > 0)
                {
                    json.Append(",\"value\":").Append(GoJson.Quote(env.Value));
                }

                if (env.ValueFrom is not null)
                {
                    json.Append(",\"valueFrom\":{");
                    if (env.ValueFrom.EnvName.Length > 0)
                    {
                        json.Append("\"envName\":").Append(GoJson.Quote(env.ValueFrom.EnvName));
                    }

                    json.Append('}');
                }

                json.Append('}');
                first = false;
            }

            json.Append(']');
        }

        if (entrances.Count > 0)
        {
            json.Append(",\"entrances\":[");
            json.AppendJoin(',', entrances.OrderBy(e => e.Name, StringComparer.Ordinal)
                .Select(e => "{\"name\":" + GoJson.Quote(e.Name) + ",\"title\":" + GoJson.Quote(e.Title) + "}"));
            json.Append(']');
        }

        return json.Append('}').ToString();
    }
}

/// <summary>String quoting of Go's <c>encoding/json</c> (HTML-safe escaping, Go ≥ 1.22 short escapes).</summary>
public static class GoJson
{
    private const string Hex = "0123456789abcdef";

    public static string Quote(string value)
    {
        var result = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': result.Append("\\\""); break;
                case '\\': result.Append("\\\\"); break;
                case '\n': result.Append("\\n"); break;
                case '\r': result.Append("\\r"); break;
                case '\t': result.Append("\\t"); break;
                case '\b': result.Append("\\b"); break;
                case '\f': result.Append("\\f"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    result.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                case < ' ':
                    result.Append("\\u00").Append(Hex[c >> 4]).Append(Hex[c & 0xF]);
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        result.Append(c).Append(value[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        result.Append("\\ufffd"); // Go replaces invalid UTF-8 with U+FFFD
                    }
                    else
                    {
                        result.Append(c);
                    }

                    break;
            }
        }

        return result.Append('"').ToString();
    }
}
