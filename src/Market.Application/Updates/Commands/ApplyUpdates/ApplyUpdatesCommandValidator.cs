using FluentValidation;

namespace Market.Application.Updates.Commands.ApplyUpdates;

public sealed class ApplyUpdatesCommandValidator : AbstractValidator<ApplyUpdatesCommand>
{
    public const string AppsOrAll = "Either apps (a non-empty list of app names) or all: true is required";

    public ApplyUpdatesCommandValidator()
    {
        RuleFor(c => c).Must(c => c.All != (c.Apps is { Count: > 0 })).WithMessage(AppsOrAll);
        RuleForEach(c => c.Apps).Must(a => !string.IsNullOrWhiteSpace(a)).WithMessage("apps: an app name cannot be empty");
        RuleFor(c => c.IdempotencyKey).MaximumLength(200).WithMessage("Idempotency-Key is longer than 200 characters");
    }
}
