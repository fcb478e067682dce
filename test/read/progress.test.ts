import { expect, it } from 'vitest';
import { progressBar } from '../../lib/read/progress';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = {
    isTTY,
    text: '',
    write(chunk: string) {
      s.text += chunk;
      return true;
    },
  };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

it('draws a bar on a terminal once a read takes more than half a second, and clears it', () => {
  let now = 0;
  const tty = fakeStream(true);
  const bar = progressBar(tty, () => now);
  bar.update(10, 100);
  expect(tty.text).toBe('');
  now = 600;
  bar.update(50, 2 * 1048576);
  expect(tty.text).toBe(`\rreading logs [${'#'.repeat(0)}${' '.repeat(30)}]   0% of 2.0 MiB`);
  bar.update(1048576, 2 * 1048576);
  expect(tty.text.endsWith(`\rreading logs [${'#'.repeat(15)}${' '.repeat(15)}]  50% of 2.0 MiB`)).toBe(true);
  bar.end();
  expect(tty.text.endsWith('\r\x1b[K')).toBe(true);
});

it('stays quiet when stderr is not a terminal', () => {
  let now = 0;
  const pipe = fakeStream(false);
  const bar = progressBar(pipe, () => now);
  now = 5000;
  bar.update(50, 100);
  bar.end();
  expect(pipe.text).toBe('');
});
