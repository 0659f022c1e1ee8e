using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Market.Application.Packages;

/// <summary>How stored manifests and entries are written: non-ASCII text as is (titles in any language stay readable), HTML-sensitive characters escaped.</summary>
internal static class PackageJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
}
