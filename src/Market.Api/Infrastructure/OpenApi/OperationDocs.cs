namespace Market.Api.Infrastructure.OpenApi;

/// <summary>How the API reference words one route: a summary, a description, what a success carries and its media type.</summary>
public sealed record OperationDoc(string Summary, string Description, string Data = "see the description", string MediaType = "application/json");

/// <summary>
/// The summary and description of every route, in one table keyed <c>METHOD path</c> (paths as the document lists them),
/// so the wording lives beside the other routes' and a route without one fails <c>OpenApiDocumentTests</c>.
/// </summary>
public static class OperationDocs
{
    private const string P = "/app-store/api/v2";

    public static readonly IReadOnlyDictionary<string, OperationDoc> ByRoute = new Dictionary<string, OperationDoc>(StringComparer.Ordinal)
    {
        [$"GET {P}/market/hash"] = new("Catalog hash", "The hash of the caller's catalog view; a client refetches /market/data only when it changes.", "{hash}"),
        [$"GET {P}/market/data"] = new("Catalog and app states", "The caller's whole catalog view: every source with its latest app infos and the caller's app states. Answers 304 to a matching If-None-Match.", "{user_data: {sources, hash}, user_id, timestamp}"),
        [$"GET {P}/market/state"] = new("App states", "The caller's app states per source (state, progress, entrances), without the catalog.", "{user_data: {sources: {<id>: {type, app_state_latest[]}}, hash}, user_id, timestamp}"),
        [$"GET {P}/market/statesimple"] = new("App states, short", "The caller's app states in the short form (name, state, version) the CLI polls."),
        [$"GET {P}/market/debug-memory"] = new("Process memory", "Admin: working set, GC heap and thread counts of this replica."),
        [$"POST {P}/apps"] = new("App details", "Full catalog entries of the named apps (body: apps[] of {appid, sourceDataName}); unknown ones are left out."),
        [$"POST {P}/apps/version-history"] = new("Version history", "Every version of an app the catalog knows, newest first, with its upgrade notes (body: {appName})."),
        [$"GET {P}/apps/{{name}}/package"] = new("Download a chart package", "Streams the chart archive of an app in a local source (query: source, version; default the highest version). Only the caller's own or shared packages.", "the .tgz archive", "application/gzip"),
        [$"POST {P}/apps/upload"] = new("Upload a chart package", "Multipart form: field `chart` (a .tgz/.tar.gz with one chart folder) and optional `source` (a local source, default `upload`). The archive, Chart.yaml and OlaresManifest.yaml are checked; every violation is listed in data.errors.", "{app_info, filename, source, user_id}"),
        [$"DELETE {P}/local-apps/delete"] = new("Delete an uploaded package", "Removes every version of the caller's own uploaded chart and its state row (body: {app_name, app_version?, source?}); 200 with deleted_rows even when nothing matched; refused while it is installing or installed.", "{source, deleted_rows}"),
        [$"POST {P}/apps/{{id}}/install"] = new("Install an app", "Starts an install task (body: {source, app_name, version, sync?, envs?, selectedGpuType?}). With sync: true the answer waits until the runtime accepted or refused. Idempotency-Key returns the first task again.", "{task_id}"),
        [$"DELETE {P}/apps/{{id}}/install"] = new("Cancel an operation", "Cancels a running install, clone, upgrade or resume. The body is optional: {sync} (original) or {app_name, source, sync, version?} (1.12.6+).", "{task_id}"),
        [$"POST {P}/apps/{{id}}/clone"] = new("Clone an app", "Installs another instance of an app under a new title (body: {source, app_name, title, sync?, envs?, entrances?, selectedGpuType?, templateClone?}).", "{task_id}"),
        [$"PUT {P}/apps/{{id}}/upgrade"] = new("Upgrade an app", "Starts an upgrade to the named version (body: {source, app_name, version, sync?, envs?}).", "{task_id}"),
        [$"DELETE {P}/apps/{{id}}"] = new("Uninstall an app", "Starts an uninstall. Body: {version} (original) or {app_name, source, sync?, all?, deleteData?, version?} (1.12.6+, the installed version when left out).", "{task_id}"),
        [$"POST {P}/apps/open"] = new("Open an app", "Asks the runtime to open an installed app (body: {id}); answers the runtime's reply."),
        [$"POST {P}/apps/resume"] = new("Resume an app", "Resumes a stopped app (body: {appName} or {app_name, source, computeBinding?})."),
        [$"POST {P}/apps/stop"] = new("Stop an app", "Stops a running app (body: {appName} or {app_name, source, all?})."),
        [$"POST {P}/apps/restart"] = new("Restart an app", "Stops a running app, then resumes it once the runtime reports it stopped (body: {app_name, source, computeBinding?})."),
        [$"PUT {P}/apps/{{id}}/config"] = new("Change an app's config (not implemented)", "Kept for the 1.12.7 clients: answers the original's 501 in the envelope."),
        [$"POST {P}/apps/{{id}}/rollback"] = new("Roll an app back", "Starts a rollback task that returns the app to the version it had before its last upgrade (body: {sync?}). 404 when there is no upgrade to undo.", "{task_id}"),
        [$"GET {P}/updates"] = new("Available updates", "Every installed app (clones included) with a newer version from its source: installed and latest version, the releases in between with their notes, held and skipped flags, total_count. Held apps and skipped-only releases are left out unless all=true.", "{updates[], total_count}"),
        [$"PUT {P}/updates/{{appName}}/hold"] = new("Hold an app's updates", "Stops offering updates for the app to the caller, or offers them again (body: {held})."),
        [$"PUT {P}/updates/{{appName}}/skip"] = new("Skip a version", "Stops offering one version of the app to the caller; a newer version shows again (body: {version})."),
        [$"POST {P}/updates/apply"] = new("Apply updates", "Starts one batch of upgrade tasks (body: {apps: [...]} or {all: true}); at most one task per app, bounded concurrency; Idempotency-Key returns the first batch again.", "{batch_id, items[]}"),
        [$"GET {P}/updates/batches/{{id}}"] = new("Update batch", "One batch of the caller's: each app's task and outcome; one failure does not stop the others.", "{id, status, items[]}"),
        [$"GET {P}/logs"] = new("Audit log", "The caller's own history records, newest first (query: start, size, type, app, time range)."),
        [$"GET {P}/settings/market-settings"] = new("Market settings", "The caller's own market settings (selected source and preferences)."),
        [$"PUT {P}/settings/market-settings"] = new("Change market settings", "Replaces the caller's market settings; the body names the fields to set."),
        [$"GET {P}/settings/notifications"] = new("Webhook subscriptions", "The caller's webhook subscriptions (url, events); the secret is never answered, only has_secret.", "{subscriptions[]: {id, url, events, has_secret, created_at}}"),
        [$"POST {P}/settings/notifications"] = new("Subscribe a webhook", "Adds a webhook (body: {url, events[] of update_available|operation_failed|operation_rolled_back|source_unhealthy|payment_stuck, secret of 16+ characters}). Loopback and private targets are refused unless Market:Notifications:AllowPrivateNetworks. Deliveries are signed: X-Market-Signature sha256=HMAC-SHA256(secret, \"<X-Market-Timestamp>.<body>\").", "{id, url, events, has_secret, created_at}"),
        [$"DELETE {P}/settings/notifications/{{id}}"] = new("Delete a webhook", "Removes one of the caller's webhook subscriptions; its pending deliveries are abandoned.", "{id}"),
        [$"GET {P}/settings/notifications/deliveries"] = new("Webhook deliveries", "The caller's newest webhook deliveries (state pending|delivered|failed), each with every attempt: time, status code, error.", "{deliveries[]: {id, subscription_id, event, state, created_at, next_attempt_at, attempts[]}}"),
        [$"GET {P}/settings/market-source"] = new("Market sources", "Every source (remote and local) with its display names and, for remotes, its sync health and held-back apps."),
        [$"POST {P}/settings/market-source"] = new("Add a market source", "Admin: adds a remote source (body: {id, name, base_url, description?, display_name?, short_label?, icon?}) and syncs it."),
        [$"POST {P}/settings/market-source/probe"] = new("Probe a market source", "Admin: checks a base_url before it is added (reachable, speaks the market protocol, not private) and writes nothing.", "{base_url, name, display_name, short_label, icon, app_count, hash, version, latency_ms}"),
        [$"POST {P}/settings/market-source/{{id}}/sync"] = new("Sync a source now", "Admin: runs one sync cycle of a remote source now and reports its outcome.", "{source_id, outcome, changed, app_count, error, health}"),
        [$"DELETE {P}/settings/market-source/{{id}}"] = new("Remove a market source", "Admin: removes a remote source and its catalog; built-in sources cannot be removed."),
        [$"GET {P}/settings/system-status"] = new("System status", "Olares version, the caller's role and zone, cluster architectures and resources, as the web app's settings page shows them."),
        [$"GET {P}/sources/{{source}}/apps/{{id}}/payment-status"] = new("Payment status", "Where the caller's purchase of a paid app stands (not bought, waiting for the signature or payment, purchased)."),
        [$"GET {P}/apps/{{id}}/payment-status"] = new("Payment status (legacy)", "The original route of the payment status, for the app in any source."),
        [$"POST {P}/sources/{{source}}/apps/{{id}}/purchase"] = new("Buy an app", "Starts the purchase of a paid app: LarePass signs, the frontend pays, the licence VC is fetched. Test mode moves no money."),
        [$"POST {P}/sources/{{source}}/apps/{{id}}/restore-purchase"] = new("Restore a purchase", "Looks for an earlier purchase of the app by the caller and restores its licence."),
        [$"POST {P}/payment/frontend-start"] = new("Frontend started paying", "The web app reports that the user started the payment (body: {app_id, source_id, …})."),
        [$"POST {P}/payment/start-polling"] = new("Poll for the licence", "The web app reports a finished payment; Market polls the developer for the licence VC."),
        [$"POST {P}/payment/resend-vc"] = new("Resend the licence", "Sends the stored licence VC to LarePass again."),
        [$"POST {P}/payment/submit-signature"] = new("LarePass signature", "LarePass callback with the signed purchase (authorised by the callback ticket, not by X-Bfl-User)."),
        [$"POST {P}/payment/fetch-signature-callback"] = new("LarePass fetch-signature callback", "LarePass callback answering a fetch-signature request (authorised by the callback ticket)."),
        [$"GET {P}/payment/states"] = new("Payment states", "Admin: every purchase's state machine, with JWS, signature bodies and VCs masked."),
        [$"GET {P}/runtime/state"] = new("Runtime state", "Admin: sources and their sync, recent and active tasks, every user's app states and component health (query filters: user_id, source_id, app_name, task_status, task_type)."),
        [$"GET {P}/runtime/dashboard"] = new("Runtime state dashboard", "Admin: an HTML page showing /runtime/state, refreshed every 5 s. A browser without identity gets a page saying how to get one.", "HTML", "text/html"),
        [$"GET {P}/runtime/dashboard-app"] = new("App processing flow dashboard", "Admin: an HTML page with each app's way from catalog to running, filterable by app, user and source.", "HTML", "text/html"),
        [$"GET {P}/diagnostic"] = new("Cache diagnostics", "Admin: the catalog caches, hot state and NATS counters of this replica."),
        [$"POST {P}/reload"] = new("Reload caches", "Admin: drops and rebuilds the catalog caches of this replica."),
        [$"POST {P}/cleanup"] = new("Clean the catalog", "Admin: removes catalog entries whose source is gone.", "{cleaned_count}"),
        [$"GET {P}/tasks"] = new("Tasks", "The caller's own tasks, newest first (query: status, type, app_name, limit)."),
        [$"GET {P}/tasks/{{id}}"] = new("One task", "One of the caller's tasks: type, status, progress, error and timestamps, its timeline and, when it failed, failure {cause, summary, detail, next_step, retryable}."),
        [$"GET {P}/tasks/{{id}}/diagnostics"] = new("Task diagnostics", "A .tar.gz for a bug report: the task with timeline and cause, the runtime's answers, manifest summary, system status, settings (secrets masked) and log lines; owner and admins only."),
        [$"POST {P}/apps/{{id}}/preflight"] = new("Preflight an install", "Would installing app_name work? Body as install; answers {installable, blockers[{code, message, detail}], warnings[]}; nothing starts.", "{installable, blockers, warnings}"),
        [$"GET {P}/events"] = new("Live events (SSE)", "Server-sent events: the caller's app state changes and market points, as on /ws; a comment heartbeat keeps the connection open.", "a text/event-stream", "text/event-stream"),
    };
}
