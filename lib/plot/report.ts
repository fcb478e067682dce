import { closeSync, openSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { textTable } from '../format/table';
import { formatNumber, formatString } from '../format/value';
import type { Summary } from '../read/stats';
import { keepBounded } from '../read/memory';
import { MAX_EVENTS_PER_HOST, type HostReport } from '../read/report';
import type { PackedHost } from './html';
import type { PageBuilder } from './page-data';
import { UsageError } from '../core/errors';
import { writeWhole } from '../io/file';
import { humanValue } from './units';

/**
 * The HTML page of `--html FILE` (lib/plot/html.ts): a fleet overview where there are several hosts,
 * then each host's report, charts and events. Each host's part goes into the page gzipped (the page
 * unpacks the host it shows), made and packed one host at a time.
 */
export async function writePage(
  file: string,
  page: PageBuilder,
  reports: readonly HostReport[],
  exact: boolean,
): Promise<void> {
  const { renderHtml } = await import('./html');
  const hosts: PackedHost[] = [];
  let charts = 0;
  for (const p of page.pages(reports, (r) => asText(r, exact))) {
    charts += p.charts.length;
    const { overview, ...rest } = p;
    hosts.push({ host: p.host, overview, packed: gzipSync(JSON.stringify(rest), { level: 6 }).toString('base64') });
    // a host's points, its JSON and its gzip are garbage once it is packed: V8 would let them pile up
    keepBounded();
  }
  // when the page has nothing to show, it says so rather than drawing empty charts
  if (charts === 0) throw new UsageError('report --html: no key changes over the selected period: nothing to chart');
  const period = reports.length === 0 ? '' : ` from ${reports[0]!.from} to ${reports[0]!.to}`;
  const who = reports.length > 3 ? `${reports.length} hosts` : reports.map((r) => r.host).join(', ');
  const fd = openSync(file, 'w');
  try {
    for (const part of renderHtml(`flightlog report: ${who}${period}`, hosts, page.widthS, page.banded))
      writeWhole(fd, Buffer.from(part));
  } finally {
    closeSync(fd);
  }
}

export function asText(r: HostReport, exact: boolean): string {
  const n = (key: string, v: number): string => (exact ? (formatNumber(v) ?? '') : humanValue(key, v));
  const stats = Object.entries(r.keys).filter((e): e is [string, Summary & { max_at: string }] => 'min' in e[1]);
  const counts = Object.entries(r.keys).filter((e): e is [string, { count: number; total: number }] => 'total' in e[1]);
  // a log of `record` (or calibrate) alone is a recording: it speaks of that, not of runs that were missed
  const lines =
    r.samples === 0 && r.other > 0
      ? [`host ${r.host}: a recording of ${r.other} sample(s) (record or calibrate) from ${r.from} to ${r.to}`]
      : [
          `host ${r.host}: ${r.samples} samples${r.other > 0 ? ` and ${r.other} of record or calibrate` : ''} from ${r.from} to ${r.to}`,
          `missed runs: ${r.missed} (every ${formatNumber(r.interval_s)} s expected), reboots: ${r.reboots.length}`,
        ];
  const constants = Object.entries(r.constants);
  // the keys that held one value, wrapped as a paragraph: one line of 1,500 characters is read by no one
  if (constants.length > 0)
    lines.push(
      ...wrapped(
        'throughout:',
        constants.map(([k, v]) => `${k}=${typeof v === 'number' ? n(k, v) : formatString(v)}`),
      ),
    );
  if (stats.length > 0)
    lines.push(
      '',
      ...textTable([
        ['key', 'count', 'min', 'avg', 'p95', 'max', 'max at'],
        ...stats.map(([k, s]) => [k, String(s.count), n(k, s.min), n(k, s.avg), n(k, s.p95), n(k, s.max), s.max_at]),
      ]),
    );
  if (counts.length > 0)
    lines.push(
      '',
      ...textTable([['count', 'total', 'samples'], ...counts.map(([k, c]) => [k, n(k, c.total), String(c.count)])]),
    );
  if (r.by !== undefined) {
    const keys = Object.keys(r.keys);
    lines.push(
      '',
      ...textTable([
        ['period', 'samples', ...keys],
        ...r.by.map((b) => [
          b.period,
          String(b.samples),
          ...keys.map((k) => (b.values[k] === undefined ? '' : n(k, b.values[k] as number))),
        ]),
      ]),
    );
  }
  lines.push('', r.events.length === 0 ? 'events: none' : 'events:', ...r.events.map((e) => `  ${e.time}  ${e.text}`));
  if (r.events_left_out !== undefined)
    lines.push(
      `  … and ${r.events_left_out} more (a report lists ${MAX_EVENTS_PER_HOST} a host; narrow the period with --since and --until)`,
    );
  lines.push('');
  return lines.join('\n');
}

/** Words after a lead, in lines of at most WRAP characters, the lines after the first indented. */
const WRAP = 100;
function wrapped(lead: string, words: readonly string[]): string[] {
  const lines: string[] = [];
  let line = lead;
  for (const word of words) {
    if (line.length + 1 + word.length > WRAP && line.trim() !== lead && line.trim() !== '') {
      lines.push(line);
      line = ' ';
    }
    line = `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}
