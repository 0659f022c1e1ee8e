using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Market.Infrastructure.Packages;

/// <summary>
/// YAML to JSON with the YAML 1.1 scalar rules of the Go tools (go-yaml v2 through sigs.k8s.io/yaml):
/// plain <c>8080</c> is a number, plain <c>true</c>/<c>yes</c>/<c>on</c> a boolean, <c>~</c> null,
/// quoted text always a string; <c>&lt;&lt;</c> merge keys are applied. Bounded: document size,
/// nesting depth and the number of nodes including every alias expansion (no "billion laughs").
/// </summary>
internal sealed partial class YamlDocumentReader : IYamlDocumentReader
{
    public const int MaxDocumentChars = 1024 * 1024;
    public const int MaxDepth = 64;
    public const int MaxNodes = 100_000;

    private const string StringTag = "tag:yaml.org,2002:str";

    public JsonNode? Read(string text, string fileName)
    {
        if (text.Length > MaxDocumentChars)
        {
            throw new BadRequestException($"{fileName}: the document is larger than {MaxDocumentChars} characters");
        }

        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (!parser.TryConsume<DocumentStart>(out _))
            {
                return null;
            }

            var state = new BuildState(fileName);
            return ReadNode(parser, state, depth: 0);
        }
        catch (YamlException ex)
        {
            throw new BadRequestException($"{fileName}: invalid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {Describe(ex)}");
        }
        catch (InvalidOperationException)
        {
            // The parser ran past the end of the stream: something was left open.
            throw new BadRequestException($"{fileName}: invalid YAML at line {text.Count(c => c == '\n') + 1}: unexpected end of the document");
        }
    }

    private static JsonNode? ReadNode(IParser parser, BuildState state, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new BadRequestException($"{state.FileName}: nesting is deeper than {MaxDepth} levels");
        }

        state.Count(1);
        var current = parser.Current ?? throw new BadRequestException($"{state.FileName}: unexpected end of the document");
        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                if (!state.Anchors.TryGetValue(alias.Value.Value, out var anchored))
                {
                    throw new BadRequestException($"{state.FileName}: line {alias.Start.Line}: unknown alias *{alias.Value.Value}");
                }

                state.Count(CountNodes(anchored));
                return anchored?.DeepClone();

            case Scalar scalar:
                parser.MoveNext();
                var value = Resolve(scalar);
                Remember(state, scalar, value);
                return value;

            case SequenceStart sequenceStart:
                parser.MoveNext();
                var list = new JsonArray();
                while (parser.Current is not SequenceEnd)
                {
                    list.Add(ReadNode(parser, state, depth + 1));
                }

                parser.MoveNext();
                Remember(state, sequenceStart, list);
                return list;

            case MappingStart mappingStart:
                parser.MoveNext();
                var map = new JsonObject();
                var merges = new List<JsonObject>();
                while (parser.Current is not MappingEnd)
                {
                    var keyEvent = parser.Current as Scalar
                        ?? throw new BadRequestException($"{state.FileName}: line {parser.Current?.Start.Line}: mapping keys must be plain values");
                    parser.MoveNext();
                    var item = ReadNode(parser, state, depth + 1);
                    if (keyEvent.Value == "<<" && keyEvent.Style == ScalarStyle.Plain)
                    {
                        merges.AddRange(item switch
                        {
                            JsonObject one => [one],
                            JsonArray many => many.OfType<JsonObject>(),
                            _ => [],
                        });
                        continue;
                    }

                    map[keyEvent.Value] = item;
                }

                parser.MoveNext();
                foreach (var merged in merges)
                {
                    foreach (var (key, item) in merged)
                    {
                        if (!map.ContainsKey(key))
                        {
                            map[key] = item?.DeepClone();
                        }
                    }
                }

                Remember(state, mappingStart, map);
                return map;

            default:
                throw new BadRequestException($"{state.FileName}: line {current.Start.Line}: unexpected {current.GetType().Name}");
        }
    }

    private static void Remember(BuildState state, NodeEvent node, JsonNode? value)
    {
        if (!node.Anchor.IsEmpty)
        {
            state.Anchors[node.Anchor.Value] = value;
        }
    }

    /// <summary>YAML 1.1 implicit typing of plain scalars; anything quoted or tagged !!str stays text.</summary>
    private static JsonNode? Resolve(Scalar scalar)
    {
        var text = scalar.Value;
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && scalar.Tag.Value == StringTag))
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF":
                return JsonValue.Create(false);
        }

        if (IntegerPattern().IsMatch(text))
        {
            var digits = text.Replace("_", string.Empty, StringComparison.Ordinal);
            var negative = digits.StartsWith('-');
            var unsigned = digits.TrimStart('+', '-');
            long? parsed = unsigned switch
            {
                _ when unsigned.StartsWith("0x", StringComparison.Ordinal) => TryBase(unsigned[2..], 16),
                _ when unsigned.StartsWith("0b", StringComparison.Ordinal) => TryBase(unsigned[2..], 2),
                _ when unsigned.Length > 1 && unsigned[0] == '0' => TryBase(unsigned[1..], 8),
                _ => long.TryParse(unsigned, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null,
            };
            if (parsed is not null)
            {
                return JsonValue.Create(negative ? -parsed.Value : parsed.Value);
            }
        }

        if (FloatPattern().IsMatch(text)
            && double.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
            && double.IsFinite(real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(text);
    }

    private static long? TryBase(string digits, int radix)
    {
        try
        {
            return digits.Length == 0 ? null : Convert.ToInt64(digits, radix);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            return null;
        }
    }

    private static int CountNodes(JsonNode? node) => node switch
    {
        JsonObject obj => 1 + obj.Sum(p => CountNodes(p.Value)),
        JsonArray list => 1 + list.Sum(CountNodes),
        _ => 1,
    };

    private static string Describe(YamlException ex)
    {
        // YamlDotNet leads its messages with "(Line: x, Col: y, Idx: z) - (…): "; the position is already given.
        var message = ex.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && cut > 0 ? message[(cut + 3)..] : message;
    }

    [GeneratedRegex(@"^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]+|[0-9][0-9_]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();

    private sealed class BuildState(string fileName)
    {
        private int _nodes;

        public string FileName { get; } = fileName;

        public Dictionary<string, JsonNode?> Anchors { get; } = new(StringComparer.Ordinal);

        public void Count(int nodes)
        {
            _nodes += nodes;
            if (_nodes > MaxNodes)
            {
                throw new BadRequestException($"{FileName}: the document expands to more than {MaxNodes} nodes (aliases included)");
            }
        }
    }
}
