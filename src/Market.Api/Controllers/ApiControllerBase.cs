using Market.Api.Infrastructure.Envelope;
using Microsoft.AspNetCore.Mvc;

namespace Market.Api.Controllers;

/// <summary>Base of every Market API controller: the route prefix and the envelope helper.</summary>
[ApiController]
[Route("app-store/api/v2")]
[Produces("application/json")]
public abstract class ApiControllerBase : ControllerBase
{
    /// <summary>200 with <c>{success: true, message, data}</c>.</summary>
    protected OkObjectResult Envelope(string message, object? data = null) => Ok(ApiEnvelope.Ok(message, data));
}
