import { closeSync, constants, fstatSync, openSync, readSync, readdirSync, statSync, statfs } from 'node:fs';
import { join } from 'node:path';
import { FileMissing } from '../core/errors';
import { runCommand, type CommandRunner } from './command';

/** What statfs(2) says of one mounted filesystem, in the fields the fs module uses. */
export interface FsStats {
  readonly bsize: number;
  readonly blocks: number;
  readonly bfree: number;
  readonly bavail: number;
  readonly files: number;
  readonly ffree: number;
}

/**
 * The only way modules reach /proc and /sys: every path is relative to `root` ('/' in production, a
 * fixture tree in tests, the host's tree from a container). Texts are read once per sample and shared,
 * so cpu and load both use one read of /proc/stat. A missing file or directory is FileMissing; the
 * `maybe` readers are for optional sources, and the module decides whether their absence is SourceMissing.
 * Helper commands run through `command`, bounded in time.
 */
export class Sources {
  private readonly texts = new Map<string, string | Error>();

  constructor(
    readonly root: string,
    private readonly statfsAt: (path: string) => Promise<FsStats> = statfsOf,
    /** helper commands (nvidia-smi, sinfo): tests give recorded outputs */
    readonly command: CommandRunner = runCommand,
  ) {}

  path(rel: string): string {
    return join(this.root, rel);
  }

  async text(rel: string): Promise<string> {
    let text = this.texts.get(rel);
    if (text === undefined) {
      try {
        text = readCapped(this.path(rel)).toString('utf8');
      } catch (err) {
        text = missingOr(err as NodeJS.ErrnoException, rel);
      }
      this.texts.set(rel, text);
    }
    if (text instanceof Error) throw text;
    return text;
  }

  /** The text of an optional file, or undefined when this machine does not have it. */
  async maybeText(rel: string): Promise<string | undefined> {
    try {
      return await this.text(rel);
    } catch (err) {
      if (err instanceof FileMissing) return undefined;
      throw err;
    }
  }

  /** The trimmed text of a one-value file (sysfs attributes), or undefined when it is absent or unreadable. */
  async attribute(rel: string): Promise<string | undefined> {
    try {
      return readCapped(this.path(rel)).toString('utf8').trim();
    } catch {
      // sysfs answers EINVAL for `speed` on a down link and ENOENT for a vanished device: both mean "unknown"
      return undefined;
    }
  }

  async bytes(rel: string): Promise<Buffer> {
    try {
      return readCapped(this.path(rel));
    } catch (err) {
      throw missingOr(err as NodeJS.ErrnoException, rel);
    }
  }

  async list(rel: string): Promise<string[]> {
    try {
      return readdirSync(this.path(rel)).sort(naturalOrder);
    } catch (err) {
      throw missingOr(err as NodeJS.ErrnoException, rel);
    }
  }

  /** The entries of an optional directory, or undefined when this machine does not have it. */
  async maybeList(rel: string): Promise<string[] | undefined> {
    try {
      return await this.list(rel);
    } catch (err) {
      if (err instanceof FileMissing) return undefined;
      throw err;
    }
  }

