using FluentValidation;
using Market.Application.Apps.Commands.InstallApp;

namespace Market.Application.Apps.Commands.UpgradeApp;

public sealed class UpgradeAppCommandValidator : AbstractValidator<UpgradeAppCommand>
{
    public UpgradeAppCommandValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c)
            .Must(c => !string.IsNullOrEmpty(c.Source) && !string.IsNullOrEmpty(c.AppName) && !string.IsNullOrEmpty(c.Version))
            .WithMessage(InstallAppCommandValidator.MissingFields);
        RuleForEach(c => c.Envs).Must(e => e is not null && !string.IsNullOrWhiteSpace(e.EnvName)).WithMessage("envs: envName is required");
    }
}
