using Microsoft.AspNetCore.Diagnostics;

namespace Market.Api.Infrastructure.Envelope;

/// <summary>Turns bodiless status results (unknown route, wrong method …) into envelopes.</summary>
public static class StatusCodeEnvelopes
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var message = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"No route matches {request.Method} {request.Path}",
            StatusCodes.Status405MethodNotAllowed => $"Method {request.Method} is not allowed on {request.Path}",
            StatusCodes.Status413PayloadTooLarge => "Request body too large",
            StatusCodes.Status415UnsupportedMediaType => "Unsupported content type",
            _ => $"Request failed with status {http.Response.StatusCode}",
        };
        return EnvelopeWriter.WriteAsync(http, http.Response.StatusCode, ApiEnvelope.Fail(message));
    }
}
