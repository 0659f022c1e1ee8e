using Microsoft.AspNetCore.Mvc;

namespace Market.Api.Infrastructure.Envelope;

/// <summary>An action result that hands the response to a writer shared with the hot-read middleware, so both paths answer alike.</summary>
public sealed class HotReadResult(Func<HttpContext, Task> write) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => write(context.HttpContext);
}
