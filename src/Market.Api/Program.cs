using Market.Api;
using Market.Api.Infrastructure.Envelope;
using Market.Api.Infrastructure.Health;
using Market.Api.Infrastructure.Http;
using Market.Application;
using Market.Infrastructure;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null); // bounded per endpoint by RequestBodyLimitMiddleware

builder.Services
    .AddApplicationServices()
    .AddInfrastructureServices(builder.Configuration)
    .AddApiServices();

var app = builder.Build();

app.UseResponseCompression();
app.UseExceptionHandler();
app.UseStatusCodePages(StatusCodeEnvelopes.WriteAsync);
app.UseRouting();
app.UseMiddleware<RequestBodyLimitMiddleware>();

app.MapControllers();
app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthEnvelopeWriter.WriteAsync });
app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthEnvelopeWriter.WriteAsync });
app.MapOpenApi();
app.MapScalarApiReference();

await app.RunAsync();

/// <summary>Visible to the API tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
