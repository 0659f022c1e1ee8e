using System.Text.Json.Nodes;
using Market.Application.Common.Json;

namespace Market.Application.Common.Catalog;

/// <summary>
/// What newer clients (1.12.6+) read from <c>app_simple_info</c> to decide between install, clone and the
/// CS/shared cascade (newer-clients §3): the manifest's <c>apiVersion</c> and its <c>options.shared</c>,
/// <c>options.templateOnly</c> and <c>options.allowMultipleInstall</c>. Remote entries may carry the three
/// flags at the top level instead of in <c>options</c>; both are read.
/// </summary>
public sealed record CatalogFlags(string ApiVersion, bool Shared, bool TemplateOnly, bool AllowMultipleInstall)
{
    public static CatalogFlags Of(JsonObject entry)
    {
        var options = JsonRead.Get(entry, "options") as JsonObject;
        return new CatalogFlags(
            JsonRead.Str(entry, "apiVersion"),
            Flag(entry, options, "shared"),
            Flag(entry, options, "templateOnly"),
            Flag(entry, options, "allowMultipleInstall"));
    }

    private static bool Flag(JsonObject entry, JsonObject? options, string key) =>
        JsonRead.Bool(JsonRead.Get(options, key)) || JsonRead.Bool(JsonRead.Get(entry, key));
}
