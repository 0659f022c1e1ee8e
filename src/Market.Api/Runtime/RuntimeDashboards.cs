namespace Market.Api.Runtime;

/// <summary>
/// The two admin dashboards. Static pages with no data in them: they read <c>/runtime/state</c> every
/// 5 s and build their tables with <c>textContent</c> only, so no value can become markup or script.
/// </summary>
public static class RuntimeDashboards
{
    private const string Style = """
        <style>
        body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1f2933;background:#f7f9fb}
        h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}
        table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:1rem}
        th,td{border:1px solid #d9e2ec;padding:.35rem .5rem;text-align:left;font-size:.85rem;vertical-align:top}
        th{background:#eef2f6}.cards{display:flex;gap:1rem;flex-wrap:wrap}
        .card{background:#fff;border:1px solid #d9e2ec;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
        .card b{display:block;font-size:1.4rem}.bar{display:flex;gap:1rem;align-items:center;margin:.5rem 0}
        .ok{color:#18794e}.warn{color:#b25e09}.bad{color:#c62828}.info{color:#1c64b8}#error{color:#c62828}
        </style>
        """;

    private const string Common = """
        const STATE_URL = '/app-store/api/v2/runtime/state';
        function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text); if (cls) e.className = cls; return e; }
        function tone(v) { v = String(v || '').toLowerCase(); if (/(running|healthy|completed|success|true|^ok$)/.test(v)) return 'ok'; if (/(pending|processing|fetching|installing|upgrading|unknown|never|stale)/.test(v)) return 'warn'; if (/(fail|unhealthy|error|degraded|stopped|canceled|false|unreachable|invalid)/.test(v)) return 'bad'; return 'info'; }
        function table(host, headers, rows) {
          host.replaceChildren();
          const t = el('table'); const head = el('tr');
          headers.forEach(h => head.appendChild(el('th', h)));
          t.appendChild(head);
          if (rows.length === 0) { const tr = el('tr'); const td = el('td', 'No data'); td.colSpan = headers.length; tr.appendChild(td); t.appendChild(tr); }
          rows.forEach(r => { const tr = el('tr'); r.forEach(c => tr.appendChild(c instanceof Node ? wrap(c) : el('td', c ?? ''))); t.appendChild(tr); });
          host.appendChild(t);
        }
        function wrap(node) { const td = el('td'); td.appendChild(node); return td; }
        function badge(v) { return el('span', v, tone(v)); }
        function when(v) { if (!v) return ''; const d = new Date(v); return isNaN(d) ? String(v) : d.toLocaleString(); }
        async function load(render) {
          const error = document.getElementById('error');
          try {
            const res = await fetch(STATE_URL, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } });
            const body = await res.json();
            if (!res.ok || !body.success) throw new Error(body.message || ('HTTP ' + res.status));
            error.textContent = '';
            document.getElementById('updated').textContent = 'Updated ' + when(body.data.timestamp);
            render(body.data);
          } catch (e) { error.textContent = 'Failed to load runtime state: ' + e.message; }
        }
        function start(render) {
          const auto = document.getElementById('auto');
          document.getElementById('refresh').addEventListener('click', () => load(render));
          setInterval(() => { if (auto.checked) load(render); }, 5000);
          load(render);
        }
        """;

