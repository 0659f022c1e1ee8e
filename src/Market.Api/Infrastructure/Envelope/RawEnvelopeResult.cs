using Microsoft.AspNetCore.Mvc;

namespace Market.Api.Infrastructure.Envelope;

/// <summary>200 with the envelope written from pre-serialized bytes by <see cref="RawEnvelopeWriter"/>.</summary>
public sealed class RawEnvelopeResult(string message, IReadOnlyList<ReadOnlyMemory<byte>> data) : IActionResult
{
    public RawEnvelopeResult(string message, ReadOnlyMemory<byte> data)
        : this(message, [data])
    {
    }

    public Task ExecuteResultAsync(ActionContext context) => RawEnvelopeWriter.WriteAsync(context.HttpContext, message, data);
}
