var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/healthz/live", () => Results.Json(new { success = true }));
await app.RunAsync();
