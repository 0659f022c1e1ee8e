using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Domain.Catalog;
using static Market.Domain.Common.JsonText;

namespace Market.Application.Apps.Operations;

/// <summary>What operations need from a catalog entry (the ApplicationInfoEntry JSON of client-contract §6.3).</summary>
public sealed record ManifestEntry(string Title, string Icon, string CfgType, IReadOnlyList<AppEntrance> Entrances, IReadOnlyList<DeclaredEnv> Envs)
{
    /// <summary>The compute modes of <c>accelerator[]</c> (<c>cpu</c>, <c>nvidia</c> …): with several, the runtime asks which one.</summary>
    public IReadOnlyList<string> ComputeModes { get; init; } = [];

    /// <summary><c>options.templateOnly</c>: a template body, cloned into instances without being installed itself.</summary>
    public bool TemplateOnly { get; init; }

    public static ManifestEntry Parse(CatalogApp app)
    {
        JsonObject entry;
        try
        {
            entry = JsonNode.Parse(string.IsNullOrWhiteSpace(app.EntryJson) ? "{}" : app.EntryJson) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            entry = [];
        }

        var cfgType = Text(entry["cfgType"]);
        return new ManifestEntry(
            LocalizedText(entry["title"]) is { Length: > 0 } title ? title : app.Name,
            Text(entry["icon"]),
            cfgType.Length > 0 ? cfgType : (string.IsNullOrEmpty(app.Type) ? "app" : app.Type),
            ReadEntrances(entry["entrances"] as JsonArray),
            ReadEnvs(entry["envs"] as JsonArray))
        {
            ComputeModes = (entry["accelerator"] as JsonArray)?.OfType<JsonObject>().Select(r => Text(r["mode"]))
                .Where(m => m.Length > 0).Distinct(StringComparer.Ordinal).ToList() ?? [],
            TemplateOnly = Common.Catalog.CatalogFlags.Of(entry).TemplateOnly,
        };
    }

    /// <summary>A string, or a locale map (<c>en-US</c> first, else any value).</summary>
    public static string LocalizedText(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonObject map => map["en-US"] is JsonValue en && en.TryGetValue<string>(out var english) && english.Length > 0
            ? english
            : map.Select(p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).FirstOrDefault(s => !string.IsNullOrEmpty(s)) ?? string.Empty,
        _ => string.Empty,
    };

    private static List<AppEntrance> ReadEntrances(JsonArray? entrances) =>
        entrances?.OfType<JsonObject>().Select(e => new AppEntrance
        {
            Name = Text(e["name"]),
            Host = NullIfEmpty(Text(e["host"])),
            Port = Number(e["port"]),
            Icon = NullIfEmpty(Text(e["icon"])),
            Title = NullIfEmpty(LocalizedText(e["title"])),
            AuthLevel = NullIfEmpty(Text(e["authLevel"])),
            Invisible = Flag(e["invisible"]),
            OpenMethod = NullIfEmpty(Text(e["openMethod"])),
            WindowPushState = Flag(e["windowPushState"]),
            Skip = Flag(e["skip"]),
        }).ToList() ?? [];

    private static List<DeclaredEnv> ReadEnvs(JsonArray? envs) =>
        envs?.OfType<JsonObject>().Select(e => new DeclaredEnv(
            Text(e["envName"]),
            Text(e["type"]),
            Flag(e["required"]),
            Text(e["default"]).Length > 0,
            e["valueFrom"] is JsonObject from && Text(from["envName"]).Length > 0)).Where(e => e.EnvName.Length > 0).ToList() ?? [];

    private static bool Flag(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    private static int Number(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<int>(out var number) ? number : value.TryGetValue<string>(out var text) && int.TryParse(text, out var parsed) ? parsed : 0
        : 0;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
