namespace Market.Api.Infrastructure.Http;

/// <summary>A request body the server could not decode (bad chunk framing), as opposed to one too large or a client gone.</summary>
public static class MalformedBody
{
    /// <summary>The envelope message for such a failure, or null when <paramref name="exception"/> is something else.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => null,
        BadHttpRequestException bad => $"Malformed request body: {bad.Message.TrimEnd('.')}",

        // Kestrel reports a chunk size that overflows as an IOException over an OverflowException.
        IOException { InnerException: OverflowException } => "Malformed request body: chunk size too large",
        _ => null,
    };
}
