namespace Market.Api.Runtime;

/// <summary>What a dashboard link opened in a browser without an identity shows: how to get one.</summary>
public static class IdentityHelpPage
{
    public const string Html = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Market: who are you?</title>
        <style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1f2933;background:#f7f9fb;max-width:48rem}code,pre{background:#eef2f6;padding:.1rem .3rem}</style>
        </head>
        <body>
        <h1>Market does not know who you are</h1>
        <p id="why">Every Market page and API call acts as a user, named by the <code>X-Bfl-User</code> header that the Olares gateway adds.
        This request came without it, so Market answered 401.</p>
        <p>To use the dashboards:</p>
        <ul id="how">
        <li>on Olares, open them through the gateway (your Market's address), signed in as an admin;</li>
        <li>on your laptop, restart Market with a local user, then reload this page:
        <pre>Market__Auth__LocalUser=admin dotnet run --project src/Market.Api</pre></li>
        <li>from a script, send the header: <code>curl -H 'X-Bfl-User: admin' …</code></li>
        </ul>
        <p><a href="/">Start page</a></p>
        </body>
        </html>
        """;
}
