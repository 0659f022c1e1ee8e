using Mediator;

namespace Market.Application.Common.Interfaces;

/// <summary>
/// Sends a message in a fresh scope (its own database context): how the task engine, which outlives any
/// one context (a follow can last minutes), runs each of its steps. Implemented in Infrastructure.
/// </summary>
public interface IScopedSender
{
    ValueTask<TResponse> SendAsync<TResponse>(ICommand<TResponse> command, CancellationToken cancellationToken);

    ValueTask<TResponse> QueryAsync<TResponse>(IQuery<TResponse> query, CancellationToken cancellationToken);
}
