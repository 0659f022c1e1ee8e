using Market.Application.Apps.Operations;
using System.IO.Compression;
using System.Text.Json;
using Market.Api.Infrastructure.Envelope;
using Market.Api.Infrastructure.Http;
using Market.Api.Infrastructure.Identity;
using Market.Api.Infrastructure.OpenApi;
using Market.Application.Common.Behaviours;
using Market.Application.Common.Interfaces;
using Market.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Mvc.Controllers;

namespace Market.Api;

public static class DependencyInjection
{
    /// <summary>Controllers, the envelope, identity, health checks, OpenAPI and the generated mediator.</summary>
    public static IServiceCollection AddApiServices(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.AddLocalUser();

        services.AddMediator((Mediator.MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(Market.Application.DependencyInjection)];
            options.PipelineBehaviors = [typeof(LoggingBehaviour<,>), typeof(ValidationBehaviour<,>), typeof(IdempotencyBehaviour<,>), typeof(UnitOfWorkBehaviour<,>)];
        });

        services.AddControllers(o =>
            {
                o.Filters.Add<RequireUserFilter>();
                o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
            })
            .AddJsonOptions(o => ConfigureJson(o.JsonSerializerOptions))
            .ConfigureApiBehaviorOptions(o =>
            {
                o.InvalidModelStateResponseFactory = InvalidBody;
                o.SuppressMapClientErrors = true; // bodiless 415/406… become envelopes in the status pages, not ProblemDetails
            });
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => ConfigureJson(o.SerializerOptions));

        services.AddWriteRateLimiting();
        services.AddUploadLimits();
        services.AddResponseCompression(o =>
        {
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["application/json"];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);

        services.AddExceptionHandler<EnvelopeExceptionHandler>();
        services.AddProblemDetails();
        services.AddOpenApi(o => o.AddMarketDocumentation());
        services.AddMarketDatabaseHealthCheck(); // Redis adds its own check when configured
        return services;
    }

    /// <summary>Wire names come from each DTO's attributes, never from a global naming policy.</summary>
    private static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = null;
        options.PropertyNameCaseInsensitive = true;
        options.DictionaryKeyPolicy = null;
    }

    /// <summary>Malformed or mistyped JSON: 400 with the action's own message (see <see cref="InvalidBodyMessageAttribute"/>).</summary>
    private static BadRequestObjectResult InvalidBody(ActionContext context)
    {
        var message = (context.ActionDescriptor as ControllerActionDescriptor)?.MethodInfo
            .GetCustomAttributes(typeof(InvalidBodyMessageAttribute), inherit: true)
            .OfType<InvalidBodyMessageAttribute>()
            .FirstOrDefault()?.Message
            ?? DescribeFirstError(context);
        return new BadRequestObjectResult(ApiEnvelope.Fail(message));
    }

    private static string DescribeFirstError(ActionContext context)
    {
        var (field, entry) = context.ModelState.FirstOrDefault(e => e.Value?.Errors.Count > 0);
        var error = entry?.Errors.FirstOrDefault()?.ErrorMessage;
        return string.IsNullOrEmpty(field) ? error ?? "Invalid request" : $"{field}: {error}";
    }
}
