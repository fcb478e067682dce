import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors';
import { SERIES_COLORS } from './chart';
import { zoneName } from './chart-time';
import type { OverviewRow } from './page-data';

/** A host as the page carries it: its overview row as it is, the rest (summary, charts, events: a HostPage) as gzipped JSON in base64. */
export interface PackedHost {
  readonly host: string;
  readonly overview: OverviewRow;
  readonly packed: string;
}

/** The bundled ECharts for browsers, shipped beside the program (dist/echarts.min.js, copied by the build). */
function echartsScript(): string {
  for (const dir of [
    __dirname,
    join(__dirname, '..', '..', 'dist'),
    join(__dirname, '..', '..', 'node_modules', 'echarts', 'dist'),
  ]) {
    try {
      return readFileSync(join(dir, 'echarts.min.js'), 'utf8');
    } catch {
      // the next place
    }
  }
  throw new UsageError(
    'report --html: echarts.min.js is not installed beside flightlog (npm run build copies it to dist/)',
  );
}

/** Text for an HTML page, and JSON for a <script> block: nothing in either can end the element or start a tag. */
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const inScript = (json: string): string =>
  json
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** A bucket width in words: "10 s", "10 min", "6 h", "1 d". */
function widthWords(s: number): string {
  if (s % 86_400 === 0) return `${s / 86_400} d`;
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

/**
 * One self-contained HTML page for a period (no network needed to open it: ECharts is inside). With
 * more than one host, a fleet overview comes first: a row per host (samples, missed runs, reboots by
 * reason, crashes, OOM kills, crash-free hours, p95 and max of CPU, memory, the busiest disk and NIC,
 * and a small CPU chart), worst first, sortable by any column; a row opens that host. Then the host's
 * summary, its charts with the reboots, crashes, OOM kills and failed units marked on the same time axis
 * (where a point stands for several samples, its line is their mean and a band their min to max), and
 * its events: an event's row zooms every chart to its time. When it has drawn, the page writes what it
 * drew in #status (for a browser test to read).
 */
export function renderHtml(
  title: string,
  hosts: readonly PackedHost[],
  widthS: number,
  banded: boolean,
): readonly string[] {
  // the data without its hosts, cut where they go: no string can hold `"hosts":[]` unescaped but the key
  const [before, after] = JSON.stringify({
    title,
    zone: zoneName(Date.now()),
    colors: SERIES_COLORS,
    hosts: [],
    widthS,
    width: widthWords(widthS),
    banded,
  }).split('"hosts":[]') as [string, string];
  // the page in parts, written one after the other: each host's packed part is one, for the hosts are
  // most of a fleet's page, and the page whole in one string (and then in one buffer) would be held
  // twice over at the end of the run
  return [
    `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 16px 24px; color: #222; }
h1 { font-size: 20px; margin: 0 0 8px; } h2 { font-size: 15px; margin: 18px 0 4px; }
pre { background: #f6f7f9; padding: 8px 12px; font-size: 12px; overflow-x: auto; }
.chart { width: 100%; height: 260px; }
table { border-collapse: collapse; font-size: 12px; } td, th { padding: 2px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
th { text-align: left; cursor: pointer; user-select: none; background: #f6f7f9; position: sticky; top: 0; } th.sorted::after { content: " \\25BE"; } th.sorted.asc::after { content: " \\25B4"; }
#fleet td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; } #fleet tr.host { cursor: pointer; } #fleet tr.host:hover, #fleet tr.current { background: #eef4ff; }
#fleet .key { color: #666; font-size: 10px; } #fleet .bad { color: #b00000; font-weight: bold; }
tr.event { cursor: pointer; } tr.event:hover { background: #eef4ff; }
.reboot { color: #b00000; } .crash { color: #d55e00; } .oom { color: #7a3b9a; } .failed { color: #8a5a00; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<div id="overview"></div>
<p id="hostline">Host <select id="host"></select> · times in <span id="zone"></span> · <span id="resolution"></span> · <span id="status">drawing…</span></p>
<div id="page"></div>
<script>${echartsScript().replace(/<\/script/gi, '<\\/script')}</script>
<script>
const DATA = ${inScript(before)}"hosts":[`,
    ...hosts.map((host, i) => `${i > 0 ? ',' : ''}${inScript(JSON.stringify(host))}`),
    `]${inScript(after)};
const MARK = { reboot: '#b00000', crash: '#d55e00', oom: '#7a3b9a', failed: '#8a5a00' };
const pad = (n) => String(n).padStart(2, '0');
const when = (ms) => { const d = new Date(ms); return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes()); };
const human = (v, unit) => {
  if (v === null || v === undefined) return '';
  const binary = unit === 'bytes' || unit === 'bytes/s';
  const base = binary ? 1024 : 1000; const names = binary ? ['B', 'KiB', 'MiB', 'GiB', 'TiB'] : ['', 'k', 'M', 'G', 'T'];
  let e = 0; while (Math.abs(v) >= Math.pow(base, e + 1) && e < names.length - 1) e++;
  const n = Number((v / Math.pow(base, e)).toPrecision(4));
  return binary ? n + ' ' + names[e] + (unit === 'bytes/s' ? '/s' : '') : n + names[e];
};
// round ticks, as the SVG charts have them: binary units for bytes (0.5 GiB steps, not 1.676 GiB)
const nice = (lo, hi, unit) => {
  if (unit === '%') lo = 0;
  if (!(hi > lo)) { const p = Math.abs(hi) / 10 || 1; lo -= p; hi += p; }
  const base = unit === 'bytes' || unit === 'bytes/s' ? 1024 : 1000;
  let e = 0; while (Math.max(Math.abs(lo), Math.abs(hi)) >= Math.pow(base, e + 1) && e < 4) e++;
  const size = Math.pow(base, e), raw = (hi - lo) / size / 5, dec = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * dec >= raw) || 10) * dec * size;
  const max = Math.ceil(hi / step) * step;
  return { min: Math.floor(lo / step) * step, max: unit === '%' ? Math.min(max, 100) : max, interval: step };
};
// a point is [t, mean] or [t, mean, min, max] (a bucket of several samples), or [t, null] where the samples break
const low = (p) => (p.length === 4 ? p[2] : p[1]);
const high = (p) => (p.length === 4 ? p[3] : p[1]);
let charts = [];
// a host's summary, charts and events, unpacked when it is shown (the last one kept)
let unpacked = { index: -1, host: null };
async function hostData(index) {
  if (unpacked.index !== index) {
    const bin = atob(DATA.hosts[index].packed);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const text = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
    unpacked = { index, host: JSON.parse(text) };
  }
  return unpacked.host;
}
let shown = 0;
async function show(index) {
  const ticket = ++shown;
  const host = await hostData(index);
  // a host chosen since: that one is drawn instead
  if (ticket !== shown) return;
  charts.forEach((c) => c.dispose()); charts = [];
  document.querySelectorAll('#fleet tr.host').forEach((tr) => tr.classList.toggle('current', tr.dataset.index === String(index)));
  const page = document.getElementById('page'); page.innerHTML = '';
  const pre = document.createElement('pre'); pre.textContent = host.summary; page.appendChild(pre);
  const times = host.charts.flatMap((c) => c.series.flatMap((s) => s.points.map((p) => p[0])));
  const t0 = Math.min(...times), t1 = Math.max(...times);
  const marks = host.events.filter((e) => e.kind !== 'other').map((e) => ({ xAxis: e.timeMs, lineStyle: { color: MARK[e.kind], type: e.kind === 'reboot' ? 'solid' : 'dashed' }, label: { formatter: e.kind, color: MARK[e.kind], fontSize: 10 } }));
  let points = 0;
  for (const c of host.charts) {
    const h = document.createElement('h2'); h.textContent = c.module; page.appendChild(h);
    const div = document.createElement('div'); div.className = 'chart'; div.id = 'chart-' + c.module; page.appendChild(div);
    const unit = c.series[0].unit;
    const vs = c.series.flatMap((s) => s.points.filter((p) => p[1] !== null).flatMap((p) => [low(p), high(p)]));
    const lines = c.series.map((s, i) => ({ type: 'line', name: s.key, showSymbol: false, connectNulls: false, data: s.points.map((p) => [p[0], p[1]]), z: 3,
      markLine: i === 0 && marks.length > 0 ? { symbol: 'none', silent: true, data: marks } : undefined }));
    // where a point stands for several samples: a band from their min to their max, in the line's colour
    const bands = c.series.flatMap((s, i) => (s.points.some((p) => p.length === 4) ? [
      { type: 'line', name: s.key, stack: 'band' + i, silent: true, showSymbol: false, connectNulls: false, lineStyle: { opacity: 0 }, data: s.points.map((p) => [p[0], p[1] === null ? null : low(p)]), tooltip: { show: false } },
      { type: 'line', name: s.key, stack: 'band' + i, silent: true, showSymbol: false, connectNulls: false, lineStyle: { opacity: 0 }, areaStyle: { opacity: 0.18, color: DATA.colors[i % DATA.colors.length] }, data: s.points.map((p) => [p[0], p[1] === null ? null : high(p) - low(p)]), tooltip: { show: false } },
    ] : []));
    const chart = echarts.init(div);
    chart.setOption({
      animation: false, color: DATA.colors, tooltip: { trigger: 'axis', valueFormatter: (v) => human(v, unit) },
      legend: { bottom: 0, type: 'scroll', data: c.series.map((s) => s.key) }, grid: { top: 30, left: 70, right: 20, bottom: 50 },
      dataZoom: [{ type: 'inside' }],
      xAxis: { type: 'time', min: t0, max: t1 },
      yAxis: Object.assign({ type: 'value', name: unit, axisLabel: { formatter: (v) => human(v, unit) } }, nice(Math.min(...vs), Math.max(...vs), unit)),
      series: lines.concat(bands),
    });
    points += c.series.reduce((n, s) => n + s.points.filter((p) => p[1] !== null).length, 0);
    charts.push(chart);
  }
  echarts.connect(charts);
  const h = document.createElement('h2'); h.textContent = 'events'; page.appendChild(h);
  const table = document.createElement('table'); page.appendChild(table);
  for (const e of host.events) {
    const tr = document.createElement('tr'); tr.className = 'event ' + e.kind; tr.title = 'show on the charts';
    const a = document.createElement('td'); a.textContent = when(e.timeMs);
    const b = document.createElement('td'); b.textContent = e.text;
    tr.appendChild(a); tr.appendChild(b); table.appendChild(tr);
    tr.addEventListener('click', () => {
      const span = Math.max((t1 - t0) / 20, 3600e3);
      charts.forEach((c) => c.dispatchAction({ type: 'dataZoom', startValue: e.timeMs - span, endValue: e.timeMs + span }));
      document.getElementById('hostline').scrollIntoView();
    });
  }
  if (host.events.length === 0) { const p = document.createElement('p'); p.textContent = 'no events'; page.appendChild(p); }
  if (host.eventsLeftOut > 0) { const p = document.createElement('p'); p.textContent = '… and ' + host.eventsLeftOut + ' more events (narrow the period with --since and --until)'; page.appendChild(p); }
  const status = document.getElementById('status');
  status.textContent = host.charts.length + ' chart(s), ' + points + ' point(s)';
  status.dataset.charts = String(host.charts.length); status.dataset.points = String(points);
}
// the fleet overview: one row per host, worst first (crashes and OOM kills, then reboots, then missed runs, then CPU)
const COLUMNS = [
  ['host', 'host', (o, h) => h.host],
  ['cpu', 'CPU', null],
  ['samples', 'samples', (o) => o.samples], ['missed', 'missed runs', (o) => o.missed],
  ['reboots', 'reboots', (o) => o.reboots], ['crashes', 'crashes', (o) => o.crashes], ['oom', 'OOM kills', (o) => o.oomKills],
  ['crashfree', 'crash-free h', (o) => o.crashfreeH],
  ['cpu_p95', 'CPU % p95', (o) => o.cpu && o.cpu.p95], ['cpu_max', 'CPU % max', (o) => o.cpu && o.cpu.max],
  ['mem_p95', 'memory % p95', (o) => o.mem && o.mem.p95], ['mem_max', 'memory % max', (o) => o.mem && o.mem.max],
  ['disk_p95', 'disk % p95', (o) => o.disk && o.disk.p95], ['disk_max', 'disk % max', (o) => o.disk && o.disk.max],
  ['net_p95', 'network p95', (o) => o.net && o.net.p95], ['net_max', 'network max', (o) => o.net && o.net.max],
];
const worst = (a, b) => (b.overview.crashes + b.overview.oomKills) - (a.overview.crashes + a.overview.oomKills) || b.overview.reboots - a.overview.reboots
  || b.overview.missed - a.overview.missed || ((b.overview.cpu && b.overview.cpu.p95) || 0) - ((a.overview.cpu && a.overview.cpu.p95) || 0) || (a.host < b.host ? -1 : 1);
function spark(points, t0, t1) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('width', '120'); svg.setAttribute('height', '24'); svg.setAttribute('viewBox', '0 0 120 24');
  let run = [];
  const flush = () => { if (run.length > 0) { const pl = document.createElementNS('http://www.w3.org/2000/svg', 'polyline'); pl.setAttribute('points', run.join(' ')); pl.setAttribute('fill', 'none'); pl.setAttribute('stroke', DATA.colors[0]); pl.setAttribute('stroke-width', '1'); svg.appendChild(pl); } run = []; };
  for (const p of points) {
    if (p[1] === null) { flush(); continue; }
    const x = t1 > t0 ? ((p[0] - t0) / (t1 - t0)) * 118 + 1 : 60;
    run.push(x.toFixed(1) + ',' + (23 - (Math.min(100, Math.max(0, high(p))) / 100) * 22).toFixed(1));
  }
  flush();
  return svg;
}
function overview() {
  if (DATA.hosts.length < 2) return;
  const box = document.getElementById('overview');
  const h = document.createElement('h2'); h.textContent = 'fleet: ' + DATA.hosts.length + ' hosts, worst first (click a column to sort, a host to open it)'; box.appendChild(h);
  const table = document.createElement('table'); table.id = 'fleet'; box.appendChild(table);
  const head = document.createElement('tr'); table.appendChild(head);
  const times = DATA.hosts.flatMap((x) => x.overview.spark.map((p) => p[0]));
  const t0 = Math.min(...times), t1 = Math.max(...times);
  const rows = DATA.hosts.map((x, i) => {
    const o = x.overview;
    const tr = document.createElement('tr'); tr.className = 'host'; tr.dataset.index = String(i); tr.dataset.host = x.host;
    const cell = (col, text, title, bad) => { const td = document.createElement('td'); td.dataset.col = col; if (col !== 'host' && col !== 'cpu') td.className = 'n'; td.textContent = text; if (title) td.title = title; if (bad) td.classList.add('bad'); tr.appendChild(td); return td; };
    // the busiest disk or NIC is named under its figure (sda, eth0 rx); the whole key is the cell's title
    const figure = (col, f, which) => {
      const td = cell(col, f ? f[which + 'Text'] : '–', f ? f.key : '');
      const device = f ? f.key.split('.').slice(1, -1).join('.') : '';
      if (device) { const k = document.createElement('div'); k.className = 'key'; k.textContent = device + (f.key.endsWith('x_bytes_per_s') ? ' ' + f.key.slice(-14, -12) : ''); td.appendChild(k); }
    };
    cell('host', x.host);
    const c = cell('cpu', ''); c.appendChild(spark(o.spark, t0, t1)); c.title = 'cpu.busy_pct';
    cell('samples', String(o.samples)); cell('missed', String(o.missed), '', o.missed > 0);
    const reasons = Object.entries(o.reasons).map((e) => e[0] + ' ' + e[1]).join(', ');
    cell('reboots', String(o.reboots) + (reasons ? ' (' + reasons + ')' : ''), '', o.reboots > 0);
    cell('crashes', String(o.crashes), '', o.crashes > 0); cell('oom', String(o.oomKills), '', o.oomKills > 0);
    cell('crashfree', o.crashfreeH === null ? '–' : String(o.crashfreeH));
    figure('cpu_p95', o.cpu, 'p95'); figure('cpu_max', o.cpu, 'max'); figure('mem_p95', o.mem, 'p95'); figure('mem_max', o.mem, 'max');
    figure('disk_p95', o.disk, 'p95'); figure('disk_max', o.disk, 'max'); figure('net_p95', o.net, 'p95'); figure('net_max', o.net, 'max');
    tr.addEventListener('click', () => { select.value = String(i); show(i); document.getElementById('hostline').scrollIntoView(); });
    return { x, tr };
  });
  const place = (order) => order.forEach((r) => table.appendChild(r.tr));
  place(rows.slice().sort((a, b) => worst(a.x, b.x)));
  let sorted = null, asc = false;
  for (const [col, name, value] of COLUMNS) {
    const th = document.createElement('th'); th.textContent = name; th.dataset.col = col; head.appendChild(th);
    if (!value) continue;
    th.addEventListener('click', () => {
      asc = sorted === col ? !asc : col === 'host';
      sorted = col;
      head.querySelectorAll('th').forEach((t) => { t.classList.toggle('sorted', t === th); t.classList.toggle('asc', t === th && asc); });
      const v = (r) => value(r.x.overview, r.x);
      place(rows.slice().sort((a, b) => {
        const [p, q] = [v(a), v(b)];
        if (p === q) return a.x.host < b.x.host ? -1 : 1;
        if (p === null) return 1; if (q === null) return -1;
        return (p < q ? -1 : 1) * (asc ? 1 : -1);
      }));
    });
  }
}
const select = document.getElementById('host');
DATA.hosts.forEach((h, i) => { const o = document.createElement('option'); o.value = String(i); o.textContent = h.host; select.appendChild(o); });
select.addEventListener('change', () => show(Number(select.value)));
document.getElementById('zone').textContent = DATA.zone;
document.getElementById('resolution').textContent = 'a point every ' + DATA.width + (DATA.banded ? ': the mean of its samples, the band their min to max' : '');
overview();
show(DATA.hosts.indexOf([...DATA.hosts].sort(worst)[0]));
select.value = String(DATA.hosts.indexOf([...DATA.hosts].sort(worst)[0]));
</script>
</body>
</html>
`,
  ];
}
