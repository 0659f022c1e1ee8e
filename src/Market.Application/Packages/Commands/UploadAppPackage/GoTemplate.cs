using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Domain.Packages.Manifests;

namespace Market.Application.Packages.Commands.UploadAppPackage;

/// <summary>
/// The subset of Go <c>text/template</c> (with the Helm/Sprig functions) that legacy manifests use
/// (olares-manifest.md §5.5): <c>if / else if / else / end</c>, <c>$x := …</c>, pipelines, parentheses,
/// field chains on <c>.Values</c>, <c>.Release</c>, <c>.Chart</c> and variables, whitespace trimming, and
/// <c>and or not eq ne default dict index toString semverCompare quote empty lower upper</c>.
/// A missing key renders as empty, as in Helm. Anything else is refused with a message naming it.
/// </summary>
public static class GoTemplate
{
    private const int MaxOutputChars = 2 * 1024 * 1024;

    /// <summary>Renders <paramref name="text"/> with <paramref name="root"/> as <c>.</c>; a problem is a 400 naming it.</summary>
    public static string Render(string text, JsonObject root, string fileName)
    {
        try
        {
            var nodes = new Parser(Lexer.Split(text)).ParseAll();
            var output = new StringBuilder();
            new Evaluator(root, output).Run(nodes);
            return output.ToString();
        }
        catch (TemplateError error)
        {
            throw new BadRequestException($"{fileName}: template: {error.Message}");
        }
    }

    private sealed class TemplateError(string message) : Exception(message);

    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record OutputNode(Expression Pipeline) : Node;

    private sealed record AssignNode(string Variable, Expression Pipeline) : Node;

    private sealed record IfNode(List<(Expression Condition, List<Node> Body)> Branches, List<Node> Else) : Node;

    private abstract record Expression;

    private sealed record Literal(JsonNode? Value) : Expression;

    private sealed record Field(string? Variable, string[] Path) : Expression;

    private sealed record Call(string Function, List<Expression> Arguments) : Expression;

    /// <summary>Splits the text into literal text and actions, applying <c>{{-</c> / <c>-}}</c> trimming.</summary>
    private static class Lexer
    {
        public static List<(bool IsAction, string Text, int Line)> Split(string text)
        {
            var parts = new List<(bool, string, int)>();
            var position = 0;
            var trimNext = false;
            while (position < text.Length)
            {
                var open = text.IndexOf("{{", position, StringComparison.Ordinal);
                var literal = open < 0 ? text[position..] : text[position..open];
                if (trimNext)
                {
                    literal = literal.TrimStart();
                }

                var trimBefore = open >= 0 && open + 2 < text.Length && text[open + 2] == '-' && open + 3 < text.Length && char.IsWhiteSpace(text[open + 3]);
                if (trimBefore)
                {
                    literal = literal.TrimEnd();
                }

                parts.Add((false, literal, 0));
                if (open < 0)
                {
                    break;
                }

                var line = text.AsSpan(0, open).Count('\n') + 1;
                var start = open + (trimBefore ? 3 : 2);
                var close = FindClose(text, start) ?? throw new TemplateError($"line {line}: unclosed action");
                var trimAfter = close - 2 >= start && text[close - 1] == '-' && char.IsWhiteSpace(text[close - 2]);
                var body = text[start..(trimAfter ? close - 1 : close)].Trim();
                parts.Add((true, body, line));
                trimNext = trimAfter;
                position = close + 2;
            }

            return parts;
        }

        private static int? FindClose(string text, int from)
        {
            var quote = '\0';
            for (var i = from; i < text.Length - 1; i++)
            {
                var c = text[i];
                if (quote != '\0')
                {
                    if (c == '\\' && quote == '"')
                    {
                        i++;
                    }
                    else if (c == quote)
                    {
                        quote = '\0';
                    }
                }
                else if (c is '"' or '`')
                {
                    quote = c;
                }
                else if (c == '}' && text[i + 1] == '}')
                {
                    return i;
                }
            }

            return null;
        }
    }

