import { spawn } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Where gzip(1) is (Debian has it in /bin, and /usr/bin with merged /usr): not looked up in a PATH, which a caller may have narrowed. */
const GZIP_PROGRAMS = ['/usr/bin/gzip', '/bin/gzip'];

const GZIP_MAGIC = [0x1f, 0x8b];

/** The longest line worth reading: flightlog writes at most 1024 bytes plus syslog's prefix, rsyslog at most 8 KiB. */
export const MAX_LOG_LINE_BYTES = 64 * 1024;

/** UTF-8 takes at most three bytes for each UTF-16 unit of a string: a line this short in a string is within MAX_LOG_LINE_BYTES. */
const SURELY_SHORT = Math.floor(MAX_LOG_LINE_BYTES / 3);

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await fh.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === GZIP_MAGIC[0] && buffer[1] === GZIP_MAGIC[1];
  } finally {
    await fh.close();
  }
}

export interface LineHooks {
  /** how many bytes of the file were read so far */
  readonly onBytes?: (bytes: number) => void;
  /** a line longer than MAX_LOG_LINE_BYTES was skipped (it cannot be flightlog's) */
  readonly onLong?: () => void;
}

/**
 * The lines of one piece of a file, without a string each: line i is `text.slice(starts[i], ends[i])`.
 * A reader that looks at most lines only briefly (the readers over a month of a fleet's log) makes a
 * string of just what it keeps.
 */
export interface LineBatch {
  /** whole lines of the file, decoded as UTF-8 */
  readonly text: string;
  readonly starts: number[];
  /** where each line ends: its newline, or the carriage return before it */
  readonly ends: number[];
  /** the 1-based line number in the file of each line */
  readonly numbers: number[];
}

/** The text of line i of a batch. */
export const lineOf = (batch: LineBatch, i: number): string => batch.text.slice(batch.starts[i], batch.ends[i]);

/**
 * An archive decompressed by gzip(1), beside this process (on another core where there is one), as
 * zcat does it: everything before a damaged byte comes out, and so does a whole archive with garbage
 * after it (Node's own gunzip drops the last part it was decoding in both cases). `status` is gzip's
 * exit status and what it said.
 */
function gunzip(file: Readable): {
  out: Readable;
  status: Promise<{ code: number | null; said: string }>;
  stop: () => void;
} {
  const gzip = GZIP_PROGRAMS.find((p) => existsSync(p));
  if (gzip === undefined) {
    // no gzip(1) here (a minimal image): Node's own gunzip, which recovers less of a damaged archive
    const out = file.pipe(createGunzip({ chunkSize: 64 * 1024 }));
    const status = new Promise<{ code: number | null; said: string }>((resolve) => {
      out.on('error', (err) => resolve({ code: 1, said: err.message }));
      out.on('end', () => resolve({ code: 0, said: '' }));
    });
    return { out, status, stop: () => out.destroy() };
  }
  const child = spawn(gzip, ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let said = '';
  child.stderr.on('data', (d: Buffer) => {
    said += d.toString();
  });
  // gzip stops reading at damage it cannot pass: what it did not read is not written
  child.stdin.on('error', () => {});
  file.pipe(child.stdin);
  const status = new Promise<{ code: number | null; said: string }>((resolve) => {
    child.on('error', (err) => resolve({ code: 1, said: `gzip(1) could not run: ${err.message}` }));
    child.on('close', (code) =>
      resolve({
        code,
        said: said
          .split('\n')
          .map((l) => l.replace(/^gzip: stdin: /, '').trim())
          .filter(Boolean)
          .join('; '),
      }),
    );
  });
  return { out: child.stdout, status, stop: () => child.kill() };
}

/**
 * The lines of a log file, plain or gzip (told by its first bytes, not its name), read as a stream in
 * batches (one per chunk read, decoded at once), in memory bounded by the chunk and MAX_LOG_LINE_BYTES
 * whatever the file holds: a longer line is skipped and told to `onLong`, empty lines are dropped, and
 * a last line without its newline (still being written, or cut off) is left out as torn. A gzip
 * archive that is damaged, cut short or followed by garbage yields every line gzip(1) can recover and
 * then rejects, saying after which line it broke and what gzip said.
 */
export async function* readLogLines(path: string, hooks: LineHooks = {}): AsyncGenerator<LineBatch> {
  const gzip = await isGzip(path);
  const file = createReadStream(path, { highWaterMark: 64 * 1024 });
  const unzipped = gzip ? gunzip(file) : undefined;
  const decoded: Readable = unzipped?.out ?? file;
  if (hooks.onBytes) file.on('data', () => hooks.onBytes?.(file.bytesRead));
  let failure: Error | undefined;
  if (gzip)
    file.on('error', (err) => {
      failure = err;
    });
  // the start of a line that goes on in the next chunk, at most MAX_LOG_LINE_BYTES of it
  let carry: Buffer[] = [];
  let carried = 0;
  // within a line too long to keep, until its newline
  let skipping = false;
  let lineNo = 0;
  try {
    for await (const chunk of decoded as AsyncIterable<Buffer>) {
      const first = chunk.indexOf(10);
      if (first === -1) {
        // no line ends in this chunk
        if (skipping) continue;
        carried += chunk.length;
        if (carried > MAX_LOG_LINE_BYTES) {
          // the rest of this line is dropped as it comes, never held
          hooks.onLong?.();
          skipping = true;
          carry = [];
          carried = 0;
        } else carry.push(chunk);
        continue;
      }
      const last = chunk.lastIndexOf(10);
      let whole = chunk.subarray(0, last + 1);
      if (skipping) {
        // the end of the long line: counted as a line, not read
        whole = whole.subarray(first + 1);
        lineNo++;
        skipping = false;
      } else if (carried > 0) whole = Buffer.concat([...carry, whole]);
      const bytes = whole.length;
      const text = whole.toString('utf8');
      const batch: LineBatch = { text, starts: [], ends: [], numbers: [] };
      for (let start = 0, nl = text.indexOf('\n'); nl !== -1; start = nl + 1, nl = text.indexOf('\n', start)) {
        lineNo++;
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (end === start) continue;
        // in a chunk of ASCII (most logs) a character is a byte
        if (
          end - start > SURELY_SHORT &&
          (text.length === bytes ? end - start : Buffer.byteLength(text.slice(start, end))) > MAX_LOG_LINE_BYTES
        ) {
          hooks.onLong?.();
          continue;
        }
        batch.starts.push(start);
        batch.ends.push(end);
        batch.numbers.push(lineNo);
      }
      carry = last + 1 < chunk.length ? [chunk.subarray(last + 1)] : [];
      carried = chunk.length - last - 1;
      if (carried > MAX_LOG_LINE_BYTES) {
        hooks.onLong?.();
        skipping = true;
        carry = [];
        carried = 0;
      }
      if (batch.starts.length > 0) yield batch;
    }
    if (unzipped !== undefined) {
      const { code, said } = await unzipped.status;
      if (code !== 0)
        failure ??= new Error(`damaged archive after line ${lineNo}: ${said || `gzip exit status ${code}`}`);
    }
  } catch (err) {
    failure ??= err as Error;
  } finally {
    unzipped?.stop();
    file.destroy();
  }
  if (failure) throw failure;
}
