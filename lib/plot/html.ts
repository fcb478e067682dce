import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors';
import { toNumber } from '../format/parse';
import type { ReadSample } from '../read/samples';
import { startsSegment, typicalInterval } from '../read/gaps';
import { SERIES_COLORS } from './chart';
import { zoneName } from './chart-time';
import { unitOf } from './units';

/** One host's part of the page: its summary rows, its charts (one per module and unit) and its events. */
export interface HostPage {
  readonly host: string;
  /** the lines of `flightlog report` for the host */
  readonly summary: string;
  readonly charts: ReadonlyArray<{ module: string; series: Array<{ key: string; unit: string; points: Array<[number, number | null]> }> }>;
  readonly events: ReadonlyArray<{ timeMs: number; kind: 'reboot' | 'crash' | 'oom' | 'failed' | 'other'; text: string }>;
}

/** Keys a chart leaves out: raw counters, the run's bookkeeping, the inventory, and counts of events (marked on the axis instead). */
const SKIP = /\.raw_|^run\.(v|version|first|boot|errors|duration_ms|interval_s)$|^inventory\.|_new$/;

/** At most this many keys in one chart: more would reuse colours and tangle; the rest go to the next chart. */
const MAX_KEYS_PER_CHART = 8;

/** Keys of time that only grow (uptime, operational time) or stand for a moment (boot time): said in words in the summary, not charted. */
const TIME_KEY = /(?<!_per)_s$|_time$/;

/**
 * A host's charts from its samples, grouped by quantity as sar groups its activities: one chart for each
 * module and unit (CPU shares; memory bytes; disk ms, I/Os a second, bytes a second, %; …), so that
 * each axis has one unit and every numeric key that changes over the period is drawn somewhere: past
 * eight keys a quantity goes on in a chart of its own ("2/3"). Keys that hold one value (the summary's
 * `throughout:`) and times that only grow are said in words instead. Gaps where samples do not follow
 * each other.
 */
export function hostCharts(samples: readonly ReadSample[]): HostPage['charts'] {
  const interval = typicalInterval(samples);
  const keys = new Map<string, Set<string>>();
  const firsts = new Map<string, string>();
  const varies = new Set<string>();
  const last = new Map<string, number>();
  const stepsBack = new Set<string>();
  for (const s of samples) {
    for (const [k, v] of s.values) {
      const n = toNumber(v);
      if (SKIP.test(k) || n === undefined) continue;
      const group = `${k.slice(0, k.indexOf('.'))} (${unitOf(k)})`;
      (keys.get(group) ?? keys.set(group, new Set()).get(group))?.add(k);
      const first = firsts.get(k);
      if (first === undefined) firsts.set(k, v);
      else if (first !== v) varies.add(k);
      if (n < (last.get(k) ?? -Infinity)) stepsBack.add(k);
      last.set(k, n);
    }
  }
  const charted = (k: string): boolean => varies.has(k) && !(TIME_KEY.test(k) && !stepsBack.has(k));
  return [...keys].sort(([a], [b]) => (a < b ? -1 : 1)).flatMap(([group, set]) => {
    const chosen = [...set].filter(charted).sort();
    const parts = Math.ceil(chosen.length / MAX_KEYS_PER_CHART);
    return Array.from({ length: parts }, (_, i) => ({
      module: parts > 1 ? `${group} ${i + 1}/${parts}` : group,
      series: chosen.slice(i * MAX_KEYS_PER_CHART, (i + 1) * MAX_KEYS_PER_CHART).map((key) => {
        const points: Array<[number, number | null]> = [];
        let prev: ReadSample | undefined;
        for (const s of samples) {
          if (prev !== undefined && startsSegment(prev, s, interval)) points.push([(prev.xid + 1) * 1000, null]);
          points.push([s.xid * 1000, toNumber(s.values.get(key)) ?? null]);
          prev = s;
        }
        return { key, unit: unitOf(key), points };
      }),
    }));
  });
}

/** The events of a host's samples that the page marks on its time axis, with what each was. */
export function hostEvents(samples: readonly ReadSample[]): HostPage['events'] {
  const out: Array<HostPage['events'][number]> = [];
  for (const s of samples) {
    const timeMs = s.xid * 1000;
    if (s.values.get('run.boot') === 'new') out.push({ timeMs, kind: 'reboot', text: 'reboot' });
    for (const e of s.events) {
      const kind = e.get('event') ?? '';
      const text = [...e].map(([k, v]) => `${k}=${v}`).join(' ');
      const isOom = kind === 'kmsg' && e.get('match') === 'oom';
      out.push({ timeMs, text, kind: kind === 'boot' ? 'reboot' : kind === 'crash' || kind === 'coredump' || (kind === 'killed' && e.has('core')) ? 'crash' : isOom ? 'oom' : kind === 'failed' || kind === 'unit_failed' ? 'failed' : 'other' });
    }
    for (const [k, v] of s.values) {
      if (k.endsWith('.error') || k === 'run.warning') out.push({ timeMs, kind: 'other', text: `${k}=${v}` });
      if (k === 'mem.oom_kills_new' && (toNumber(v) ?? 0) > 0) out.push({ timeMs, kind: 'oom', text: `${v} OOM kill(s)` });
    }
  }
  return out;
}

