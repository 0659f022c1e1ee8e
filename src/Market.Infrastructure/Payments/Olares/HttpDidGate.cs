using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Microsoft.Extensions.Options;
using static Market.Domain.Common.JsonText;

namespace Market.Infrastructure.Payments.Olares;

/// <summary>The Olares DID gate: <c>GET {SystemRemoteServiceUrl}/did/domain/faster_search/{name}</c> → <c>{code:0, data:{did, rsaPubKey}}</c> (3 s).</summary>
internal sealed class HttpDidGate(IHttpClientFactory clients, IOptions<PaymentsOptions> options) : IDidGate
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<DidRecord> LookupAsync(string name, CancellationToken cancellationToken)
    {
        var url = $"{OlaresJson.Base(options.Value.Olares.SystemRemoteServiceUrl)}/did/domain/faster_search/{Uri.EscapeDataString(name)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await OlaresJson.SendAsync(clients.CreateClient(OlaresJson.ClientName), request, Timeout, "DID gate", cancellationToken);
        var json = await OlaresJson.ReadAsync(response, "DID gate", cancellationToken);
        var did = Text(json["data"]?["did"]);
        if (OlaresJson.Code(json["code"]) is not 0 || did.Length == 0)
        {
            throw new PaymentPartyException($"DID gate has no DID for {name}");
        }

        return new DidRecord(did, Text(json["data"]?["rsaPubKey"]));
    }
}
