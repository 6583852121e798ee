import type { StatusRow } from './status-rows.js';

const COLUMNS: readonly [keyof StatusRow, string][] = [
  ['name', 'server'],
  ['state', 'breaker'],
  ['calls', 'calls'],
  ['failures', 'failures'],
  ['retries', 'retries'],
  ['rejections', 'rejections'],
  ['p50', 'p50 ms'],
  ['p99', 'p99 ms'],
  ['restarts', 'restarts'],
  ['lastError', 'last error'],
];

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function cell(row: StatusRow, key: keyof StatusRow, label: string): string {
  const value = key === 'state' ? `<span class="badge">${row.state}</span> <small>${escape(row.note)}</small>` : escape(String(row[key]));
  return `<td data-label="${label}" data-key="${key}">${value}</td>`;
}

/**
 * The rows as HTML (also what the page shows without JavaScript).
 *
 * @example const tbody = rowsHtml(statusRows(registry.health(), Date.now()));
 */
export function rowsHtml(rows: readonly StatusRow[]): string {
  return rows.map((row) => `<tr data-server="${escape(row.name)}" data-state="${row.state}">${COLUMNS.map(([key, label]) => cell(row, key, label)).join('')}</tr>`).join('\n');
}

const STYLE = `
:root { color-scheme: light dark; --ok: #1a7f37; --warn: #b08800; --bad: #cf222e; --muted: #888; }
body { font: 15px/1.4 system-ui, sans-serif; margin: 0 auto; padding: 1rem; max-width: 72rem; }
h1 { font-size: 1.3rem; margin: 0 0 .25rem; } p.sub { color: var(--muted); margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .45rem .5rem; border-bottom: 1px solid #8884; vertical-align: top; }
td[data-key=lastError] { max-width: 28rem; overflow-wrap: anywhere; color: var(--muted); }
.badge { display: inline-block; min-width: 4.5rem; text-align: center; border-radius: 1rem; padding: 0 .5rem; color: #fff; font-weight: 600; }
tr[data-state=closed] .badge { background: var(--ok); }
tr[data-state=half-open] .badge { background: var(--warn); }
tr[data-state=open] .badge, tr[data-state=misconfigured] .badge { background: var(--bad); }
#live { font-size: .85rem; color: var(--muted); }
@media (max-width: 640px) {
  thead { display: none; }
  table, tbody, tr, td { display: block; width: auto; }
  tr { border: 1px solid #8886; border-radius: .5rem; margin-bottom: .75rem; padding: .25rem .5rem; }
  td { border: 0; padding: .2rem 0; display: flex; gap: .5rem; }
  td::before { content: attr(data-label); min-width: 6.5rem; color: var(--muted); }
  td[data-key=name] { font-weight: 700; font-size: 1.05rem; }
}`;

/**
 * The status page: plain HTML and CSS, readable without JavaScript; `/status.js` keeps it live over SSE.
 *
 * @example response.end(statusPage(rows));
 */
export function statusPage(rows: readonly StatusRow[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>res gateway</title><style>${STYLE}</style></head>
<body><h1>res gateway</h1><p class="sub">${rows.length} server(s) · <span id="live">snapshot (live updates need JavaScript)</span></p>
<table><thead><tr>${COLUMNS.map(([, label]) => `<th>${label}</th>`).join('')}</tr></thead>
<tbody id="rows">
${rowsHtml(rows)}
</tbody></table>
<script src="/status.js"></script></body></html>
`;
}

/** The page's script: replaces the rows on every SSE message (the server renders them). */
export const STATUS_SCRIPT = `'use strict';
(function () {
  var live = document.getElementById('live');
  var rows = document.getElementById('rows');
  var source = new EventSource('/events');
  source.addEventListener('rows', function (event) {
    rows.innerHTML = event.data;
    live.textContent = 'live · ' + new Date().toLocaleTimeString();
  });
  source.onerror = function () { live.textContent = 'reconnecting…'; };
})();
`;
