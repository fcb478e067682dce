import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

const GZIP_MAGIC = [0x1f, 0x8b];

/** The longest line worth reading: flightlog writes at most 1024 bytes plus syslog's prefix, rsyslog at most 8 KiB. */
export const MAX_LOG_LINE_BYTES = 64 * 1024;

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
 * The lines of a log file, plain or gzip (told by its first bytes, not its name), read as a stream in
 * batches (one per chunk read), in memory bounded by the chunk and MAX_LOG_LINE_BYTES whatever the file
 * holds: a longer line is skipped and told to `onLong`, empty lines are dropped, and a last line without
 * its newline (still being written, or cut off) is left out as torn. A gzip archive cut
 * short (still being written, or damaged) yields the lines before the damage and then rejects.
 */
export interface LineBatch {
  readonly lines: string[];
  /** the 1-based line number in the file of each line */
  readonly numbers: number[];
}

export async function* readLogLines(path: string, hooks: LineHooks = {}): AsyncGenerator<LineBatch> {
  const gzip = await isGzip(path);
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  const text: Readable = gzip ? file.pipe(createGunzip({ chunkSize: 256 * 1024 })) : file;
  if (hooks.onBytes) file.on('data', () => hooks.onBytes?.(file.bytesRead));
  let failure: Error | undefined;
  if (gzip) file.on('error', (err) => { failure = err; });
  let carry: Buffer[] = [];
  let carried = 0;
  let skipping = false;
  let lineNo = 0;
  try {
    for await (const chunk of text as AsyncIterable<Buffer>) {
      const lines: string[] = [];
      const numbers: number[] = [];
      let start = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; start = nl + 1, nl = chunk.indexOf(10, start)) {
        lineNo++;
        if (skipping) {
          skipping = false;
          continue;
        }
        const piece = carried === 0 ? chunk.subarray(start, nl) : Buffer.concat([...carry, chunk.subarray(start, nl)]);
        carry = [];
        carried = 0;
        if (piece.length > MAX_LOG_LINE_BYTES) hooks.onLong?.();
        else if (piece.length > 0) {
          lines.push(piece.toString('utf8'));
          numbers.push(lineNo);
        }
      }
      if (!skipping && start < chunk.length) {
        carried += chunk.length - start;
        if (carried > MAX_LOG_LINE_BYTES) {
          // the rest of this line is dropped as it comes, never held
          hooks.onLong?.();
          skipping = true;
          carry = [];
          carried = 0;
        } else carry.push(chunk.subarray(start));
      }
      if (lines.length > 0) yield { lines, numbers };
    }
  } catch (err) {
    failure ??= err as Error;
  } finally {
    file.destroy();
  }
  if (failure) throw failure;
}