/** The bundled ECharts for browsers, shipped beside the program (dist/echarts.min.js, copied by the build). */
function echartsScript(): string {
  for (const dir of [__dirname, join(__dirname, '..', '..', 'dist'), join(__dirname, '..', '..', 'node_modules', 'echarts', 'dist')]) {
    try {
      return readFileSync(join(dir, 'echarts.min.js'), 'utf8');
    } catch {
      // the next place
    }
  }
  throw new UsageError('report --html: echarts.min.js is not installed beside flightlog (npm run build copies it to dist/)');
}

/** Text for an HTML page, and JSON for a <script> block: nothing in either can end the element or start a tag. */
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const inScript = (json: string): string => json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/**
 * One self-contained HTML page for a period (no network needed to open it: ECharts is inside): a host
 * selector, the host's summary, a chart per module with the reboots, crashes, OOM kills and failed
 * units marked on the same time axis, and the event list; an event's row zooms every chart to its
 * time. When it has drawn, the page writes what it drew in #status (for a browser test to read).
 */
export function renderHtml(title: string, hosts: readonly HostPage[]): string {
  const data = { title, zone: zoneName(Date.now()), colors: SERIES_COLORS, hosts };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 16px 24px; color: #222; }
h1 { font-size: 20px; margin: 0 0 8px; } h2 { font-size: 15px; margin: 18px 0 4px; }
pre { background: #f6f7f9; padding: 8px 12px; font-size: 12px; overflow-x: auto; }
.chart { width: 100%; height: 260px; }
table { border-collapse: collapse; font-size: 12px; } td { padding: 2px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
tr.event { cursor: pointer; } tr.event:hover { background: #eef4ff; }
.reboot { color: #b00000; } .crash { color: #d55e00; } .oom { color: #7a3b9a; } .failed { color: #8a5a00; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Host <select id="host"></select> · times in <span id="zone"></span> · <span id="status">drawing…</span></p>
<div id="page"></div>
<script>${echartsScript().replace(/<\/script/gi, '<\\/script')}</script>
<script>
const DATA = ${inScript(JSON.stringify(data))};
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
let charts = [];
function show(index) {
  charts.forEach((c) => c.dispose()); charts = [];
  const host = DATA.hosts[index];
  const page = document.getElementById('page'); page.innerHTML = '';
  const pre = document.createElement('pre'); pre.textContent = host.summary; page.appendChild(pre);
  const times = host.charts.flatMap((c) => c.series.flatMap((s) => s.points.map((p) => p[0])));
  const t0 = Math.min(...times), t1 = Math.max(...times);
  const marks = host.events.filter((e) => e.kind !== 'other').map((e) => ({ xAxis: e.timeMs, lineStyle: { color: MARK[e.kind], type: e.kind === 'reboot' ? 'solid' : 'dashed' }, label: { formatter: e.kind, color: MARK[e.kind], fontSize: 10 } }));
  let points = 0;
  for (const c of host.charts) {
    const h = document.createElement('h2'); h.textContent = c.module; page.appendChild(h);
    const div = document.createElement('div'); div.className = 'chart'; div.id = 'chart-' + c.module; page.appendChild(div);
    const units = [...new Set(c.series.map((s) => s.unit))].slice(0, 2);
    const chart = echarts.init(div);
    chart.setOption({
      animation: false, color: DATA.colors, tooltip: { trigger: 'axis', valueFormatter: (v) => String(v) },
      legend: { bottom: 0, type: 'scroll' }, grid: { top: 30, left: 70, right: units.length > 1 ? 70 : 20, bottom: 50 },
      dataZoom: [{ type: 'inside' }],
      xAxis: { type: 'time', min: t0, max: t1 },
      yAxis: units.map((u, i) => {
        const vs = c.series.filter((s) => s.unit === u).flatMap((s) => s.points.filter((p) => p[1] !== null).map((p) => p[1]));
        return Object.assign({ type: 'value', name: u, position: i === 0 ? 'left' : 'right', axisLabel: { formatter: (v) => human(v, u) }, splitLine: { show: i === 0 } }, nice(Math.min(...vs), Math.max(...vs), u));
      }),
      series: c.series.filter((s) => units.includes(s.unit)).map((s, i) => ({ type: 'line', name: s.key, yAxisIndex: units.indexOf(s.unit), showSymbol: false, connectNulls: false, data: s.points,
        markLine: i === 0 && marks.length > 0 ? { symbol: 'none', silent: true, data: marks } : undefined })),
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
      document.getElementById('page').scrollIntoView();
    });
  }
  if (host.events.length === 0) { const p = document.createElement('p'); p.textContent = 'no events'; page.appendChild(p); }
  const status = document.getElementById('status');
  status.textContent = host.charts.length + ' chart(s), ' + points + ' point(s)';
  status.dataset.charts = String(host.charts.length); status.dataset.points = String(points);
}
const select = document.getElementById('host');
DATA.hosts.forEach((h, i) => { const o = document.createElement('option'); o.value = String(i); o.textContent = h.host; select.appendChild(o); });
select.addEventListener('change', () => show(Number(select.value)));
document.getElementById('zone').textContent = DATA.zone;
show(0);
</script>
</body>
</html>
`;
}

/** When the page has nothing to show, it says so rather than drawing empty charts. */
export function requireCharts(hosts: readonly HostPage[]): void {
  if (hosts.every((h) => h.charts.length === 0)) throw new UsageError('report --html: no key changes over the selected period: nothing to chart');
}
