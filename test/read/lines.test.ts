import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, expect, it } from 'vitest';
import { lineOf, MAX_LOG_LINE_BYTES, readLogLines } from '../../lib/read/lines';
import { tempDir } from '../helpers';

let cleanup = (): void => {};
afterEach(() => cleanup());

/** Every line of a file as the reader gives it: [line number, text], and how many lines were too long. */
async function linesOf(path: string): Promise<{ lines: Array<[number, string]>; long: number }> {
  const lines: Array<[number, string]> = [];
  let long = 0;
  for await (const batch of readLogLines(path, { onLong: () => void long++ })) {
    for (let i = 0; i < batch.starts.length; i++) lines.push([batch.numbers[i] as number, lineOf(batch, i)]);
  }
  return { lines, long };
}

it('numbers lines as the file has them, drops empty ones, reads CRLF ends and leaves a torn last line out', async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const log = join(tmp.dir, 'a.log');
  writeFileSync(log, 'one\n\ntwo\r\n\r\nthree\nhalf');
  expect(await linesOf(log)).toEqual({
    lines: [
      [1, 'one'],
      [3, 'two'],
      [5, 'three'],
    ],
    long: 0,
  });
});

it('skips a line longer than the limit wherever it falls (inside a chunk, across chunks, in bytes of UTF-8), and keeps counting lines', async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const log = join(tmp.dir, 'b.log.gz');
  // 256 KiB chunks: a long line within the first, one across the second and third, and one of
  // 25,000 three-byte characters (75,000 bytes, 25,000 characters) within a chunk
  const within = 'w'.repeat(MAX_LOG_LINE_BYTES + 1);
  const across = 'x'.repeat(300 * 1024);
  const wide = '€'.repeat(25_000);
  const fits = `ü${'é'.repeat(MAX_LOG_LINE_BYTES / 2 - 2)}`;
  const text = ['first', within, 'second', across, 'third', wide, 'fourth', fits, 'last', ''].join('\n');
  writeFileSync(log, gzipSync(text));
  const { lines, long } = await linesOf(log);
  expect(long).toBe(3);
  expect(lines.map(([n, l]) => [n, l.length > 20 ? l.length : l])).toEqual([
    [1, 'first'],
    [3, 'second'],
    [5, 'third'],
    [7, 'fourth'],
    [8, fits.length],
    [9, 'last'],
  ]);
  expect(Buffer.byteLength(fits)).toBe(MAX_LOG_LINE_BYTES - 2);
});
