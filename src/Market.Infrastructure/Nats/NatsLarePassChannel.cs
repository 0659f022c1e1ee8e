using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Nats;

/// <summary>
/// LarePass requests on NATS <c>Market:Nats:UsersSubject</c> (original-api-endpoints §7.5):
/// <c>{"sign": {…}, "user": …, "vars": {}, "topic": …}</c>. The sign body may hold a payment request: it is
/// only put on the wire, never logged.
/// </summary>
internal sealed class NatsLarePassChannel(NatsConnectionHolder holder, NatsPublishBuffer buffer, IOptions<NatsOptions> options) : ILarePassChannel
{
    public ValueTask<bool> PublishAsync(LarePassMessage message, CancellationToken cancellationToken)
    {
        if (!holder.IsConnected)
        {
            return ValueTask.FromResult(false);
        }

        var body = new JsonObject
        {
            ["sign"] = message.Sign.DeepClone(),
            ["user"] = message.User,
            ["vars"] = new JsonObject(),
            ["topic"] = message.Topic,
        };
        return ValueTask.FromResult(buffer.TryEnqueue(options.Value.UsersSubject, System.Text.Encoding.UTF8.GetBytes(body.ToJsonString())));
    }
}
