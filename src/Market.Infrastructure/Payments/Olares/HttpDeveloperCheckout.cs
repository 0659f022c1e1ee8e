using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Microsoft.Extensions.Options;
using static Market.Domain.Common.JsonText;

namespace Market.Infrastructure.Payments.Olares;

/// <summary>
/// The developer's checkout service at <c>Market:Payments:Olares:DeveloperServiceUrl</c> (default
/// <c>https://4c94e3111.{developer}</c>): <c>GetApplicationSchemaId</c> (cached per product and developer)
/// and <c>ActivateAndGrant</c> (10 s each). The JWS goes only here and never into a log line.
/// </summary>
internal sealed class HttpDeveloperCheckout(IHttpClientFactory clients, IOptions<PaymentsOptions> options) : IDeveloperCheckout
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, SchemaIds> _schemaIds = new(StringComparer.Ordinal);

    public async Task<SchemaIds> GetSchemaIdsAsync(string developerName, string productId, CancellationToken cancellationToken)
    {
        var key = $"{productId}:{developerName}";
        if (_schemaIds.TryGetValue(key, out var known))
        {
            return known;
        }

        var json = await PostAsync(developerName, "GetApplicationSchemaId", new JsonObject { ["productId"] = productId }, cancellationToken);
        var data = json["data"];
        var ids = new SchemaIds(
            Text(data?["manifestId"]), Text(data?["presentationDefinitionId"]), Text(data?["applicationVerifiableCredentialId"]));
        if (OlaresJson.Code(json["code"]) is not 0 || ids.ManifestId.Length == 0 || ids.PresentationDefinitionId.Length == 0 || ids.ApplicationVerifiableCredentialId.Length == 0)
        {
            throw new PaymentPartyException("developer checkout has no schema ids for the product");
        }

        return _schemaIds[key] = ids;
    }

    public async Task<VcReply> ActivateAndGrantAsync(VcQuery query, CancellationToken cancellationToken)
    {
        var json = await PostAsync(query.DeveloperName, "ActivateAndGrant", new JsonObject { ["jws"] = query.Jws }, cancellationToken);
        var vc = Text(json["verifiableCredential"]);
        if (vc.Length == 0)
        {
            vc = Text(json["data"]?["verifiableCredential"]);
        }

        var error = Text(json["error"]);
        return new VcReply(OlaresJson.Code(json["code"]), vc.Length > 0 ? vc : null, error.Length > 0 ? error : Text(json["message"]));
    }

    private async Task<JsonObject> PostAsync(string developerName, string method, JsonObject body, CancellationToken cancellationToken)
    {
        var baseUrl = OlaresJson.Base(options.Value.Olares.DeveloperServiceUrl.Replace("{developer}", developerName.ToLowerInvariant(), StringComparison.Ordinal));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl}/api/grpc/AuthService/{method}") { Content = JsonContent.Create(body) };
        using var response = await OlaresJson.SendAsync(clients.CreateClient(OlaresJson.ClientName), request, Timeout, "developer checkout", cancellationToken);
        return await OlaresJson.ReadAsync(response, "developer checkout", cancellationToken);
    }
}