    /// <summary>Builds the node tree; block actions nest until their <c>end</c>.</summary>
    private sealed class Parser(List<(bool IsAction, string Text, int Line)> parts)
    {
        private int _index;

        public List<Node> ParseAll()
        {
            var nodes = ParseBlock(out var stop);
            return stop is null ? nodes : throw new TemplateError($"line {stop.Value.Line}: unexpected {{{{{stop.Value.Text}}}}}");
        }

        private List<Node> ParseBlock(out (string Text, int Line)? stop)
        {
            var nodes = new List<Node>();
            while (_index < parts.Count)
            {
                var (isAction, text, line) = parts[_index++];
                if (!isAction)
                {
                    if (text.Length > 0)
                    {
                        nodes.Add(new TextNode(text));
                    }

                    continue;
                }

                if (text.StartsWith("/*", StringComparison.Ordinal))
                {
                    continue;
                }

                var keyword = text.Split([' ', '\t', '\n', '\r'], 2)[0];
                switch (keyword)
                {
                    case "end" or "else":
                        stop = (text, line);
                        return nodes;
                    case "if":
                        nodes.Add(ParseIf(text[2..], line));
                        break;
                    case "range" or "with" or "define" or "template" or "block" or "include":
                        throw new TemplateError($"line {line}: \"{keyword}\" is not supported in manifests");
                    default:
                        nodes.Add(ParseStatement(text, line));
                        break;
                }
            }

            stop = null;
            return nodes;
        }

        private IfNode ParseIf(string condition, int line)
        {
            var branches = new List<(Expression, List<Node>)>();
            var current = Expressions.Parse(condition, line);
            while (true)
            {
                var body = ParseBlock(out var stop);
                branches.Add((current, body));
                if (stop is null)
                {
                    throw new TemplateError($"line {line}: \"if\" without \"end\"");
                }

                var text = stop.Value.Text;
                if (text == "end")
                {
                    return new IfNode(branches, []);
                }

                if (text.StartsWith("else if ", StringComparison.Ordinal))
                {
                    current = Expressions.Parse(text[8..], stop.Value.Line);
                    continue;
                }

                if (text != "else")
                {
                    throw new TemplateError($"line {stop.Value.Line}: unexpected {{{{{text}}}}}");
                }

                var elseBody = ParseBlock(out var end);
                return end is { Text: "end" } ? new IfNode(branches, elseBody) : throw new TemplateError($"line {line}: \"else\" without \"end\"");
            }
        }

        private static Node ParseStatement(string text, int line)
        {
            var assign = text.IndexOf(":=", StringComparison.Ordinal);
            if (text.StartsWith('$') && assign > 0)
            {
                return new AssignNode(text[1..assign].Trim(), Expressions.Parse(text[(assign + 2)..], line));
            }

            return new OutputNode(Expressions.Parse(text, line));
        }
    }

    /// <summary>Pipelines: <c>cmd arg … | cmd arg …</c>, where the value on the left becomes the last argument on the right.</summary>
    private static class Expressions
    {
        public static Expression Parse(string text, int line)
        {
            var tokens = Tokenize(text, line);
            var position = 0;
            var expression = ParsePipeline(tokens, ref position, line);
            return position == tokens.Count ? expression : throw new TemplateError($"line {line}: unexpected \"{tokens[position]}\"");
        }

        private static Expression ParsePipeline(List<string> tokens, ref int position, int line)
        {
            var result = ParseCommand(tokens, ref position, line);
            while (position < tokens.Count && tokens[position] == "|")
            {
                position++;
                var next = ParseCommand(tokens, ref position, line);
                result = next is Call call
                    ? call with { Arguments = [.. call.Arguments, result] }
                    : throw new TemplateError($"line {line}: only a function can follow \"|\"");
            }

            return result;
        }

