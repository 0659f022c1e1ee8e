using FluentValidation;

namespace Market.Application.Apps.Commands.ResumeApp;

public sealed class ResumeAppCommandValidator : AbstractValidator<ResumeAppCommand>
{
    public const string MissingName = "AppName cannot be empty";

    public const string InvalidBinding = "computeBinding items need nodeName and deviceId";

    public ResumeAppCommandValidator()
    {
        RuleFor(c => c.AppName).Must(n => !string.IsNullOrEmpty(n)).WithMessage(MissingName);
        RuleForEach(c => c.ComputeBinding).Must(IsComplete).WithMessage(InvalidBinding);
    }

    /// <summary>app-service needs both to find the device (restart checks its binding the same way).</summary>
    public static bool IsComplete(Common.Interfaces.ComputeBinding binding) =>
        !string.IsNullOrEmpty(binding.NodeName) && !string.IsNullOrEmpty(binding.DeviceId);
}
