using FluentValidation;

namespace Market.Application.Packages.Commands.DeleteLocalApp;

public sealed class DeleteLocalAppCommandValidator : AbstractValidator<DeleteLocalAppCommand>
{
    public DeleteLocalAppCommandValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;

        RuleFor(c => c.AppName).Must(n => !string.IsNullOrEmpty(n)).WithMessage("App name is required");
        RuleFor(c => c.AppVersion).Must(v => !string.IsNullOrEmpty(v)).WithMessage("App version is required");
    }
}
