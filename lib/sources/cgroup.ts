import { ParseError } from '../core/errors';

/** "key value" lines (cpu.stat, memory.events). */
export function parseFlatKeyed(text: string, source: string): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const m = /^(\S+)\s+(\d+)$/.exec(line.trim());
    if (!m) throw new ParseError(source, line, 'expected "key value"');
    out.set(m[1] as string, BigInt(m[2] as string));
  }
  return out;
}

/** io.stat: "8:0 rbytes=… wbytes=… rios=… wios=… …" per device; the bytes summed over devices. */
export function parseIoStat(text: string): { rbytes: bigint; wbytes: bigint } {
  let rbytes = 0n;
  let wbytes = 0n;
  for (const line of text.split('\n')) {
    rbytes += BigInt(/\brbytes=(\d+)/.exec(line)?.[1] ?? '0');
    wbytes += BigInt(/\bwbytes=(\d+)/.exec(line)?.[1] ?? '0');
  }
  return { rbytes, wbytes };
}
