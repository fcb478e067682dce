import { ParseError } from '../core/errors';

/** The fields asked of `nvidia-smi --query-gpu=…`, in this order. */
export const GPU_QUERY = [
  'index',
  'uuid',
  'utilization.gpu',
  'utilization.memory',
  'memory.used',
  'memory.total',
  'temperature.gpu',
  'power.draw',
] as const;

export interface GpuRecord {
  readonly index: string;
  readonly uuid: string;
  /** the numeric fields by query name; `[N/A]` and `[Not Supported]` are left out */
  readonly values: Readonly<Record<string, number>>;
}

/** `--format=csv,noheader,nounits`: one line per GPU, fields separated by ", ". */
export function parseNvidiaSmi(text: string): GpuRecord[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const cols = line.split(',').map((c) => c.trim());
      if (cols.length !== GPU_QUERY.length || !/^\d+$/.test(cols[0] ?? ''))
        throw new ParseError('nvidia-smi', line, `expected ${GPU_QUERY.length} comma-separated fields`);
      const values: Record<string, number> = {};
      GPU_QUERY.forEach((name, i) => {
        const c = cols[i] as string;
        if (i >= 2 && /^-?\d+(\.\d+)?$/.test(c)) values[name] = Number(c);
      });
      return { index: cols[0] as string, uuid: cols[1] as string, values };
    });
}
