import type { Sample } from '../sample/types';
import { formatNumber, type Value } from './value';

/**
 * A sample as Prometheus text exposition (node_exporter's textfile collector): every numeric key is a
 * gauge named flightlog_<module>_<field>, with a `subject` label for `module.subject.field` keys
 *   flightlog_net_rx_bytes_per_s{subject="eth0"} 18234.5
 * plus flightlog_sample_time_seconds (the xid) and, for each text value (module errors),
 * flightlog_text_info{key="disk.error",value="…"} 1. Names keep [a-zA-Z0-9_]; no timestamps.
 */
export function sampleToProm(sample: Sample): string {
  const metrics = new Map<string, { help: string; lines: string[] }>();
  const add = (name: string, help: string, labels: Record<string, string>, value: string): void => {
    const m = metrics.get(name) ?? { help, lines: [] };
    const l = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',');
    m.lines.push(`${name}${l ? `{${l}}` : ''} ${value}`);
    metrics.set(name, m);
  };
  add('flightlog_sample_time_seconds', 'time of the sample (xid), epoch seconds', {}, String(sample.xid));
  for (const mod of sample.modules) {
    for (const [key, value] of mod.fields) addKey(add, key, value);
  }
  return [...metrics].map(([name, m]) => `# HELP ${name} ${m.help}\n# TYPE ${name} gauge\n${m.lines.join('\n')}\n`).join('');
}

function addKey(add: (name: string, help: string, labels: Record<string, string>, value: string) => void, key: string, value: Value): void {
  if (typeof value === 'string') {
    add('flightlog_text_info', 'a text value of the sample (a module error, a warning)', { key, value }, '1');
    return;
  }
  const text = formatNumber(value);
  if (text === undefined) return;
  const parts = key.split('.');
  const module = parts[0] as string;
  const field = parts[parts.length - 1] as string;
  const name = `flightlog_${metricPart(module)}_${metricPart(field)}`;
  const help = `flightlog key ${parts.length > 2 ? `${module}.<subject>.${field}` : key}`;
  add(name, help, parts.length > 2 ? { subject: parts.slice(1, -1).join('.') } : {}, text);
}

const metricPart = (s: string): string => s.replace(/[^a-zA-Z0-9_]/g, '_');
const escapeLabel = (s: string): string => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
