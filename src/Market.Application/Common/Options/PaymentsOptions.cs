using System.ComponentModel.DataAnnotations;

namespace Market.Application.Common.Options;

/// <summary><c>Market:Payments</c>: who plays the payment parties, how long the developer is polled, the callback key.</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Market:Payments";

    [RegularExpression("^(TestMode|Olares)$", ErrorMessage = "Market:Payments:Provider must be 'TestMode' or 'Olares'")]
    public string Provider { get; set; } = "TestMode";

    [Range(1, 1000, ErrorMessage = "Market:Payments:PollAttempts must be between 1 and 1000")]
    public int PollAttempts { get; set; } = 20;

    [Range(0, 3600, ErrorMessage = "Market:Payments:PollIntervalSeconds must be between 0 and 3600")]
    public double PollIntervalSeconds { get; set; } = 5;

    /// <summary>HMAC key of callback tickets; empty = generated once and stored in the database (shared by all replicas). Secret.</summary>
    public string CallbackKey { get; set; } = string.Empty;

    /// <summary>How long developer info (RSA key, token info) is reused.</summary>
    [Range(0, 86_400, ErrorMessage = "Market:Payments:DeveloperCacheSeconds must be between 0 and 86400")]
    public int DeveloperCacheSeconds { get; set; } = 300;

    public TestModePaymentsOptions TestMode { get; set; } = new();

    public OlaresPaymentsOptions Olares { get; set; } = new();

    public PaymentsProvider Kind => ProviderName.Parse<PaymentsProvider>(Provider);

    public bool IsOlares => Kind == PaymentsProvider.Olares;
}

public sealed class TestModePaymentsOptions
{
    [Range(0, 600_000, ErrorMessage = "Market:Payments:TestMode:StepDelayMs must be between 0 and 600000")]
    public int StepDelayMs { get; set; } = 500;
}

public sealed class OlaresPaymentsOptions
{
    /// <summary>DID gate base (<c>{url}/did/domain/faster_search/{name}</c>); required for <c>Olares</c>.</summary>
    public string SystemRemoteServiceUrl { get; set; } = string.Empty;

    /// <summary>Developer checkout base; <c>{developer}</c> is the lower-cased developer name.</summary>
    public string DeveloperServiceUrl { get; set; } = "https://4c94e3111.{developer}";

    /// <summary>git-bot developer API base; empty = the source's <c>base_url</c>.</summary>
    public string DeveloperApiUrl { get; set; } = string.Empty;
}
