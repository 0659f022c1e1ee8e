using Market.Api;
using Market.Api.Infrastructure.Envelope;
using Market.Api.Infrastructure.Health;
using Market.Api.Infrastructure.Http;
using Market.Api.Infrastructure.Identity;
using Market.Api.Infrastructure.OpenApi;
using Market.Api.Infrastructure.Startup;
using Market.Api.Infrastructure.Telemetry;
using Market.Api.Realtime;
using Market.Api.Runtime;
using Market.Application;
using Market.Application.Common.Interfaces;
using Market.Infrastructure;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null); // bounded per endpoint by RequestBodyLimitMiddleware
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls(LocalUserAccess.DefaultUrls(builder.Configuration)); // port 8080 as the web app and CLI expect, unless ASPNETCORE_URLS / --urls say otherwise
}

builder.AddMarketTelemetry();
builder.Services
    .AddApplicationServices()
    .AddInfrastructureServices(builder.Configuration)
    .AddApiServices();

var app = builder.Build();

app.UseMiddleware<LivenessMiddleware>(); // liveness needs no routing: it answers as soon as the server listens (ADR 0025)
app.UseResponseCompression();
app.UseLocalUser();
app.UseMiddleware<DatabaseStartingMiddleware>(); // 503 "starting" until the database is migrated, which runs after listening (ADR 0023)
app.UseMiddleware<HotReadMiddleware>(); // the hot reads' plain successes, before the rest of the pipeline (ADR 0017)
app.UseExceptionHandler();
app.UseStatusCodePages(StatusCodeEnvelopes.WriteAsync);
app.UseWebSockets();
app.UseRouting();
app.UseRateLimiter();
app.UseMiddleware<RequestBodyLimitMiddleware>();
app.UseMiddleware<JsonContentTypeMiddleware>();
app.UseMiddleware<JsonBodyGuardMiddleware>();

app.MapControllers();
app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthEnvelopeWriter.WriteAsync })
    .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthEnvelopeWriter.WriteAsync })
    .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
app.MapMarketRealtime();
app.MapMarketMetrics();
app.MapStartPage();
app.MapOpenApi("/openapi/v1.json"); // one document; any other name is an envelope 404, not the generator's plain text
// "Test Request" asks for X-Bfl-User. Scalar's script is served from the package itself; its web fonts and AI agent
// would be fetched from scalar.com, which a box without internet cannot reach, so they are off.
app.MapScalarApiReference(o => o.AddPreferredSecuritySchemes([MarketOpenApi.SecuritySchemeName]).DisableDefaultFonts().DisableAgent());

// Before any hosted service migrates, imports or syncs: a bad setting or a busy port ends the start here, in one line.
if (StartupChecks.FindProblem(app) is { } refusal)
{
    await Console.Error.WriteLineAsync($"Market cannot start: {refusal}");
    return 1;
}

EndpointWarmUp.AfterListening(app);
var wantsStackTrace = StartupChecks.WantsStackTrace(app.Configuration);
var database = app.Services.GetRequiredService<IDatabaseStartup>(); // read after the run: the host disposes its services
try
{
    await app.RunAsync();
    if (database.Failure is { } failure)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure); // the migrations (after listening) failed and stopped the host: the same one line as any failed start
    }
}
catch (Exception ex) when (StartupChecks.Describe(ex, wantsStackTrace) is { } problem)
{
    // A failed start is one line naming the cause, not a stack trace (Market__Logging__StartupStackTrace=true asks for it).
    await Console.Error.WriteLineAsync($"Market cannot start: {problem}");
    return 1;
}

return 0;

/// <summary>Visible to the API tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
