/** A process's storage I/O from /proc/<pid>/io (proc(5)): read_bytes and write_bytes, what it made the storage layer fetch and send. */
export interface ProcIo {
  readonly readBytes: bigint;
  readonly writeBytes: bigint;
}

/** Undefined where the kernel has no I/O accounting (no read_bytes or write_bytes line). */
export function parseProcIo(text: string): ProcIo | undefined {
  const read = /^read_bytes:\s*(\d+)$/m.exec(text)?.[1];
  const write = /^write_bytes:\s*(\d+)$/m.exec(text)?.[1];
  return read === undefined || write === undefined ? undefined : { readBytes: BigInt(read), writeBytes: BigInt(write) };
}
