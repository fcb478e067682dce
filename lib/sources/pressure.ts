import { ParseError } from '../core/errors';

/**
 * /proc/pressure/<resource> (Documentation/accounting/psi.rst):
 *   some avg10=0.24 avg60=1.31 avg300=0.51 total=2066065
 *   full avg10=0.00 avg60=0.00 avg300=0.00 total=0
 * `total` is the cumulative stall time in microseconds. Kernels before 5.13 print no `full` line for
 * cpu; a line that is not printed stays absent.
 */
export interface PressureRecord {
  readonly someUs?: bigint;
  readonly fullUs?: bigint;
}

export function parsePressure(text: string, source: string): PressureRecord {
  const rec: { someUs?: bigint; fullUs?: bigint } = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const kind = line.split(' ', 1)[0];
    if (kind !== 'some' && kind !== 'full') continue;
    const m = /\btotal=(\d+)\b/.exec(line);
    if (!m) throw new ParseError(source, line, 'expected total=');
    if (kind === 'some') rec.someUs = BigInt(m[1] as string);
    else rec.fullUs = BigInt(m[1] as string);
  }
  if (rec.someUs === undefined && rec.fullUs === undefined)
    throw new ParseError(source, text.trim(), 'no some or full line');
  return rec;
}
