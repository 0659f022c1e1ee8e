using FluentValidation;

namespace Market.Application.Apps.Commands.CancelInstall;

public sealed class CancelInstallCommandValidator : AbstractValidator<CancelInstallCommand>
{
    public const string MissingAppName = "Missing required fields: app_name is required";

    public CancelInstallCommandValidator() =>
        RuleFor(c => c.BodyAppName).Must(n => !string.IsNullOrWhiteSpace(n)).When(c => c.NewerShape).WithMessage(MissingAppName);
}
