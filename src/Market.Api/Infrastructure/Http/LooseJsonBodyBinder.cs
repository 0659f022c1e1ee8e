using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Market.Api.Infrastructure.Http;

/// <summary>Binds an optional JSON object body; a missing or malformed body binds as null instead of failing the request.</summary>
public sealed class LooseJsonBodyBinder : IModelBinder
{
    public async Task BindModelAsync(ModelBindingContext bindingContext)
    {
        JsonObject? body = null;
        try
        {
            body = await JsonNode.ParseAsync(bindingContext.HttpContext.Request.Body, cancellationToken: bindingContext.HttpContext.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            // ignored on purpose: these routes take their optional flags from a best-effort read
        }

        bindingContext.Result = ModelBindingResult.Success(body);
    }
}
