using FluentValidation;

namespace Market.Application.Sources.Queries.ProbeMarketSource;

public sealed class ProbeMarketSourceQueryValidator : AbstractValidator<ProbeMarketSourceQuery>
{
    public ProbeMarketSourceQueryValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(q => q.BaseUrl)
            .Must(u => !string.IsNullOrWhiteSpace(u)).WithMessage("base_url: source base URL cannot be empty")
            .Must(u => Uri.TryCreate(u!.Trim(), UriKind.Absolute, out var uri)
                       && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                       && string.IsNullOrEmpty(uri.UserInfo))
            .WithMessage("base_url: must be an absolute http or https URL");
    }
}
