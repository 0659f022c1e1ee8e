using FluentValidation;

namespace Market.Application.Apps.Commands.InstallApp;

public sealed class InstallAppCommandValidator : AbstractValidator<InstallAppCommand>
{
    public const string MissingFields = "Missing required fields: source, app_name, and version are required";

    public InstallAppCommandValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c)
            .Must(c => !string.IsNullOrEmpty(c.Source) && !string.IsNullOrEmpty(c.AppName) && !string.IsNullOrEmpty(c.Version))
            .WithMessage(MissingFields);
        RuleForEach(c => c.Envs).Must(e => e is not null && !string.IsNullOrWhiteSpace(e.EnvName)).WithMessage("envs: envName is required");
    }
}
