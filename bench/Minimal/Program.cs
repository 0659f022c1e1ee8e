var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/healthz/live", () => Results.Json(new { success = true }));

// compare.sh's framework rows: the very bytes Market answered, served as a plain ASP.NET Core app would serve a byte
// array (routing, Results.Bytes). MINIMAL_BYTES_DIR holds the files "hash" and "data"; unset, the app is the bare one
// whose start and memory are measured.
if (Environment.GetEnvironmentVariable("MINIMAL_BYTES_DIR") is { Length: > 0 } dir)
{
    var hash = File.ReadAllBytes(Path.Combine(dir, "hash"));
    var data = File.ReadAllBytes(Path.Combine(dir, "data"));
    app.MapGet("/hash", () => Results.Bytes(hash, "application/json"));
    app.MapGet("/data", () => Results.Bytes(data, "application/json"));
}

await app.RunAsync();
