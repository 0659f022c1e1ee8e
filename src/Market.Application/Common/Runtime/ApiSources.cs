using Market.Domain.Sources;

namespace Market.Application.Common.Runtime;

/// <summary>The API source app-service is told, and the task result repeats: <c>custom</c> for uploads, <c>market</c> for everything else.</summary>
public static class ApiSources
{
    public static string For(string source) => source == MarketSource.UploadId ? "custom" : "market";
}
