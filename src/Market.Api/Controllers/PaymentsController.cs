using System.Text.Json.Nodes;
using Market.Api.Infrastructure.Envelope;
using Market.Api.Infrastructure.Identity;
using Market.Api.Requests;
using Market.Application.Common.Interfaces;
using Market.Application.Payments;
using Market.Application.Payments.Commands.FetchSignatureCallback;
using Market.Application.Payments.Commands.PurchaseApp;
using Market.Application.Payments.Commands.ResendVc;
using Market.Application.Payments.Commands.RestorePurchase;
using Market.Application.Payments.Commands.StartFrontendPayment;
using Market.Application.Payments.Commands.StartPaymentPolling;
using Market.Application.Payments.Commands.SubmitSignature;
using Market.Application.Payments.Queries.GetPaymentStates;
using Market.Application.Payments.Queries.GetPaymentStatus;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Market.Api.Controllers;

/// <summary>
/// Paid apps: status, purchase, restore, the frontend's payment reports, and LarePass's callbacks
/// (authenticated by the ticket of their callback URL). <c>{id}</c> is the app's id or its name.
/// </summary>
public sealed class PaymentsController(ISender sender, ICurrentUser user) : ApiControllerBase
{
    private const string HostHeader = "X-Forwarded-Host";

    [HttpGet("sources/{source}/apps/{id}/payment-status")]
    public async Task<IActionResult> Status(string source, string id, [FromHeader(Name = HostHeader)] string? host, CancellationToken ct) =>
        Envelope("App payment status retrieved successfully", await sender.Send(new GetPaymentStatusQuery(user.Name, source, id, host), ct));

    [HttpGet("apps/{id}/payment-status")]
    public async Task<IActionResult> LegacyStatus(string id, [FromHeader(Name = HostHeader)] string? host, CancellationToken ct) =>
        Envelope("App payment status retrieved successfully", await sender.Send(new GetPaymentStatusQuery(user.Name, null, id, host), ct));

    [HttpPost("sources/{source}/apps/{id}/purchase")]
    public async Task<IActionResult> Purchase(string source, string id, [FromHeader(Name = HostHeader)] string? host, CancellationToken ct) =>
        Envelope("OK", await sender.Send(new PurchaseAppCommand(user.Name, source, id, host), ct));

    [HttpPost("sources/{source}/apps/{id}/restore-purchase")]
    public async Task<IActionResult> Restore(string source, string id, [FromHeader(Name = HostHeader)] string? host, CancellationToken ct) =>
        Envelope("OK", await sender.Send(new RestorePurchaseCommand(user.Name, source, id, host), ct));

    [HttpPost("payment/frontend-start")]
    [InvalidBodyMessage("Invalid JSON format")]
    public async Task<IActionResult> FrontendStart([FromBody] FrontendStartRequest body, [FromHeader(Name = HostHeader)] string? host, CancellationToken ct) =>
        Envelope("Frontend payment state updated",
            await sender.Send(new StartFrontendPaymentCommand(user.Name, host, body.SourceId, body.AppId, body.ProductId, body.FrontendData), ct));

    [HttpPost("payment/start-polling")]
    [InvalidBodyMessage("Invalid JSON format")]
    public async Task<IActionResult> StartPolling([FromBody] StartPollingRequest body, [FromHeader(Name = HostHeader)] string? host, CancellationToken ct) =>
        Envelope(StartPaymentPollingCommandHandler.Message,
            await sender.Send(new StartPaymentPollingCommand(user.Name, host, body.SourceId, body.AppId, body.TxHash, body.ProductId), ct));

    [HttpPost("payment/resend-vc")]
    [InvalidBodyMessage("Invalid JSON format")]
    public async Task<IActionResult> ResendVc([FromBody] ResendVcRequest body, CancellationToken ct) =>
        Envelope("VC resent to LarePass successfully", await sender.Send(new ResendVcCommand(user.Name, body.ProductId), ct));

    [HttpPost("payment/submit-signature")]
    [CallerCheckedByAction]
    [InvalidBodyMessage("Invalid request body")]
    public async Task<IActionResult> SubmitSignature([FromBody] JsonObject body, [FromHeader(Name = HttpCurrentUser.HeaderName)] string? caller, [FromQuery(Name = CallbackTickets.QueryName)] string? ticket, CancellationToken ct) =>
        Envelope(SubmitSignatureCommandHandler.Message, await sender.Send(new SubmitSignatureCommand(caller, ticket, body), ct));

    [HttpPost("payment/fetch-signature-callback")]
    [CallerCheckedByAction]
    [InvalidBodyMessage("Invalid request body")]
    public async Task<IActionResult> FetchSignatureCallback([FromBody] JsonObject body, [FromHeader(Name = HttpCurrentUser.HeaderName)] string? caller, [FromQuery(Name = CallbackTickets.QueryName)] string? ticket, CancellationToken ct) =>
        Envelope(FetchSignatureCallbackCommandHandler.Message, await sender.Send(new FetchSignatureCallbackCommand(caller, ticket, body), ct));

    [HttpGet("payment/states")]
    [AdminOnly]
    public async Task<IActionResult> States(CancellationToken ct) =>
        Envelope(GetPaymentStatesQueryHandler.Message, await sender.Send(new GetPaymentStatesQuery(), ct));
}
