namespace Market.Api.Runtime;

/// <summary>
/// What both dashboards share: the style (tables wrap inside the window, never sideways) and the script that
/// reads <c>/runtime/state</c> and words it. Values become text only (<c>textContent</c>), never markup.
/// </summary>
internal static class DashboardAssets
{
    public const string Style = """
        <style>
        body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1f2933;background:#f7f9fb}
        h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}
        table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:1rem;table-layout:auto}
        th,td{border:1px solid #d9e2ec;padding:.35rem .5rem;text-align:left;font-size:.85rem;vertical-align:top;overflow-wrap:anywhere}
        th{background:#eef2f6}.cards{display:flex;gap:1rem;flex-wrap:wrap}
        .card{background:#fff;border:1px solid #d9e2ec;border-radius:6px;padding:.6rem 1rem;min-width:8rem}
        .card b{display:block;font-size:1.4rem}.bar{display:flex;gap:1rem;align-items:center;margin:.5rem 0;flex-wrap:wrap}
        .ok{color:#18794e}.warn{color:#b25e09}.bad{color:#c62828}.info{color:#1c64b8}.muted{color:#616e7c}#error{color:#c62828}
        .reason{display:block;color:#c62828;font-size:.8rem}.fields{margin:0;padding:0;list-style:none}
        .step-current{font-weight:700;text-decoration:underline}
        </style>
        """;

    /// <summary>The script both pages start with: fetching, tables, and the state vocabulary of the app lifecycle.</summary>
    public const string Script = """
        const STATE_URL = '/app-store/api/v2/runtime/state';
        function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text); if (cls) e.className = cls; return e; }
        // Colours by exact value: "unhealthy" is not "healthy", "canceled" is not a failure.
        const TONES = {
          ok: ['running', 'healthy', 'completed', 'success', 'ok', 'true', 'connected'],
          warn: ['pending', 'processing', 'fetching', 'installing', 'upgrading', 'uninstalling', 'downloading', 'initializing', 'canceling', 'unknown', 'never', 'stale', 'degraded'],
          bad: ['failed', 'unhealthy', 'error', 'false', 'unreachable', 'invalid', 'disconnected'],
          muted: ['stopped', 'canceled', 'uninstalled'],
        };
        function tone(v) { v = String(v ?? '').toLowerCase(); for (const [t, values] of Object.entries(TONES)) if (values.includes(v)) return t; return 'info'; }
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
        // An object as readable "name: value" lines (components' metrics), never raw JSON.
        function fields(obj) {
          const list = el('ul', null, 'fields');
          Object.entries(obj || {}).forEach(([k, v]) => list.appendChild(el('li', k.replace(/_/g, ' ') + ': ' + (v !== null && typeof v === 'object' ? Object.entries(v).map(([a, b]) => a + ' ' + b).join(', ') : v))));
          return list;
        }
        // THE place a failure's reason is worded: a later failure.summary wins over the raw message.
        function failureText(x) { return (x && x.failure && x.failure.summary) || (x && x.metadata && x.metadata.reason) || (x && x.error_msg) || ''; }
        // The app lifecycle's states (metadata.state): "<phase>" or "<phase>Canceling|Canceled|CancelFailed|Failed".
        const PHASE_STEP = { pending: 1, downloading: 2, download: 2, installing: 3, install: 3, initializing: 3, notReady: 3, upgrading: 3, upgrade: 3,
          applyingEnv: 3, applyEnv: 3, running: 4, installed: 4, stopped: 4, stopping: 4, stop: 4, resuming: 4, resume: 4, uninstalling: 4, uninstall: 4 };
        const INSTALLED = ['running', 'installed', 'stopped', 'stopping', 'stopFailed', 'resuming', 'resumeFailed', 'upgrading', 'upgradeFailed', 'applyingEnv', 'applyEnvFailed',
          'applyingEnvCanceled', 'applyingEnvCanceling', 'applyingEnvCancelFailed', 'upgradingCanceling', 'resumingCanceling', 'uninstalling', 'uninstallFailed', 'notReady'];
        // What an app is, in words: { label, tone, step, stepStatus ('current'|'completed'|'failed'|'canceled'), reason }.
        function appView(a) {
          const meta = a.metadata || {}; const state = meta.state || '';
          const m = /^(.*?)(Canceling|Canceled|CancelFailed|Failed)$/.exec(state);
          const phase = m ? m[1] : state, suffix = m ? m[2] : '';
          const step = PHASE_STEP[phase] ?? 1;
          if (state === 'uninstalled') return { label: 'Uninstalled', tone: 'muted', step: -1, stepStatus: 'none', reason: '' };
          if (suffix === 'Canceled') return { label: 'Canceled', tone: 'muted', step, stepStatus: 'canceled', reason: 'canceled during ' + phase };
          if (suffix === 'Canceling') return { label: 'Canceling', tone: 'warn', step, stepStatus: 'current', reason: '' };
          if (suffix === 'Failed' || suffix === 'CancelFailed') return { label: suffix === 'Failed' ? 'Failed' : 'Cancel failed', tone: 'bad', step, stepStatus: 'failed', reason: failureText(a) };
          if (state === 'running') return { label: 'Running', tone: 'ok', step: 4, stepStatus: 'completed', reason: '' };
          if (state === 'stopped') return { label: 'Stopped', tone: 'muted', step: 4, stepStatus: 'completed', reason: '' };
          return { label: state || 'unknown', tone: 'warn', step, stepStatus: 'current', reason: '' };
        }
        function isInstalled(a) { return INSTALLED.includes((a.metadata || {}).state || ''); }
        function stateCell(a) {
          const v = appView(a); const span = el('span'); span.appendChild(el('span', v.label, v.tone)); span.dataset.state = (a.metadata || {}).state || '';
          if (v.reason) span.appendChild(el('span', v.reason, 'reason'));
          return span;
        }
        async function load(render) {
          const error = document.getElementById('error');
          try {
            const res = await fetch(STATE_URL, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } });
            const body = await res.json();
            if (res.status === 401) throw new Error('no identity: open this page through the Olares gateway, or start Market with Market__Auth__LocalUser=admin on your laptop');
            if (res.status === 403) throw new Error('admin only: ' + (body.message || 'Admin privileges required'));
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
}
