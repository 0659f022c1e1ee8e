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
            StatusCodes.Status400BadRequest => "Bad request",
            StatusCodes.Status406NotAcceptable => "Not acceptable: this API answers application/json",
            StatusCodes.Status411LengthRequired => "Length required",
            StatusCodes.Status413PayloadTooLarge => "Request body too large",
            StatusCodes.Status414UriTooLong => "Request URI too long",
            StatusCodes.Status415UnsupportedMediaType => $"Unsupported content type '{request.ContentType}': send application/json",
            StatusCodes.Status431RequestHeaderFieldsTooLarge => "Request headers too large",
            _ => $"Request failed with status {http.Response.StatusCode}",
        };
        return EnvelopeWriter.WriteAsync(http, http.Response.StatusCode, ApiEnvelope.Fail(message));
    }
}
