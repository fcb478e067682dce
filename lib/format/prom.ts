import type { Sample, Value } from '../core/sample';
import { splitKey } from './key';
import { formatNumber, rawCounter } from './value';

/**
 * A sample as Prometheus text exposition (node_exporter's textfile collector): every numeric key is a
 * gauge named flightlog_<module>_<field>, with a `subject` label for `module.subject.field` keys
 *   flightlog_net_rx_bytes_per_s{subject="eth0"} 18234.5
 * A field a module writes both for itself and per subject (cpu.busy_pct and cpu.<N>.busy_pct, the
 * new and reset marks) gets `subject_` before the field in its per-subject name, so that no metric
 * mixes the whole with its parts (sum() would add them up): flightlog_cpu_subject_busy_pct{subject="0"}.
 * Raw counters (`raw: true`, `<key>.raw_<counter>`) are counters: flightlog_<module>_raw_<counter>_total,
 * exact up to 2^53 (Prometheus keeps float64); a CPU's own are flightlog_cpu_subject_raw_<counter>_total,
 * apart from the whole machine's. A count of events since the previous run (`_new`) is written as a
 * monotonic counter of all the runs' counts, flightlog_<module>_<field>_total, from `totals` (the prom
 * output keeps them): Prometheus scrapes a file many times a run, and only a counter lets increase()
 * give the true count. Plus flightlog_sample_time_seconds (the xid) and, for
 * each text value (module errors), flightlog_text_info{key="disk.error",value="…"} 1. # HELP is what
 * `help` says of the metric's first key (the module registry's documentation), else the key and the
 * unit its last word names. Names keep [a-zA-Z0-9_]; no timestamps.
 */
export function sampleToProm(
  sample: Sample,
  help?: (key: string) => string | undefined,
  totals: ReadonlyMap<string, number> = new Map(),
): string {
  const metrics = new Map<string, { help: string; type: 'gauge' | 'counter'; lines: string[] }>();
  const add = (
    name: string,
    help: string,
    type: 'gauge' | 'counter',
    labels: Record<string, string>,
    value: string,
  ): void => {
    const m = metrics.get(name) ?? { help, type, lines: [] };
    const l = Object.entries(labels)
      .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
      .join(',');
    m.lines.push(`${name}${l ? `{${l}}` : ''} ${value}`);
    metrics.set(name, m);
  };
  add('flightlog_sample_time_seconds', 'time of the sample (xid), epoch seconds', 'gauge', {}, String(sample.xid));
  for (const mod of sample.modules) {
    for (const [key, value] of mod.fields) addKey(add, key, value, help, totals);
  }
  return [...metrics]
    .map(([name, m]) => `# HELP ${name} ${m.help}\n# TYPE ${name} ${m.type}\n${m.lines.join('\n')}\n`)
    .join('');
}

/** Fields written for a whole module and for each of its subjects alike (cpu, health and proc in their entries, lib/modules/<name>/entry.ts; every module's marks). */
const BOTH_LEVELS = new Set(['busy_pct', 'crashes', 'count', 'new', 'reset']);

/** Modules whose raw counters stand for the whole and for each subject alike (the cpu line and each CPU's). */
const RAW_BOTH_LEVELS = new Set(['cpu']);

function addKey(
  add: (name: string, help: string, type: 'gauge' | 'counter', labels: Record<string, string>, value: string) => void,
  key: string,
  value: Value,
  help: ((key: string) => string | undefined) | undefined,
  totals: ReadonlyMap<string, number>,
): void {
  const { module, subject: of, field } = splitKey(key);
  const subject: Record<string, string> = of === undefined ? {} : { subject: of };
  const pattern = of === undefined ? key : `${module}.<subject>.${field}`;
  const raw = rawCounter(field, value);
  if (raw !== undefined) {
    const infix = of !== undefined && RAW_BOTH_LEVELS.has(module) ? 'subject_' : '';
    add(
      `flightlog_${metricPart(module)}_${infix}${metricPart(field)}_total`,
      `flightlog key ${pattern}: the kernel's counter, as read (raw: true)`,
      'counter',
      subject,
      raw.toString(),
    );
    return;
  }
  const total = field.endsWith('_new') ? totals.get(key) : undefined;
  if (total !== undefined) {
    const infix = of !== undefined && BOTH_LEVELS.has(field) ? 'subject_' : '';
    add(
      `flightlog_${metricPart(module)}_${infix}${metricPart(field.slice(0, -'_new'.length))}_total`,
      escapeHelp(`flightlog key ${pattern}: every run's count added up since the counter started`),
      'counter',
      subject,
      String(total),
    );
    return;
  }
  if (typeof value === 'string') {
    add('flightlog_text_info', 'a text value of the sample (a module error, a warning)', 'gauge', { key, value }, '1');
    return;
  }
  const text = formatNumber(value);
  if (text === undefined) return;
  const infix = of !== undefined && BOTH_LEVELS.has(field) ? 'subject_' : '';
  add(
    `flightlog_${metricPart(module)}_${infix}${metricPart(field)}`,
    escapeHelp(help?.(key) ?? `flightlog key ${pattern}${unitOf(field)}`),
    'gauge',
    subject,
    text,
  );
}

/** What a key's last word says of its unit (the unit is in the key: README, "What the lines mean"). */
function unitOf(field: string): string {
  const units: Array<[RegExp, string]> = [
    [/_bytes_per_s$/, 'bytes per second'],
    [/_per_s$/, 'per second'],
    [/_pct$/, 'percent of the interval or the whole, 0 to 100'],
    [/_bytes$/, 'bytes'],
    [/_ms$/, 'milliseconds'],
    [/_s$/, 'seconds'],
    [/_c$/, 'degrees Celsius'],
    [/_hz$/, 'hertz'],
    [/_w$/, 'watts'],
    [/_new$/, 'count since the previous sample'],
    [/^(new|reset)$/, '1 when the rates were left out this run (no baseline, counters restarted)'],
  ];
  const unit = units.find(([re]) => re.test(field))?.[1];
  return unit === undefined ? " (a count or ratio; see the module's documentation)" : `, ${unit}`;
}

const metricPart = (s: string): string => s.replace(/[^a-zA-Z0-9_]/g, '_');
/** HELP text escapes \\ and newlines (the exposition format's rule). */
const escapeHelp = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabel = (s: string): string => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
