import type { ModuleFields, Sample } from '../core/sample';
import { formatNumber, rawCounter } from '../format/value';
import { writeStdout } from '../io/stdout';
import type { Output } from './types';

/**
 * `json`: one JSON object per sample per line (JSON Lines) on stdout, with the same keys as the lines:
 * {"xid":…,"time":"<ISO 8601>","host":"…","values":{"cpu.busy_pct":12.31,…},"events":[{"module":"coredump","event":"coredump","comm":…},…]}.
 * Numbers are rounded as on the lines; text values are strings; raw counters (`raw: true`) are numbers.
 */
export const sampleJson = (sample: Sample): string =>
  JSON.stringify({
    xid: sample.xid,
    time: new Date(sample.timeMs).toISOString(),
    host: sample.host,
    values: jsonValues(sample.modules),
    events: (sample.events ?? []).map((e) => ({
      module: e.module,
      ...jsonValues([{ module: e.module, fields: e.fields }]),
    })),
  });

/** Keys and values of some modules as JSON: numbers rounded as on the lines, text as strings. */
export function jsonValues(modules: readonly ModuleFields[]): Record<string, number | string> {
  const values: Record<string, number | string> = {};
  for (const m of modules) {
    for (const [key, value] of m.fields) {
      // a raw counter is a number (exact to 2^53 in most JSON readers; the log keeps every digit)
      const raw = rawCounter(key.slice(key.lastIndexOf('.') + 1), value);
      if (raw !== undefined) values[key] = Number(raw);
      else if (typeof value === 'string') values[key] = value;
      else {
        const text = formatNumber(value);
        if (text !== undefined) values[key] = Number(text);
      }
    }
  }
  return values;
}

export const jsonOutput = (): Output => ({
  name: 'json',
  write: (samples: readonly Sample[]) => writeStdout(samples.map((s) => `${sampleJson(s)}\n`).join('')),
});
