using Market.Application.Common.Interfaces;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Infrastructure.Tasks;

/// <summary>Each message in its own scope: a fresh database context per engine step, the pipeline (and its unit of work) included.</summary>
internal sealed class ScopedSender(IServiceScopeFactory scopes) : IScopedSender
{
    public async ValueTask<TResponse> SendAsync<TResponse>(ICommand<TResponse> command, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, cancellationToken);
    }

    public async ValueTask<TResponse> QueryAsync<TResponse>(IQuery<TResponse> query, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(query, cancellationToken);
    }
}
