import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Sample } from '../../lib/core/sample';
import { linesToSend } from '../../lib/format/sample-lines';
import { syslogOutput } from '../../lib/outputs/syslog';
import { tempDir } from '../helpers';

/*
 * A syslog daemon that reads slowly (a datagram every millisecond or so, as a busy rsyslogd may): a sample
 * of 600 lines (270 KB) fills the socket's queue again and again, whether it holds the kernel's default 10
 * datagrams or systemd's 512. winston-syslog's close()
 * polls every 200 ms while a send still counts in flight, which a failed send does when winston takes
 * its transport off the logger: no run may ever wait on that poll.
 */
const tmp = tempDir('flslow');
const socket = join(tmp.dir, 'log.sock');
const received = join(tmp.dir, 'received');
let reader: ChildProcess | undefined;
beforeAll(async () => {
  reader = spawn(
    'python3',
    [
      '-c',
      `
import os, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.bind(sys.argv[1])
out = open(sys.argv[2], 'ab', buffering=0)
while True:
    out.write(s.recv(65536) + b'\\n')
    time.sleep(0.001)
`,
      socket,
      received,
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 500 && !existsSync(socket); i++) await new Promise((resolve) => setTimeout(resolve, 10));
});
afterAll(() => {
  reader?.kill();
  tmp.cleanup();
});

describe('syslog into a daemon that reads slowly', () => {
  it("delivers every line once, sending again what a full queue refused, and never waits on the library's close poll", async () => {
    const sample: Sample = {
      xid: 1_763_886_000,
      timeMs: 1_763_886_000_000,
      host: 'db1',
      events: Array.from({ length: 600 }, (_, i) => ({
        module: 'app',
        fields: [
          ['event', 'note'],
          ['text', `note ${i} ${'x'.repeat(400)}`],
        ],
      })),
      modules: [{ module: 'cpu', fields: [['cpu.busy_pct', 12.5]] }],
    };
    const timers = vi.spyOn(globalThis, 'setTimeout');
    try {
      await syslogOutput({ socket, facility: 'local4', ident: 'flightlog', via: 'winston' } as Parameters<
        typeof syslogOutput
      >[0]).write([sample]);
      // the queue was full (the run paused 2 ms before sending again), and winston-syslog's close(), which
      // polls with setTimeout(_close, 200 × attempt), never had to wait
      expect(timers.mock.calls.filter(([, ms]) => ms === 2).length).toBeGreaterThan(0);
      expect(timers.mock.calls.filter(([, ms]) => ms === 200)).toEqual([]);
    } finally {
      timers.mockRestore();
    }
    const lines = linesToSend(sample);
    for (let i = 0; i < 1000 && readFileSync(received, 'utf8').split('\n').length <= lines.length; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    // each as the daemon got it: <165> is local4.notice (20 × 8 + 5), then the BSD time and the tag
    const got = readFileSync(received, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.replace(/^<165>\w{3} [ \d]\d \d\d:\d\d:\d\d flightlog\[\d+\]: /, ''));
    expect(got).toEqual(lines);
  });
});
