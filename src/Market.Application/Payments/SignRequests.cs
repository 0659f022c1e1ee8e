using System.Reflection;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Domain.Payments;

namespace Market.Application.Payments;

/// <summary>
/// The sign bodies of LarePass requests (original §3.8): the two fixed templates with the developer's
/// schema ids injected, the product id and the application credential. Keys are sorted as the original sends them.
/// </summary>
public static class SignRequests
{
    public const string SubmitRoute = "submit-signature";
    public const string FetchRoute = "fetch-signature-callback";

    private static readonly Lazy<string> ManifestTemplate = new(() => Read("product-credential-manifest.json"));
    private static readonly Lazy<string> SchemaTemplate = new(() => Read("application-verifiable-credential-schema.json"));

    /// <summary>The template documents exactly as shipped (tests compare them with the reference).</summary>
    public static string RawManifestTemplate => ManifestTemplate.Value;

    public static string RawSchemaTemplate => SchemaTemplate.Value;

    /// <summary>
    /// <c>sign_body</c> of <c>market_payment</c> (with the tx hash when known) and of <c>fetch_payment_signature</c> (never the tx hash).
    /// </summary>
    public static JsonObject SignBody(SchemaIds ids, string productId, string? txHash)
    {
        var manifest = JsonNode.Parse(ManifestTemplate.Value)!.AsObject();
        manifest["id"] = ids.ManifestId;
        manifest["presentation_definition"]!["id"] = ids.PresentationDefinitionId;
        var schema = JsonNode.Parse(SchemaTemplate.Value)!.AsObject();
        schema["id"] = ids.ApplicationVerifiableCredentialId;
        var credential = new JsonObject { ["productId"] = productId };
        if (!string.IsNullOrEmpty(txHash))
        {
            credential["txHash"] = txHash;
        }

        var body = new JsonObject
        {
            ["application_verifiable_credential"] = credential,
            ["application_verifiable_credential_schema"] = schema,
            ["product_credential_manifest"] = manifest,
            ["product_id"] = productId,
        };
        return (JsonObject)SortedJson.Sort(body)!;
    }

    /// <summary>The <c>sign</c> object of a <c>market_payment</c> or <c>fetch_payment_signature</c> request.</summary>
    public static JsonObject Sign(string callbackUrl, JsonObject signBody, bool isResign)
    {
        var sign = new JsonObject { ["callback_url"] = callbackUrl, ["sign_body"] = signBody };
        if (isResign)
        {
            sign["is_resign"] = true;
        }

        return sign;
    }

    /// <summary>The <c>sign</c> object of <c>save_payment_vc</c>: LarePass keeps the licence.</summary>
    public static JsonObject SaveVc(Purchase purchase)
    {
        var body = new JsonObject { ["vc"] = purchase.Vc, ["product_id"] = purchase.ProductId };
        AddIfAny(body, "app_id", purchase.AppId);
        AddIfAny(body, "app_name", purchase.AppName);
        AddIfAny(body, "developer_name", purchase.DeveloperName);
        AddIfAny(body, "developer_did", purchase.DeveloperDid);
        AddIfAny(body, "tx_hash", purchase.TxHash);
        AddIfAny(body, "user_id", purchase.UserId);
        return new JsonObject { ["callback_url"] = string.Empty, ["sign_body"] = body };
    }

    /// <summary>The sign body of a submit-signature callback: sorted keys, only what was given.</summary>
    public static string CallbackSignBody(JsonNode? credential, JsonNode? manifest)
    {
        var body = new JsonObject();
        if (credential is not null)
        {
            body["application_verifiable_credential"] = credential.DeepClone();
        }

        if (manifest is not null)
        {
            body["product_credential_manifest"] = manifest.DeepClone();
        }

        return SortedJson.Sort(body)!.ToJsonString();
    }

    private static void AddIfAny(JsonObject body, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            body[key] = value;
        }
    }

    private static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Market.Payments." + name)
            ?? throw new InvalidOperationException($"payment template {name} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
