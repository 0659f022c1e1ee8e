using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Market.Api.Infrastructure.Envelope;

/// <summary>Writes an envelope straight to the response, for the paths that run outside MVC (middleware, status pages, health).</summary>
public static class EnvelopeWriter
{
    public static async Task WriteAsync(HttpContext context, int statusCode, ApiEnvelope envelope)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, envelope, options, context.RequestAborted);
    }
}
