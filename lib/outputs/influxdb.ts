import { readSecret, userPassword } from '../io/secret';
import type { InfluxdbSettings } from './registry';
import { sampleToLineProtocol } from '../format/influx';
import type { Sample } from '../core/sample';
import { OutputFailure, type Output } from './types';

/**
 * `influxdb`: line protocol (lib/format/influx.ts) written over HTTP into an InfluxDB: 1.x
 * `POST /write?db=<db>&precision=ns` (with `credentials`, a root-only file "user:password", as basic
 * auth), or 2.x `POST /api/v2/write?org=<org>&bucket=<bucket>&precision=ns` with the token of
 * `token_file`. The whole write has `timeout` seconds; what did not arrive waits in the spool.
 * InfluxDB keeps one value per series and time, so a sample sent again never counts twice. A request
 * InfluxDB refuses as bad (400: a field whose type conflicts, a line it cannot parse) is sent again one
 * sample at a time, and the sample it refuses is set aside as rejected, so the rest still flow. A body
 * too large for a proxy in front (413) is sent again in halves, down to one sample; one sample still too
 * large is set aside the same way.
 */
export function influxdbOutput(settings: InfluxdbSettings): Output {
  const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
  let url: URL;
  if (settings.bucket !== undefined) {
    url = new URL('/api/v2/write', settings.url);
    url.searchParams.set('org', settings.org ?? '');
    url.searchParams.set('bucket', settings.bucket);
    headers.Authorization = `Token ${readSecret(settings.token_file ?? '', 'influxdb.token_file')}`;
  } else {
    url = new URL('/write', settings.url);
    url.searchParams.set('db', settings.db ?? 'flightlog');
    if (settings.credentials !== undefined) {
      const { username, password } = userPassword(
        readSecret(settings.credentials, 'influxdb.credentials'),
        settings.credentials,
      );
      headers.Authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    }
  }
  url.searchParams.set('precision', 'ns');
  return {
    name: 'influxdb',
    write: async (samples: readonly Sample[]) => {
      const signal = AbortSignal.timeout(settings.timeout * 1000);
      const post = async (from: number, to: number): Promise<void> => {
        const body = samples.slice(from, to).flatMap(sampleToLineProtocol).join('\n');
        let response: Response;
        try {
          response = await fetch(url, { method: 'POST', headers, body, signal });
        } catch (err) {
          const why =
            (err as Error).name === 'TimeoutError'
              ? `no answer in ${settings.timeout} s`
              : ((err as { cause?: Error }).cause ?? (err as Error)).message;
          throw new OutputFailure(`${url.origin}: ${why}`, from);
        }
        if (response.status === 204 || response.status === 200) return;
        const text = (await response.text().catch(() => '')).trim().slice(0, 200);
        if (response.status !== 400 && response.status !== 413)
          throw new OutputFailure(`${url.origin}: HTTP ${response.status} ${text}`, from);
        if (to - from === 1) {
          // a partial write stored the sample's other points: only the fields it refused are set aside
          const part = /partial write/i.test(text) ? refusedFields(samples[from] as Sample, text) : undefined;
          throw new OutputFailure(`${url.origin}: HTTP ${response.status} ${text}`, from, 0, true, part);
        }
        if (response.status === 413) {
          // a proxy's body limit (nginx's is 1 MB): halves, down to one sample
          const middle = from + Math.ceil((to - from) / 2);
          await post(from, middle);
          await post(middle, to);
          return;
        }
        for (let i = from; i < to; i++) await post(i, i + 1);
      };
      // a request per 500 samples, in order: a failure says how many went in before it
      for (let i = 0; i < samples.length; i += 500) await post(i, Math.min(i + 500, samples.length));
    },
  };
}

/**
 * The fields of a sample that InfluxDB named in a partial write's error (`input field "used_pct" on
 * measurement "mem" is type float, already exists as type string`), as a sample of their own; undefined
 * when the error names none of its fields, or all of them (then the whole sample is taken as refused).
 */
function refusedFields(sample: Sample, error: string): Sample | undefined {
  const refused = [...error.matchAll(/input field \\?"([^"\\]+)\\?" on measurement \\?"([^"\\]+)\\?"/g)].map(
    (m) => [m[2] as string, m[1] as string] as const,
  );
  const modules = sample.modules.flatMap((m) => {
    const fields = m.fields.filter(([key]) =>
      refused.some(
        ([measurement, field]) =>
          measurement === m.module && key.startsWith(`${measurement}.`) && key.endsWith(`.${field}`),
      ),
    );
    return fields.length === 0 ? [] : [{ ...m, fields }];
  });
  const count = (ms: Sample['modules']): number => ms.reduce((n, m) => n + m.fields.length, 0);
  // all of it refused: the sample is set aside as it is
  if (modules.length === 0 || (count(modules) === count(sample.modules) && (sample.events ?? []).length === 0))
    return undefined;
  return { ...sample, modules, events: [] };
}
