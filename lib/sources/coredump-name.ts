/**
 * A systemd-coredump file name: core.<comm>.<uid>.<boot id>.<pid>.<time µs>[.zst|.xz|.lz4]
 * (coredump.c: the comm is escaped with \xNN for '.', '/' and other unsafe bytes).
 */
export interface CoreFile {
  readonly comm: string;
  readonly uid: number;
  readonly bootId: string;
  readonly pid: number;
  readonly usec: bigint;
}

export function parseCoreName(name: string): CoreFile | undefined {
  const m = /^core\.(.+)\.(\d+)\.([0-9a-f]{32})\.(\d+)\.(\d+)(?:\.[a-z0-9]+)?$/.exec(name);
  if (!m) return undefined;
  const comm = (m[1] as string).replace(/\\x([0-9a-fA-F]{2})/g, (_x, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
  return { comm, uid: Number(m[2]), bootId: m[3] as string, pid: Number(m[4]), usec: BigInt(m[5] as string) };
}
