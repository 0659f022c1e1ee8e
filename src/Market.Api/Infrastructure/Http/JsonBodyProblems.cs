using System.Text;
using System.Text.Json;

namespace Market.Api.Infrastructure.Http;

/// <summary>The problems of a JSON body that no route's binder reports well; syntax errors are left to the binder.</summary>
public static class JsonBodyProblems
{
    /// <summary>A message naming the first problem, or null when the body is fine (or only syntactically broken).</summary>
    public static string? Find(ReadOnlySpan<byte> body, int maxDepth)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return "Request body is not valid UTF-8";
        }

        // One more level than allowed, so that going past the limit is seen here rather than thrown as a syntax error.
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        var keys = new Stack<HashSet<string>?>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray when reader.CurrentDepth >= maxDepth:
                        return $"Request body is nested deeper than {maxDepth} levels";
                    case JsonTokenType.StartObject:
                        keys.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.StartArray:
                        keys.Push(null);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        keys.Pop();
                        break;
                    case JsonTokenType.PropertyName or JsonTokenType.String when reader.ValueIsEscaped && !IsValidUnicode(ref reader):
                        return LoneSurrogate;
                    case JsonTokenType.PropertyName when keys.Peek() is { } seen:
                        var name = reader.GetString()!;
                        if (!seen.Add(name))
                        {
                            return $"Request body has the key '{Printable(name)}' twice in one object";
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null; // malformed JSON: the route answers it with its own message
        }

        return null;
    }

    public const string LoneSurrogate = "Request body has a string with a lone surrogate escape (such as \\ud800): strings must be valid Unicode";

    /// <summary>
    /// An escape such as <c>\ud800</c> without its pair is valid JSON syntax but no string: reading it throws
    /// an <see cref="InvalidOperationException"/> in every binder, which would be a 500.
    /// </summary>
    private static bool IsValidUnicode(ref Utf8JsonReader reader)
    {
        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Printable(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name.Length > 64 ? name[..64] : name)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
    }
}
