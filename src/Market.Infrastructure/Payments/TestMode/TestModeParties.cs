using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;

namespace Market.Infrastructure.Payments.TestMode;

/// <summary>Test mode's DID gate: every name has a synthetic <c>did:test:…</c> DID.</summary>
internal sealed class TestModeDidGate : IDidGate
{
    public Task<DidRecord> LookupAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(new DidRecord(TestModeTokens.DidOf(name), string.Empty));
}

/// <summary>Test mode's developer directory knows nothing beyond the price config.</summary>
internal sealed class TestModeDeveloperDirectory : IDeveloperDirectory
{
    public Task<DeveloperInfo?> GetAsync(string? sourceBaseUrl, string developerName, CancellationToken cancellationToken) =>
        Task.FromResult<DeveloperInfo?>(null);
}

/// <summary>
/// Test mode's developer checkout: no money moves. It grants a licence (a JWT of this installation) for any
/// signed purchase whose frontend reported a non-empty transaction hash (start-polling), else has no record.
/// </summary>
internal sealed class TestModeDeveloperCheckout(TestModeTokens tokens) : IDeveloperCheckout
{
    public Task<SchemaIds> GetSchemaIdsAsync(string developerName, string productId, CancellationToken cancellationToken) =>
        Task.FromResult(new SchemaIds($"manifest-{productId}", $"presentation-{productId}", $"credential-{productId}"));

    public async Task<VcReply> ActivateAndGrantAsync(VcQuery query, CancellationToken cancellationToken)
    {
        if (query.Jws.Length == 0)
        {
            return new VcReply(1604, null, "jws missing");
        }

        if (!query.PaymentReported || string.IsNullOrWhiteSpace(query.TxHash))
        {
            return new VcReply(1501, null, "no payment record");
        }

        var vc = await tokens.SignAsync(new JsonObject
        {
            ["iss"] = TestModeTokens.DidOf(query.DeveloperName),
            ["sub"] = query.User,
            ["vc"] = new JsonObject
            {
                ["type"] = new JsonArray("VerifiableCredential"),
                ["credentialSubject"] = new JsonObject { ["productId"] = query.ProductId, ["txHash"] = query.TxHash },
            },
        }, cancellationToken);
        return new VcReply(0, vc, null);
    }
}