  /**
   * The subdirectories of an optional directory (from the entries' types, without a stat or an open of
   * each), or undefined when this machine does not have it.
   */
  async maybeDirectories(rel: string): Promise<string[] | undefined> {
    try {
      return readdirSync(this.path(rel), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort(naturalOrder);
    } catch (err) {
      const missing = missingOr(err as NodeJS.ErrnoException, rel);
      if (missing instanceof FileMissing) return undefined;
      throw missing;
    }
  }

  /** Inode and size of a file, or undefined when it is absent. */
  fileId(rel: string): { readonly ino: number; readonly size: number } | undefined {
    try {
      const st = statSync(this.path(rel));
      return { ino: st.ino, size: st.size };
    } catch {
      return undefined;
    }
  }

  /** Bytes [start, end) of a file (fewer if it is shorter now). */
  range(rel: string, start: number, end: number): Buffer {
    const fd = openRegular(this.path(rel));
    try {
      const buf = Buffer.alloc(Math.max(0, Math.min(end - start, MAX_SOURCE_BYTES)));
      const n = readSync(fd, buf, 0, buf.length, start);
      return buf.subarray(0, n);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * The records of a kernel log after sequence number `after` (-1: all; Infinity: none), and the last
   * record's sequence number: /dev/kmsg read without blocking, one record per read(2), until it has no
   * more (EAGAIN); records overwritten while reading (EPIPE) are skipped. A record's sequence number is
   * read from its bytes, and only a record after `after` is decoded: a sample reads the whole buffer but
   * decodes only what came since the last. Under a test root the file is a plain capture with one
   * record per line. Undefined when it is absent.
   */
  kmsg(rel: string, after: number): { records: string[]; lastSeq: number | undefined } | undefined {
    const records: string[] = [];
    let lastSeq: number | undefined;
    const take = (buf: Buffer, start: number, end: number): void => {
      const seq = kmsgSeq(buf, start, end);
      if (seq === undefined) return;
      lastSeq = seq;
      if (seq > after) records.push(buf.toString('utf8', start, end));
    };
    let fd: number;
    try {
      if (!statSync(this.path(rel)).isCharacterDevice()) {
        const capture = readCapped(this.path(rel));
        for (let start = 0; start < capture.length; ) {
          const nl = capture.indexOf(10, start);
          const end = nl === -1 ? capture.length : nl;
          take(capture, start, end);
          start = end + 1;
        }
        return { records, lastSeq };
      }
      fd = openSync(this.path(rel), constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const buf = Buffer.alloc(16384);
    try {
      for (;;) {
        try {
          const n = readSync(fd, buf, 0, buf.length, null);
          if (n === 0) break;
          take(buf, 0, n);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'EAGAIN') break;
          if (code !== 'EPIPE') throw err;
        }
      }
    } finally {
      closeSync(fd);
    }
    return { records, lastSeq };
  }

  /** When a file was last written (ms since the epoch), or undefined when it is absent. */
  mtimeMs(rel: string): number | undefined {
    try {
      return statSync(this.path(rel)).mtimeMs;
    } catch {
      return undefined;
    }
  }

  /** statfs of a mount point as seen from the root. */
  statfs(mountPoint: string): Promise<FsStats> {
    return this.statfsAt(join(this.root, mountPoint));
  }
}

/** The most a source file may hold: /proc and /sys files are far smaller; a file past this is not a kernel's. */
export const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

/**
 * Opens a file for reading without ever blocking: O_NONBLOCK keeps a FIFO at a source path (or a
 * device) from hanging the run in open(2), and anything but a regular file is refused, so nothing
 * that never ends (a FIFO, /dev/zero) is read.
 */
function openRegular(path: string): number {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw Object.assign(new Error(`${path} is not a regular file`), { code: 'EFTYPE' });
  }
  return fd;
}

/** One buffer that every read goes through (reads are synchronous), so a run allocates only what the files hold. */
const readBuffer = Buffer.allocUnsafe(65536);

/** A whole source file, read to its end (a /proc file's size says 0), at most MAX_SOURCE_BYTES. */
function readCapped(path: string): Buffer {
  const fd = openRegular(path);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const n = readSync(fd, readBuffer, 0, readBuffer.length, null);
      if (n === 0) break;
      chunks.push(Buffer.from(readBuffer.subarray(0, n)));
      total += n;
      if (total > MAX_SOURCE_BYTES) throw new Error(`${path} holds more than ${MAX_SOURCE_BYTES} bytes`);
    }
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

function missingOr(err: NodeJS.ErrnoException, rel: string): Error {
  return err.code === 'ENOENT' || err.code === 'ENOTDIR' ? new FileMissing(`/${rel}`) : err;
}

/** 'cpu2' before 'cpu10', 'hwmon2' before 'hwmon10' (by hand: an Intl collator costs milliseconds to set up). */
export function naturalOrder(a: string, b: string): number {
  const split = (s: string): string[] => s.split(/(\d+)/);
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i] as string;
    const q = y[i] as string;
    if (p === q) continue;
    if (i % 2 === 1) return Number(p) - Number(q) || p.length - q.length;
    return p < q ? -1 : 1;
  }
  return x.length - y.length;
}

/**
 * statfs(2) off the main thread, so a hung network mount meets the module's deadline; through the
 * callback API, since node:fs/promises would load streams and readline into every run.
 */
const statfsOf = (path: string): Promise<FsStats> =>
  new Promise((resolve, reject) => statfs(path, (err, stats) => (err ? reject(err) : resolve(stats))));

/**
 * The sequence number of a /dev/kmsg record ("prio,seq,usec,flags;message") from its bytes, without
 * decoding it; undefined for what is not a record (a capture's continuation line, " KEY=value").
 */
export function kmsgSeq(buf: Buffer, start: number, end: number): number | undefined {
  let i = start;
  while (i < end && buf[i] !== 44) {
    const c = buf[i] as number;
    if (c < 48 || c > 57) return undefined;
    i++;
  }
  if (i === start || i === end) return undefined;
  let seq = 0;
  const first = ++i;
  for (; i < end; i++) {
    const c = buf[i] as number;
    if (c < 48 || c > 57) break;
    seq = seq * 10 + (c - 48);
  }
  return i > first && i < end && buf[i] === 44 ? seq : undefined;
}