        private static Expression ParseCommand(List<string> tokens, ref int position, int line)
        {
            var items = new List<Expression>();
            string? function = null;
            while (position < tokens.Count && tokens[position] is not ("|" or ")"))
            {
                var token = tokens[position];
                if (items.Count == 0 && function is null && char.IsAsciiLetter(token[0]) && token is not ("true" or "false" or "nil"))
                {
                    function = token;
                    position++;
                    continue;
                }

                items.Add(ParseOperand(tokens, ref position, line));
            }

            if (function is not null)
            {
                return new Call(function, items);
            }

            return items.Count == 1 ? items[0] : throw new TemplateError($"line {line}: expected one value");
        }

        private static Expression ParseOperand(List<string> tokens, ref int position, int line)
        {
            var token = tokens[position++];
            if (token == "(")
            {
                var inner = ParsePipeline(tokens, ref position, line);
                if (position >= tokens.Count || tokens[position] != ")")
                {
                    throw new TemplateError($"line {line}: missing \")\"");
                }

                position++;
                return inner;
            }

            if (token[0] is '"' or '`')
            {
                return new Literal(JsonValue.Create(Unquote(token, line)));
            }

            if (token is "true" or "false")
            {
                return new Literal(JsonValue.Create(token == "true"));
            }

            if (token == "nil")
            {
                return new Literal(null);
            }

            if (char.IsAsciiDigit(token[0]) || (token[0] == '-' && token.Length > 1))
            {
                return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? new Literal(JsonValue.Create(number))
                    : throw new TemplateError($"line {line}: bad number {token}");
            }

            if (token[0] == '.')
            {
                return new Field(null, token == "." ? [] : token[1..].Split('.'));
            }

            if (token[0] == '$')
            {
                var parts = token[1..].Split('.');
                return new Field(parts[0], parts[1..]);
            }

            if (char.IsAsciiLetter(token[0]))
            {
                // A function named as an argument is called without arguments (e.g. "default dict").
                return new Call(token, []);
            }

            throw new TemplateError($"line {line}: unexpected \"{token}\"");
        }

        private static string Unquote(string token, int line)
        {
            if (token[0] == '`')
            {
                return token[1..^1];
            }

            try
            {
                return JsonSerializer.Deserialize<string>(token) ?? string.Empty;
            }
            catch (JsonException)
            {
                throw new TemplateError($"line {line}: bad string {token}");
            }
        }

        private static List<string> Tokenize(string text, int line)
        {
            var tokens = new List<string>();
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c is '(' or ')' or '|')
                {
                    tokens.Add(c.ToString());
                    i++;
                }
                else if (c is '"' or '`')
                {
                    var end = i + 1;
                    while (end < text.Length && text[end] != c)
                    {
                        end += text[end] == '\\' && c == '"' ? 2 : 1;
                    }

                    if (end >= text.Length)
                    {
                        throw new TemplateError($"line {line}: unterminated string");
                    }

                    tokens.Add(text[i..(end + 1)]);
                    i = end + 1;
                }
                else
                {
                    var end = i;
                    while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('(' or ')' or '|' or '"'))
                    {
                        end++;
                    }

