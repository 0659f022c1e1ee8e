using FluentValidation;

namespace Market.Application.Apps.Commands.UninstallApp;

public sealed class UninstallAppCommandValidator : AbstractValidator<UninstallAppCommand>
{
    public UninstallAppCommandValidator() =>
        RuleFor(c => c.Version).Must(v => !string.IsNullOrWhiteSpace(v)).When(c => !c.VersionOptional).WithMessage("Missing required field: version");
}
