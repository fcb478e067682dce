import { closeSync, fdatasyncSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const BLOCK = 1024 * 1024;
/** The scratch file wraps around at this size, so a long replay does not fill the disk. */
const SPAN = 256 * BLOCK;

/**
 * Disk traffic at given rates into a scratch file: writes are made durable (fdatasync) block by block,
 * so they reach the disk rather than wait in the page cache; reads come from what was written (and may
 * be served by the page cache: only writes are sure to reach the disk).
 */
export class DiskLoad {
  private readonly path: string;
  private readonly fd: number;
  private readonly block = Buffer.alloc(BLOCK, 0x5a);
  private writeAt = 0;
  private readAt = 0;
  private written = 0;
  /** bytes the reads returned so far */
  bytesRead = 0;

  constructor(dir: string) {
    this.path = join(dir, `flightlog-replay-${process.pid}.scratch`);
    this.fd = openSync(this.path, 'w+', 0o600);
  }

  /** Writes and reads `bytes` each (a fraction of a block at the end). */
  run(writeBytes: number, readBytes: number): void {
    for (let left = writeBytes; left > 0; left -= BLOCK) {
      const n = Math.min(BLOCK, left);
      writeSync(this.fd, this.block, 0, n, this.writeAt);
      this.writeAt = (this.writeAt + n) % SPAN;
      this.written = Math.max(this.written, this.writeAt === 0 ? SPAN : this.writeAt);
    }
    if (writeBytes > 0) fdatasyncSync(this.fd);
    for (let left = Math.min(readBytes, Number.MAX_SAFE_INTEGER); left > 0 && this.written > 0; left -= BLOCK) {
      const n = Math.min(BLOCK, left, this.written - this.readAt);
      this.bytesRead += readSync(this.fd, this.block, 0, n, this.readAt);
      this.readAt = (this.readAt + n) % this.written;
    }
  }

  close(): void {
    closeSync(this.fd);
    rmSync(this.path, { force: true });
  }
}
