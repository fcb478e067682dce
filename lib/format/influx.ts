import type { EventRecord, ModuleFields, Sample } from '../core/sample';
import { formatNumber, rawCounter } from './value';
import { splitKey } from './key';

/**
 * A sample as InfluxDB line protocol (what Telegraf, InfluxDB 1.x/2.x and mqtt_consumer read): one point
 * per module and subject, measurement = module, tags host and (for `module.subject.field` keys) subject,
 * fields = the last part of the key, timestamp = the sample's own time in nanoseconds, the precision
 * that Telegraf's influx parser and InfluxDB's /write assume when they are told none.
 *   net,host=pi7,subject=eth0 rx_bytes_per_s=18234.5,tx_bytes_per_s=2210.1,up=1 1763886000123000000
 * Every number is written as a float (no `i` suffix), so a field never changes type between samples;
 * text values are quoted strings; raw counters (`raw: true`) are integers (`i`), always.
 */
export function moduleLines(sample: Sample, mod: ModuleFields): string[] {
  const points = new Map<string, string[]>();
  for (const [key, value] of mod.fields) {
    const { subject = '', field } = splitKey(key);
    const raw = rawCounter(field, value);
    // a raw counter is an integer field (i): exact to 2^63 − 1, and a value past that (no kernel counter gets there) is left out
    const text =
      raw !== undefined
        ? raw < 2n ** 63n
          ? `${raw}i`
          : undefined
        : typeof value === 'number'
          ? formatNumber(value)
          : quote(value);
    if (text === undefined) continue;
    const list = points.get(subject) ?? [];
    list.push(`${escapeKey(field)}=${text}`);
    points.set(subject, list);
  }
  return [...points].map(
    ([subject, fields]) =>
      `${escapeKey(mod.module)},host=${escapeKey(sample.host)}${subject ? `,subject=${escapeKey(subject)}` : ''} ${fields.join(',')} ${timestampNs(sample)}`,
  );
}

/** The sample's time in ns (as text: it passes 2^53), plus `offset` ns to keep points of one series apart. */
export const timestampNs = (sample: Sample, offset = 0): string =>
  (BigInt(Math.round(sample.timeMs)) * 1_000_000n + BigInt(offset)).toString();

/**
 * An event as a point of measurement `event`, tags host, module and kind:
 * event,host=pi7,module=coredump,kind=coredump comm="x",pid=1 <ns>. Its time is the sample's plus its
 * index among the sample's events (in ns), so two events of one kind in one sample stay two points.
 */
export function eventLine(sample: Sample, event: EventRecord, index: number): string {
  const kind = String(event.fields.find(([k]) => k === 'event')?.[1] ?? 'event');
  const fields = event.fields
    .filter(([k]) => k !== 'event')
    .flatMap(([k, v]) => {
      const text = typeof v === 'number' ? formatNumber(v) : quote(v);
      return text === undefined ? [] : [`${escapeKey(k)}=${text}`];
    });
  return `event,host=${escapeKey(sample.host)},module=${escapeKey(event.module)},kind=${escapeKey(kind)} ${fields.join(',') || 'count=1'} ${timestampNs(sample, index)}`;
}

export const sampleToLineProtocol = (sample: Sample): string[] => [
  ...sample.modules.flatMap((m) => moduleLines(sample, m)),
  ...(sample.events ?? []).map((e, i) => eventLine(sample, e, i)),
];

const quote = (v: string): string => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/** Measurement, tag keys and values, field keys: commas, equals signs and spaces are escaped. */
const escapeKey = (s: string): string => s.replace(/[,= \\]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
