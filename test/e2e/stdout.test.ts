import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers';
import { CLI, flightlog } from './cli';

let cleanup = (): void => {};
afterEach(() => cleanup());

// Runs CMD with its stdout on a pipe that is non-blocking (as a parent may leave it) and that nobody reads
// for a moment, so writes past the pipe's 64 KiB meet EAGAIN; then reads it all. Prints the bytes.
const SLOW_NONBLOCKING_READER = `
import os, subprocess, sys, time
r, w = os.pipe()
os.set_blocking(w, False)
child = subprocess.Popen(sys.argv[1:], stdout=w)
os.close(w)
time.sleep(0.5)
data = b''
while True:
    chunk = os.read(r, 65536)
    if not chunk: break
    data += chunk
sys.stdout.buffer.write(data)
sys.exit(child.wait())
`;

describe('output on standard output', () => {
  it('hands over every byte of a long answer through a slow pipe, a non-blocking one too', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const log = join(tmp.dir, 'flightlog.log');
    // 20000 samples of one key: the CSV answer is about 0.7 MiB, ten pipes' worth
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++)
      lines.push(
        `2026-11-23T08:00:00Z pi7 flightlog[1]: xid=${1_763_884_800 + i * 600} cpu.busy_pct=${(i % 100) + 0.25}`,
      );
    writeFileSync(log, `${lines.join('\n')}\n`);

    const plain = await flightlog(['grep', '--log', log, '--csv', 'cpu.busy_pct']);
    expect(plain.status, plain.stderr).toBe(0);
    // RFC 4180 CSV: CRLF line ends; a header, then one row a sample with its value as written
    const rows = plain.stdout.trimEnd().split('\r\n');
    expect(rows.length).toBe(20_001);
    expect(rows.slice(1).map((r) => r.split(',').at(-1))).toEqual(lines.map((_, i) => String((i % 100) + 0.25)));

    const slow = spawnSync(
      'python3',
      ['-c', SLOW_NONBLOCKING_READER, process.execPath, CLI, 'grep', '--log', log, '--csv', 'cpu.busy_pct'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    expect(slow.status, slow.stderr).toBe(0);
    expect(slow.stdout.length).toBe(plain.stdout.length);
    expect(slow.stdout === plain.stdout).toBe(true);
  });
});
