using FluentValidation;
using Market.Application.Common.Exceptions;
using Mediator;

namespace Market.Application.Common.Behaviours;

/// <summary>Runs every FluentValidation validator of a message before its handler; the first failure names the field.</summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private readonly IValidator<TMessage>[] _validators = validators.ToArray();

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (_validators.Length > 0)
        {
            var context = new ValidationContext<TMessage>(message);
            var failures = new List<string>();
            foreach (var validator in _validators)
            {
                var result = await validator.ValidateAsync(context, cancellationToken);
                failures.AddRange(result.Errors.Select(e => e.ErrorMessage));
            }

            if (failures.Count > 0)
            {
                throw new RequestValidationException(failures[0], failures);
            }
        }

        return await next(message, cancellationToken);
    }
}
