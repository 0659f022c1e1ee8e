using System.Text.Json.Serialization;

namespace Market.Application.Settings.Models;

/// <summary><c>{selected_source, nsfw}</c> as GET and PUT answer it.</summary>
public sealed record MarketSettingsDto(
    [property: JsonPropertyName("selected_source")] string SelectedSource,
    [property: JsonPropertyName("nsfw")] bool Nsfw);
