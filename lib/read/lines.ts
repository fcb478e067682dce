import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

const GZIP_MAGIC = [0x1f, 0x8b];

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await fh.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === GZIP_MAGIC[0] && buffer[1] === GZIP_MAGIC[1];
  } finally {
    await fh.close();
  }
}

/**
 * The lines of a log file, plain or gzip (told by its first bytes, not its name), read as a stream.
 * `onBytes` hears how many bytes of the file were read so far. A gzip archive cut short (still being
 * written, or damaged) yields the lines before the damage and then rejects.
 */
export async function* readLogLines(path: string, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  const gzip = await isGzip(path);
  const file = createReadStream(path);
  const text: Readable = gzip ? file.pipe(createGunzip()) : file;
  if (onBytes) file.on('data', () => onBytes(file.bytesRead));
  let failure: Error | undefined;
  text.on('error', (err) => { failure = err; });
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  try {
    for await (const line of lines) yield line;
  } finally {
    lines.close();
    file.destroy();
  }
  if (failure) throw failure;
}
