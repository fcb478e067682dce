/**
 * One record of /dev/kmsg (Documentation/ABI/testing/dev-kmsg): "prio,seq,usec,flags[,…];message",
 * then continuation lines " KEY=value" (dropped here). The kernel writes unprintable bytes as \xNN.
 */
export interface KmsgRecord {
  /** syslog facility × 8 + level */
  readonly prio: number;
  readonly seq: bigint;
  /** µs since boot */
  readonly usec: bigint;
  readonly message: string;
}

export function parseKmsgRecord(text: string): KmsgRecord | undefined {
  const m = /^(\d+),(\d+),(\d+),[^;]*;([^\n]*)/.exec(text);
  if (!m) return undefined;
  return {
    prio: Number(m[1]),
    seq: BigInt(m[2] as string),
    usec: BigInt(m[3] as string),
    message: (m[4] as string).replace(/\\x([0-9a-fA-F]{2})/g, (_x, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    ),
  };
}