    public const string State = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Runtime State Dashboard</title>
        """ + Style + """
        </head>
        <body>
        <h1>Runtime State Dashboard</h1>
        <div class="bar"><button id="refresh" type="button">Refresh</button><label><input id="auto" type="checkbox" checked> Auto Refresh (5s)</label><span id="updated"></span><span id="error"></span></div>
        <div class="cards" id="cards"></div>
        <h2>Components</h2><div id="components"></div>
        <h2>Market Sources</h2><div id="sources"></div>
        <h2>Applications</h2><div id="apps"></div>
        <h2>Tasks</h2><div id="tasks"></div>
        <script>
        """ + Common + """
        function render(s) {
          const cards = document.getElementById('cards'); cards.replaceChildren();
          const sum = s.summary || {};
          [['Installed Apps', sum.total_apps], ['Total Tasks', sum.total_tasks], ['Pending', sum.pending_tasks], ['Running', sum.running_tasks],
           ['Completed Tasks', sum.completed_tasks], ['Failed Tasks', sum.failed_tasks], ['Healthy Apps', sum.healthy_apps], ['Active Components', sum.active_components]]
            .forEach(([label, value]) => { const c = el('div', null, 'card'); c.appendChild(el('b', value ?? 0)); c.appendChild(el('span', label)); cards.appendChild(c); });
          table(document.getElementById('components'), ['Name', 'Status', 'Healthy', 'Metrics', 'Message', 'Last Check'],
            Object.values(s.components || {}).map(c => [c.name, badge(c.status), badge(c.healthy ? 'healthy' : 'unhealthy'), JSON.stringify(c.metrics || {}), c.message || '', when(c.last_check)]));
          table(document.getElementById('sources'), ['Source', 'Base URL', 'Health', 'Apps', 'Last Outcome', 'Last Sync', 'Last Success', 'Duration (ms)', 'Last Error', 'Held Back'],
            (s.sources || []).map(x => [x.source_id, x.base_url, badge(x.status), x.app_count, badge(x.last_outcome), when(x.last_sync_at), when(x.last_success_at), x.last_duration_ms, x.last_error || '',
              (x.held_back || []).map(h => (h.name || h.app_id) + ': ' + h.reason).join(', ')]));
          table(document.getElementById('apps'), ['App Name', 'Title', 'User ID', 'Source ID', 'Version', 'Stage', 'Health', 'State', 'Last Update'],
            Object.values(s.app_states || {}).sort((a, b) => String(b.last_update).localeCompare(String(a.last_update)))
              .map(a => [a.app_name, (a.metadata || {}).title || '', a.user_id, a.source_id, a.version || '', badge(a.stage), badge(a.health), (a.metadata || {}).state || '', when(a.last_update)]));
          table(document.getElementById('tasks'), ['Task ID', 'Type', 'Status', 'App Name', 'User ID', 'Progress', 'Created At', 'Completed At', 'Error'],
            Object.values(s.tasks || {}).sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)))
              .map(t => [t.task_id, t.type, badge(t.status), t.app_name, t.user_id || '', (t.progress || 0) + '%', when(t.created_at), when(t.completed_at), t.error_msg || '']));
        }
        start(render);
        </script>
        </body>
        </html>
        """;

    public const string AppFlow = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>App Processing Flow Dashboard</title>
        """ + Style + """
        </head>
        <body>
        <h1>App Processing Flow Dashboard</h1>
        <div class="bar"><button id="refresh" type="button">Refresh</button><label><input id="auto" type="checkbox" checked> Auto Refresh (5s)</label><span id="updated"></span><span id="error"></span></div>
        <div class="bar"><input id="f-app" placeholder="App name"><input id="f-user" placeholder="User ID"><input id="f-source" placeholder="Source ID"></div>
        <div id="flows"></div>
        <script>
        """ + Common + """
        const STEPS = ['Catalog Sync', 'Requested', 'Downloading', 'Installing', 'Running'];
        const STAGE_STEP = { fetching: 2, installing: 3, upgrading: 3, uninstalling: 3, running: 4, stopped: 4, failed: -1, unknown: 1 };
        let last = null;
        // Catalog Sync is the app's own source: local sources (uploads, demo) are never synced, so never failed;
        // a remote source's step follows that source's last sync, not every remote's.
        function syncStep(sourceId) {
          const src = (last.sources || []).find(x => x.source_id === sourceId);
          if (!src) return 'completed';
          if (src.last_outcome === 'failed') return 'failed';
          return src.last_outcome === 'never' ? 'pending' : 'completed';
        }
        function flowOf(a) {
          const stage = a.stage || 'unknown';
          let at = STAGE_STEP[stage] ?? 1;
          const span = el('span');
          STEPS.forEach((name, i) => {
            let status = 'pending';
            if (i === 0) status = syncStep(a.source_id);
            else if (stage === 'failed') status = i < STEPS.length - 1 ? 'completed' : 'failed';
            else if (i < at || (i === at && (stage === 'running' || stage === 'stopped'))) status = 'completed';
            else if (i === at) status = 'running';
            span.appendChild(el('span', name + (i < STEPS.length - 1 ? ' → ' : ''), tone(status)));
          });
          return span;
        }
        function current(a) { const s = a.stage || 'unknown'; return s === 'failed' ? 'Failed' : s === 'running' ? 'Running (Completed)' : s; }
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
