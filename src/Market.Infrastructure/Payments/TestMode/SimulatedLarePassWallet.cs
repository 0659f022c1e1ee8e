using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Payments;
using Market.Application.Payments.Commands.FetchSignatureCallback;
using Market.Application.Payments.Commands.SubmitSignature;
using Mediator;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Payments.TestMode;

/// <summary>
/// Test mode's LarePass: signs every sign request after <c>Market:Payments:TestMode:StepDelayMs</c> by
/// calling the real callback use case with the ticket of the callback URL, answers fetch-signature
/// requests with "nothing signed", and accepts licences (<c>save_payment_vc</c>) silently.
/// </summary>
internal sealed partial class SimulatedLarePassWallet(
    IServiceScopeFactory scopes,
    TestModeTokens tokens,
    IOptions<PaymentsOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<SimulatedLarePassWallet> logger) : ILarePassChannel
{
    public ValueTask<bool> PublishAsync(LarePassMessage message, CancellationToken cancellationToken)
    {
        if (message.Topic is LarePassMessage.MarketPayment or LarePassMessage.FetchPaymentSignature)
        {
            _ = Task.Run(() => AnswerAsync(message, lifetime.ApplicationStopping), CancellationToken.None);
        }

        return ValueTask.FromResult(true);
    }

    private async Task AnswerAsync(LarePassMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.Value.TestMode.StepDelayMs, cancellationToken);
            var url = message.Sign["callback_url"]?.GetValue<string>() ?? string.Empty;
            var ticket = Uri.TryCreate(url, UriKind.Absolute, out var uri)
                && QueryHelpers.ParseQuery(uri.Query).TryGetValue(LarePassMessage.TicketQuery, out var t) ? t.ToString() : null;
            var signBody = message.Sign["sign_body"] as JsonObject ?? new JsonObject();
            await using var scope = scopes.CreateAsyncScope();
            var sender = scope.ServiceProvider.GetRequiredService<ISender>();
            if (message.Topic == LarePassMessage.FetchPaymentSignature)
            {
                await sender.Send(new FetchSignatureCallbackCommand(message.User, ticket, new JsonObject { ["signed"] = false, ["jws"] = string.Empty }), cancellationToken);
                return;
            }

            var credential = signBody["application_verifiable_credential"]?.DeepClone();
            var jws = await tokens.SignAsync(new JsonObject { ["sub"] = message.User, ["sign_body"] = credential?.DeepClone() }, cancellationToken);
            var body = new JsonObject
            {
                ["jws"] = jws,
                ["application_verifiable_credential"] = credential,
                ["product_credential_manifest"] = signBody["product_credential_manifest"]?.DeepClone(),
            };
            await sender.Send(new SubmitSignatureCommand(message.User, ticket, body), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // shutting down: the purchase stays "signature_required" and can be signed again
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogAnswerFailed(logger, message.Topic, message.User, ex.GetType().Name, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulated wallet could not answer {Topic} for {User}: {Error}: {Reason}")]
    private static partial void LogAnswerFailed(ILogger logger, string topic, string user, string error, string reason);
}
