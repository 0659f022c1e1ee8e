using Market.Application.Common.Options;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.Extensions.Options;

namespace Market.Api.Infrastructure.Http;

/// <summary>
/// Marks an upload action: its request body may be as large as <c>Market:Packages:MaxUploadBytes</c>
/// (plus room for the multipart framing) instead of the 1 MiB JSON limit. The value is configured, so
/// <see cref="UploadSizeLimitConvention"/> turns the marker into size-limit metadata at start, which
/// <see cref="RequestBodyLimitMiddleware"/> honours.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UploadSizeLimitAttribute : Attribute;

/// <summary>Adds the configured request size limit to every action marked <see cref="UploadSizeLimitAttribute"/>.</summary>
public sealed class UploadSizeLimitConvention(long maxRequestBytes) : IActionModelConvention
{
    public void Apply(ActionModel action)
    {
        if (!action.Attributes.OfType<UploadSizeLimitAttribute>().Any())
        {
            return;
        }

        foreach (var selector in action.Selectors)
        {
            selector.EndpointMetadata.Add(new RequestSizeLimitAttribute(maxRequestBytes));
        }
    }
}

public static class UploadLimits
{
    /// <summary>Room for the multipart boundaries and part headers around the file itself.</summary>
    public const long FramingAllowance = 64 * 1024;

    /// <summary>Request and form limits of upload actions, taken from <c>Market:Packages:MaxUploadBytes</c>.</summary>
    public static IServiceCollection AddUploadLimits(this IServiceCollection services)
    {
        services.AddOptions<MvcOptions>().Configure<IOptions<PackagesOptions>>((mvc, packages) =>
            mvc.Conventions.Add(new UploadSizeLimitConvention(packages.Value.MaxUploadBytes + FramingAllowance)));
        services.AddOptions<FormOptions>().Configure<IOptions<PackagesOptions>>((form, packages) =>
            form.MultipartBodyLengthLimit = packages.Value.MaxUploadBytes + FramingAllowance);
        return services;
    }
}
