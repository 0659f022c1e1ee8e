namespace Market.Api.Runtime;

/// <summary>
/// The two admin dashboards. Static pages with no data in them: they read <c>/runtime/state</c> every
/// 5 s and build their tables with <c>textContent</c> only, so no value can become markup or script.
/// What they show follows the app lifecycle's own states (see <see cref="DashboardAssets"/>), not guesses from substrings.
/// </summary>
public static class RuntimeDashboards
{
    private const string Head = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        """;

    private const string Bar = """
        <div class="bar"><button id="refresh" type="button">Refresh</button><label><input id="auto" type="checkbox" checked> Auto Refresh (5s)</label><span id="updated"></span><span id="error"></span></div>
        """;

    public const string State = Head + "<title>Runtime State Dashboard</title>" + DashboardAssets.Style + """
        </head>
        <body>
        <h1>Runtime State Dashboard</h1>
        """ + Bar + """
        <div class="cards" id="cards"></div>
        <h2>Components</h2><div id="components"></div>
        <h2>Market Sources</h2><div id="sources"></div>
        <h2>Applications</h2><div id="apps"></div>
        <h2>Tasks</h2><div id="tasks"></div>
        <script>
        """ + DashboardAssets.Script + """
        // A task's progress is its app's real progress (metadata.progress) while it works; no estimate from the clock.
        function progressOf(t, apps) {
          if (t.status === 'completed') return '100%';
          if (t.status !== 'running' && t.status !== 'pending') return '';
          const a = apps[t.user_id + ':' + ((t.metadata || {}).source_id || '') + ':' + t.app_name];
          const p = parseFloat(((a || {}).metadata || {}).progress || '');
          return isNaN(p) ? (((a || {}).metadata || {}).state || t.status) : Math.round(p) + '%';
        }
        function render(s) {
          const apps = Object.values(s.app_states || {}), tasks = Object.values(s.tasks || {});
          const views = apps.map(appView);
          const count = (list, pred) => list.filter(pred).length;
          const cards = document.getElementById('cards'); cards.replaceChildren();
          [['Installed Apps', count(apps, isInstalled)], ['In Progress', count(views, v => v.stepStatus === 'current' && v.label !== 'Running')],
           ['Failed Apps', count(views, v => v.tone === 'bad')], ['Canceled Apps', count(views, v => v.label === 'Canceled')], ['Uninstalled Apps', count(views, v => v.label === 'Uninstalled')],
           ['Healthy Apps', count(apps, a => a.health === 'healthy')], ['Total Tasks', tasks.length], ['Pending Tasks', count(tasks, t => t.status === 'pending')],
           ['Running Tasks', count(tasks, t => t.status === 'running')], ['Completed Tasks', count(tasks, t => t.status === 'completed')],
           ['Failed Tasks', count(tasks, t => t.status === 'failed')], ['Canceled Tasks', count(tasks, t => t.status === 'canceled')],
           ['Active Components', (s.summary || {}).active_components ?? 0]]
            .forEach(([label, value]) => { const c = el('div', null, 'card'); c.dataset.card = label; c.appendChild(el('b', value ?? 0)); c.appendChild(el('span', label)); cards.appendChild(c); });
          table(document.getElementById('components'), ['Name', 'Status', 'Healthy', 'Metrics', 'Message', 'Last Check'],
            Object.values(s.components || {}).map(c => [c.name, badge(c.status), badge(c.healthy ? 'healthy' : 'unhealthy'), fields(c.metrics), c.message || '', when(c.last_check)]));
          table(document.getElementById('sources'), ['Source', 'Base URL', 'Health', 'Apps', 'Last Outcome', 'Last Sync', 'Last Success', 'Duration (ms)', 'Last Error', 'Held Back'],
            (s.sources || []).map(x => [x.source_id, x.base_url, badge(x.status), x.app_count, badge(x.last_outcome), when(x.last_sync_at), when(x.last_success_at), x.last_duration_ms, x.last_error || '',
              (x.held_back || []).map(h => (h.name || h.app_id) + ': ' + h.reason).join(', ')]));
          table(document.getElementById('apps'), ['App Name', 'Title', 'User ID', 'Source ID', 'Version', 'Stage', 'Health', 'State', 'Progress', 'Last Update'],
            apps.sort((a, b) => String(b.last_update).localeCompare(String(a.last_update)))
              .map(a => [a.app_name, (a.metadata || {}).title || '', a.user_id, a.source_id, a.version || '', badge(a.stage), badge(a.health), stateCell(a),
                appView(a).stepStatus === 'current' && (a.metadata || {}).progress ? Math.round(parseFloat(a.metadata.progress)) + '%' : '', when(a.last_update)]));
          table(document.getElementById('tasks'), ['Task ID', 'Type', 'Status', 'App Name', 'User ID', 'Progress', 'Created At', 'Completed At', 'Error'],
            tasks.sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)))
              .map(t => [t.task_id, t.type, badge(t.status), t.app_name, t.user_id || '', progressOf(t, s.app_states || {}), when(t.created_at), when(t.completed_at), failureText(t)]));
        }
        start(render);
        </script>
        </body>
        </html>
        """;

    public const string AppFlow = Head + "<title>App Processing Flow Dashboard</title>" + DashboardAssets.Style + """
        </head>
        <body>
        <h1>App Processing Flow Dashboard</h1>
        """ + Bar + """
        <div class="bar"><input id="f-app" placeholder="App name"><input id="f-user" placeholder="User ID"><input id="f-source" placeholder="Source ID"></div>
        <div id="flows"></div>
        <script>
        """ + DashboardAssets.Script + """
        const STEPS = ['Catalog Sync', 'Requested', 'Downloading', 'Installing', 'Running'];
        let last = null;
        // Catalog Sync is the app's own source: local sources (uploads, demo) are never synced, so never failed;
        // a remote source's step follows that source's last sync, not every remote's.
        function syncStep(sourceId) {
          const src = (last.sources || []).find(x => x.source_id === sourceId);
          if (!src) return 'completed';
          if (src.last_outcome === 'failed') return 'failed';
          return src.last_outcome === 'never' ? 'pending' : 'completed';
        }
        // Each step: completed before the app's real step, the real step as it is (current, failed, canceled), nothing after it.
        function flowOf(a) {
          const v = appView(a); const span = el('span');
          STEPS.forEach((name, i) => {
            let status = 'pending';
            if (i === 0) status = syncStep(a.source_id);
            else if (v.step < 0) status = 'uninstalled';
            else if (i < v.step) status = 'completed';
            else if (i === v.step) status = v.stepStatus === 'current' ? 'current' : v.stepStatus;
            const cls = status === 'current' ? 'warn step-current' : status === 'pending' || status === 'uninstalled' ? 'muted' : status === 'canceled' ? 'muted step-current' : tone(status) + (i === v.step ? ' step-current' : '');
            const step = el('span', name + (i < STEPS.length - 1 ? ' → ' : ''), cls);
            step.dataset.step = name; step.dataset.status = status;
            span.appendChild(step);
          });
          return span;
        }
        function current(a) {
          const v = appView(a); const name = STEPS[v.step] || '';
          const text = v.label === 'Running' ? 'Running (Completed)' : v.label === 'Uninstalled' || v.label === 'Stopped' ? v.label
            : v.label === 'Failed' || v.label === 'Cancel failed' ? v.label + ' at ' + name : v.label === 'Canceled' ? 'Canceled at ' + name : name + ' (' + v.label + ')';
          const span = el('span'); span.appendChild(el('span', text, v.tone));
          const reason = v.tone === 'bad' ? v.reason : '';
          if (reason) span.appendChild(el('span', reason, 'reason'));
          return span;
        }
        function render(s) {
          last = s || last; if (!last) return;
          const fa = document.getElementById('f-app').value.toLowerCase(), fu = document.getElementById('f-user').value.toLowerCase(), fs = document.getElementById('f-source').value.toLowerCase();
          const rows = Object.values(last.app_states || {})
            .filter(a => String(a.app_name).toLowerCase().includes(fa) && String(a.user_id).toLowerCase().includes(fu) && String(a.source_id).toLowerCase().includes(fs))
            .sort((a, b) => String(b.last_update).localeCompare(String(a.last_update)))
            .map(a => [a.app_name, (a.metadata || {}).title || '', a.user_id, a.source_id, a.version || '', flowOf(a), current(a), badge(a.health), when(a.last_update)]);
          table(document.getElementById('flows'), ['App Name', 'Title', 'User ID', 'Source ID', 'Version', 'Processing Flow', 'Current Step', 'Status', 'Last Update'], rows);
        }
        ['f-app', 'f-user', 'f-source'].forEach(id => document.getElementById(id).addEventListener('input', () => render(null)));
        start(render);
        </script>
        </body>
        </html>
        """;
}
