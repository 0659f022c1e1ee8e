using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Market.Api.Infrastructure.OpenApi;

/// <summary>
/// Completes the generated OpenAPI document: <c>X-Bfl-User</c> as the security scheme (so Scalar's "Test Request" sends it),
/// every route's summary and description (<see cref="OperationDocs"/>), success and error answers as envelopes, the
/// optional bodies of cancel and uninstall as bodies, and request fields optional unless a route needs them.
/// </summary>
public static class MarketOpenApi
{
    public const string SecuritySchemeName = "X-Bfl-User";

    private static readonly (string Status, string Description)[] Errors =
    [
        ("400", "Bad input: the message names the field or problem"),
        ("401", "Failed to get user information: X-Bfl-User missing or malformed"),
        ("403", "Admin privileges required, or not the caller's own"),
        ("404", "Not found (the message says what)"),
        ("409", "Conflict with the app's or task's current state"),
        ("429", "Over the write rate limit (Retry-After)"),
        ("500", "Internal server error, without detail"),
        ("503", "Service temporarily unavailable: database or Redis away (Retry-After)"),
    ];

    /// <summary>Request fields a route cannot do without; every other field of a request body is optional.</summary>
    private static readonly Dictionary<string, string[]> RequiredFields = new(StringComparer.Ordinal)
    {
        ["InstallAppRequest"] = ["source", "app_name", "version"],
        ["CloneAppRequest"] = ["source", "app_name"],
        ["AddMarketSourceRequest"] = ["base_url"],
        ["ProbeMarketSourceRequest"] = ["base_url"],
        ["DeleteLocalAppRequest"] = ["app_name", "app_version"],
    };

    public static OpenApiOptions AddMarketDocumentation(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Market API";
            document.Info.Description = "The Olares Market API (/app-store/api/v2). Every answer, errors included, is an envelope "
                + "{success, message, data}. Every call names its user in the gateway's X-Bfl-User header.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Bfl-User",
                Description = "The caller's user name, as the Olares gateway sets it (lower-case). Admin routes need an admin (`admin` by default).",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] }];
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var key = $"{context.Description.HttpMethod} /{context.Description.RelativePath}";
            if (OperationDocs.ByRoute.TryGetValue(key, out var doc))
            {
                Describe(operation, doc, key);
            }

            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            if (type.Namespace == "Market.Api.Requests" && schema.Properties is { Count: > 0 })
            {
                schema.Required = new HashSet<string>(RequiredFields.GetValueOrDefault(type.Name, []), StringComparer.Ordinal);
            }

            return Task.CompletedTask;
        });
        return options;
    }

    private static void Describe(OpenApiOperation operation, OperationDoc doc, string key)
    {
        operation.Summary = doc.Summary;
        operation.Description = doc.Description;
        operation.Responses ??= [];
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = "Success",
            Content = new Dictionary<string, OpenApiMediaType> { [doc.MediaType] = new() { Schema = SuccessSchema(doc) } },
        };
        if (doc.Data.StartsWith("{task_id}", StringComparison.Ordinal))
        {
            operation.Responses["202"] = new OpenApiResponse
            {
                Description = "sync: true waited its limit; the task goes on (data.task_id)",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = SuccessSchema(doc) } },
            };
        }

        foreach (var (status, description) in Errors)
        {
            operation.Responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = ErrorSchema() } },
            };
        }

        if (key.StartsWith("DELETE ", StringComparison.Ordinal) && operation.Parameters?.FirstOrDefault(p => p.Name == "body") is { } loose)
        {
            // Cancel and uninstall read an optional JSON body loosely (LooseJsonBodyBinder): a body, not a query parameter.
            operation.Parameters.Remove(loose);
            operation.RequestBody = new OpenApiRequestBody
            {
                Description = "Optional. " + doc.Description,
                Required = false,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = LooseBodySchema(key) } },
            };
        }
    }

    private static OpenApiSchema SuccessSchema(OperationDoc doc) => doc.MediaType switch
    {
        "application/json" => new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "success", "message" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["success"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "true on success" },
                ["message"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "what happened, in words" },
                ["data"] = new OpenApiSchema { Description = "the answer: " + doc.Data },
            },
        },
        "application/gzip" => new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = doc.Data },
        _ => new OpenApiSchema { Type = JsonSchemaType.String, Description = doc.Data },
    };

    private static OpenApiSchema ErrorSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "success", "message" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["success"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "false on every error" },
            ["message"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "the problem, naming the field or thing" },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "a machine-readable kind, on a few errors (e.g. architecture_incompatible)" },
            ["data"] = new OpenApiSchema { Description = "details where there are some (e.g. errors[] of an upload), else absent" },
        },
    };

    private static OpenApiSchema LooseBodySchema(string key)
    {
        var properties = new Dictionary<string, IOpenApiSchema>
        {
            ["app_name"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "the app (1.12.6+ body)" },
            ["source"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "its source (1.12.6+ body)" },
            ["sync"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "wait until the runtime accepted or refused" },
            ["version"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "the installed version (uninstall: required by the original body, optional in 1.12.6+)" },
        };
        if (!key.EndsWith("/install", StringComparison.Ordinal))
        {
            properties["all"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "also every clone" };
            properties["deleteData"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "delete the app's data too" };
        }

        return new OpenApiSchema { Type = JsonSchemaType.Object, Properties = properties, Examples = [new JsonObject { ["app_name"] = "feedpulse", ["source"] = "demo", ["sync"] = false }] };
    }
}
