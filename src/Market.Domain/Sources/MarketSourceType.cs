namespace Market.Domain.Sources;

/// <summary>Wire values of a market source's <c>type</c>.</summary>
public static class MarketSourceType
{
    public const string Local = "local";
    public const string Remote = "remote";
}