                    tokens.Add(text[i..end]);
                    i = end;
                }
            }

            return tokens;
        }
    }

    private sealed class Evaluator(JsonObject root, StringBuilder output)
    {
        private readonly Dictionary<string, JsonNode?> _variables = new(StringComparer.Ordinal) { [string.Empty] = root };

        public void Run(List<Node> nodes)
        {
            foreach (var node in nodes)
            {
                switch (node)
                {
                    case TextNode text:
                        output.Append(text.Text);
                        break;
                    case OutputNode print:
                        output.Append(Text(Evaluate(print.Pipeline)));
                        break;
                    case AssignNode assign:
                        _variables[assign.Variable] = Evaluate(assign.Pipeline);
                        break;
                    case IfNode branch:
                        var taken = branch.Branches.FirstOrDefault(b => Truthy(Evaluate(b.Condition)));
                        Run(taken.Body ?? branch.Else);
                        break;
                }

                if (output.Length > MaxOutputChars)
                {
                    throw new TemplateError($"the rendered manifest is larger than {MaxOutputChars} characters");
                }
            }
        }

        private JsonNode? Evaluate(Expression expression) => expression switch
        {
            Literal literal => literal.Value?.DeepClone(),
            Field field => Lookup(field),
            Call call => Invoke(call),
            _ => null,
        };

        private JsonNode? Lookup(Field field)
        {
            JsonNode? current = root;
            if (field.Variable is not null && !_variables.TryGetValue(field.Variable, out current))
            {
                throw new TemplateError($"undefined variable ${field.Variable}");
            }

            foreach (var key in field.Path)
            {
                current = current is JsonObject obj && obj.TryGetPropertyValue(key, out var next) ? next : null;
            }

            return current?.DeepClone();
        }

        private JsonNode? Invoke(Call call)
        {
            var args = call.Arguments;
            switch (call.Function)
            {
                case "and":
                    JsonNode? lastAnd = null;
                    foreach (var arg in args)
                    {
                        lastAnd = Evaluate(arg);
                        if (!Truthy(lastAnd))
                        {
                            return lastAnd;
                        }
                    }

                    return lastAnd;
                case "or":
                    JsonNode? lastOr = null;
                    foreach (var arg in args)
                    {
                        lastOr = Evaluate(arg);
                        if (Truthy(lastOr))
                        {
                            return lastOr;
                        }
                    }

                    return lastOr;
            }

            var values = args.Select(Evaluate).ToList();
            return call.Function switch
            {
                "not" => JsonValue.Create(!Truthy(One(values, call))),
                "empty" => JsonValue.Create(!Truthy(One(values, call))),
                "eq" => JsonValue.Create(values.Count >= 2 && values.Skip(1).Any(v => Same(values[0], v))),
                "ne" => JsonValue.Create(values.Count != 2 || !Same(values[0], values[1])),
                "default" => values.Count == 2 ? (Truthy(values[1]) ? values[1] : values[0]) : values.FirstOrDefault(),
                "dict" => Dict(values),
                "index" => Index(values),
                "toString" => JsonValue.Create(Text(One(values, call))),
                "quote" => JsonValue.Create("\"" + Text(One(values, call)) + "\""),
                "lower" => JsonValue.Create(Text(One(values, call)).ToLowerInvariant()),
                "upper" => JsonValue.Create(Text(One(values, call)).ToUpperInvariant()),
                "semverCompare" => JsonValue.Create(SemverCompare(values)),
                _ => throw new TemplateError($"function \"{call.Function}\" is not supported in manifests"),
            };
        }

        private static JsonNode? One(List<JsonNode?> values, Call call) =>
            values.Count == 1 ? values[0] : throw new TemplateError($"\"{call.Function}\" takes one argument");

        private static JsonObject Dict(List<JsonNode?> values)
        {
            var result = new JsonObject();
            for (var i = 0; i + 1 < values.Count; i += 2)
            {
                result[Text(values[i])] = values[i + 1];
            }

            return result;
        }

        private static JsonNode? Index(List<JsonNode?> values)
        {
            var current = values.FirstOrDefault();
            foreach (var key in values.Skip(1))
            {
                current = current is JsonObject obj && obj.TryGetPropertyValue(Text(key), out var next) ? next : null;
            }

            return current?.DeepClone();
        }

        private static bool SemverCompare(List<JsonNode?> values) =>
            values.Count == 2
            && VersionConstraint.TryParse(Text(values[0]), out var constraint, out _)
            && SemanticVersion.TryParse(Text(values[1]), out var version)
            && constraint.IsSatisfiedBy(version);

        private static bool Same(JsonNode? left, JsonNode? right) =>
            (left is null && right is null) || (left is not null && right is not null && Text(left) == Text(right));

        private static bool Truthy(JsonNode? value) => value switch
        {
            null => false,
            JsonObject obj => obj.Count > 0,
            JsonArray list => list.Count > 0,
            JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Length > 0,
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => ManifestJson.Text(v) is not ("0" or "-0"),
            _ => true,
        };

        private static string Text(JsonNode? value) => value switch
        {
            null => string.Empty,
            JsonValue v => ManifestJson.Text(v),
            _ => value.ToJsonString(),
        };
    }
}
