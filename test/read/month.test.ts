import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLogs } from '../../lib/read/files';
import { readSamples } from '../../lib/read/samples';
import { spawn } from 'node:child_process';
import { CLI, flightlog } from '../e2e/cli';
import { tempDir } from '../helpers';
import { busyOf, DOWN, MISSED, MONTH_START, REBOOT_AT, SLOTS, usedOf, writeMonth } from './month';

let dir = '';
let cleanup = (): void => {};
beforeAll(() => {
  const tmp = tempDir('flm');
  dir = tmp.dir;
  cleanup = tmp.cleanup;
  writeMonth(dir);
});
afterAll(() => cleanup());
// damaged archives apart from the month's logs, which other tests read whole
const damagedDir = tempDir('fld');
afterAll(() => damagedDir.cleanup());

/** The slots pi7 wrote a sample in, and those whose sample has rates (not the first of a boot). */
const written = Array.from({ length: SLOTS }, (_, i) => i).filter((s) => !MISSED.includes(s) && !DOWN.includes(s));
const withRates = written.filter((s) => s !== 0 && s !== REBOOT_AT);

describe('reading a month of rotated logs', () => {
  it('finds the log and its rotated archives', () => {
    expect(findLogs([], join(dir, 'flightlog.log')).map((f) => f.slice(dir.length + 1))).toEqual([
      'flightlog.log',
      'flightlog.log.1',
      'flightlog.log.2.gz',
      'flightlog.log.3.gz',
      'flightlog.log.4.gz',
    ]);
  });

  it('gets every sample back, in time order, hosts apart, a sample cut by the rotation joined', async () => {
    const samples = await readSamples(findLogs([dir], ''));
    const pi7 = samples.filter((s) => s.host === 'pi7');
    expect(pi7.map((s) => s.xid)).toEqual(written.map((slot) => MONTH_START + slot * 600));
    expect(samples.filter((s) => s.host === 'pi8').map((s) => s.values.get('cpu.busy_pct'))).toEqual(['5', '7']);
    // every pi7 sample is whole: its run line and its mem line came back, wherever the files cut
    expect(pi7.every((s) => s.values.has('run.v') && s.values.has('mem.used_bytes'))).toBe(true);
  });

  it('skips other programs, junk and a torn line, and keeps an escaped xid= inside its value', async () => {
    const samples = await readSamples([join(dir, 'flightlog.log')]);
    expect(samples.some((s) => s.host === 'pi7' && s.values.has('note.text'))).toBe(false);
    expect(samples.find((s) => s.host === 'pi8')?.values.get('note.text')).toBe('xid=1 cpu.busy_pct=0');
    expect(samples.every((s) => s.xid >= MONTH_START)).toBe(true);
  });

  it('reads what a damaged archive holds before the damage, and says so', async () => {
    const whole = gzipSync(readFileSync(join(dir, 'flightlog.log.1')));
    const cut = join(damagedDir.dir, 'cut.gz');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const warnings: string[] = [];
    const samples = await readSamples([cut], { warn: (w) => warnings.push(w) });
    expect(samples.length).toBeGreaterThan(10);
    expect(warnings[0]).toMatch(
      /cut\.gz: damaged archive after line \d+: unexpected end of file; the lines before it were read/,
    );
  });

  it('reads every line gzip can recover of an archive with one flipped byte or garbage after it, then exits 1 naming the file and where it broke', async () => {
    const whole = gzipSync(readFileSync(join(dir, 'flightlog.log.1')));
    const lines = readFileSync(join(dir, 'flightlog.log.1'), 'utf8').split('\n').filter(Boolean).length;
    const trailing = join(damagedDir.dir, 'trailing.gz');
    writeFileSync(trailing, Buffer.concat([whole, Buffer.from('garbage after the archive\n')]));
    const flipped = join(damagedDir.dir, 'flipped.gz');
    const bad = Buffer.from(whole);
    bad[Math.floor(bad.length * 0.6)] = (bad[Math.floor(bad.length * 0.6)] ?? 0) ^ 0xff;
    writeFileSync(flipped, bad);
    const clean = await flightlog(['grep', 'cpu.busy_pct', '--csv', '--log', join(dir, 'flightlog.log.1')]);
    const rows = clean.stdout.split('\n').length;
    // every line of the archive is there, as zcat gives them, and the garbage after it is said
    const after = await flightlog(['grep', 'cpu.busy_pct', '--csv', '--log', trailing]);
    expect(after.stdout.split('\n').length).toBe(rows);
    expect(after.status).toBe(1);
    expect(after.stderr).toBe(
      `flightlog: ${trailing}: damaged archive after line ${lines}: decompression OK, trailing garbage ignored; the lines before it were read\n`,
    );
    // the rows before the damage are printed, and the run says where it broke
    const broken = await flightlog(['report', 'cpu.busy_pct', '--log', flipped]);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/cpu\.busy_pct/);
    expect(broken.stderr).toMatch(
      new RegExp(
        `^flightlog: ${flipped}: damaged archive after line \\d+: invalid compressed data--(crc|format) error`,
      ),
    );
  });
});

describe('a reader whose output is closed early (| head -1)', () => {
  it.each([
    [['grep', 'cpu.busy_pct', '--json']],
    [['grep', 'cpu.busy_pct', '--csv']],
    [['export', '--sar']],
    [['report']],
  ])('%j ends quietly, exit 0', async (args) => {
    const { NODE_EXTRA_CA_CERTS: _ca, ...env } = process.env;
    // as head does: the first chunk read, then the pipe closed
    const child = spawn(process.execPath, [CLI, ...args, '--log', dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });
});

describe('a reader asked something that cannot be answered as asked', () => {
  it('refuses --csv with --json, and a --since that is not before --until, each with a fix', async () => {
    const both = await flightlog(['grep', 'cpu.busy_pct', '--csv', '--json', '--log', dir]);
    expect(both.status).toBe(2);
    expect(both.stderr).toBe('flightlog: --csv and --json together: grep writes one form; fix: keep one of them\n');
    expect(both.stdout).toBe('');
    const backwards = await flightlog([
      'report',
      '--since',
      '2025-12-10T00:00',
      '--until',
      '2025-12-01T00:00',
      '--log',
      dir,
    ]);
    expect(backwards.status).toBe(2);
    expect(backwards.stderr).toBe(
      'flightlog: --since 2025-12-10T00:00 is not before --until 2025-12-01T00:00: the period would be empty; fix: swap them, or move one\n',
    );
  });

  it('takes the keys after -- as keys', async () => {
    const ran = await flightlog(['grep', '--csv', '--log', dir, '--', 'cpu.busy_pct']);
    expect(ran.status, ran.stderr).toBe(0);
    // RFC 4180 rows end in CRLF
    expect(ran.stdout.split('\r\n')[0]).toBe('time,host,cpu.busy_pct');
  });
});

describe('flightlog report over the month', () => {
  it('gives min, avg, p95, max and count worked out from the generator, the missed runs, the reboot and the events', async () => {
    const ran = await flightlog(['report', 'cpu.busy_pct', 'mem.used_bytes', '--log', dir, '--host', 'pi7', '--json'], {
      TZ: 'UTC',
    });
    expect(ran.status, ran.stderr).toBe(0);
    const [host] = (JSON.parse(ran.stdout) as { hosts: Array<Record<string, unknown>> }).hosts;
    const busy = withRates.map(busyOf).sort((a, b) => a - b);
    const used = written.map(usedOf).sort((a, b) => a - b);
    const p95 = (xs: number[]): number => xs[Math.ceil(xs.length * 0.95) - 1]!;
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(host).toMatchObject({
      host: 'pi7',
      samples: written.length,
      missed: 3,
      reboots: [new Date((MONTH_START + REBOOT_AT * 600) * 1000).toISOString().replace('.000Z', 'Z')],
      keys: {
        'cpu.busy_pct': { count: busy.length, min: busy[0], max: busy[busy.length - 1] },
        'mem.used_bytes': { count: used.length, min: used[0], max: used[used.length - 1] },
      },
    });
    const keys = host!.keys as Record<string, { avg: number; p95: number }>;
    // past 256 values a key's p95 comes from a sketch: within 1 % of the nearest-rank value
    expect(busy.length).toBeGreaterThan(256);
    expect(Math.abs(keys['cpu.busy_pct']!.p95 - p95(busy))).toBeLessThanOrEqual(0.01 * p95(busy));
    expect(Math.abs(keys['mem.used_bytes']!.p95 - p95(used))).toBeLessThanOrEqual(0.01 * p95(used));
    expect(keys['cpu.busy_pct']!.avg).toBeCloseTo(mean(busy), 9);
    expect(keys['mem.used_bytes']!.avg).toBeCloseTo(mean(used), 3);
    expect((host!.events as Array<{ text: string }>).map((e) => e.text)).toEqual([
      'disk.error="ParseError: /proc/diskstats: torn line"',
      'reboot',
    ]);
  }, 30_000);
});

describe('flightlog grep over the month', () => {
  it('writes one CSV row per sample, an empty cell where a sample has no value', async () => {
    const ran = await flightlog(['grep', 'cpu.busy_pct', '--log', dir, '--host', 'pi7', '--csv']);
    const rows = ran.stdout.trimEnd().split('\r\n');
    expect(rows[0]).toBe('time,host,cpu.busy_pct');
    expect(rows).toHaveLength(written.length + 1);
    expect(rows[1]).toMatch(/^\S+,pi7,$/);
    expect(rows[2]!.split(',')[2]).toBe(String(busyOf(1)));
  });

  it('selects a period with --since and --until', async () => {
    const from = MONTH_START + 100 * 600;
    const ran = await flightlog([
      'grep',
      'mem.used_bytes',
      '--log',
      dir,
      '--since',
      `@${from}`,
      '--until',
      `@${from + 6000}`,
      '--json',
    ]);
    const rows = ran.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { xid: number; values: Record<string, number> });
    expect(rows.map((r) => r.xid)).toEqual(Array.from({ length: 10 }, (_, i) => from + i * 600));
    expect(rows[0]!.values['mem.used_bytes']).toBe(usedOf(100));
  });

  it('matches keys with globs, across subjects', async () => {
    const ran = await flightlog(['grep', 'run.*', '--log', join(dir, 'flightlog.log'), '--host', 'pi8']);
    expect(ran.stdout.split('\n')[0]).toBe('time                  host  run.v');
  });

  it('explains a --since it cannot read', async () => {
    const ran = await flightlog(['grep', '--log', dir, '--since', 'last tuesday']);
    expect(ran.status).toBe(2);
    expect(ran.stderr).toMatch(/--since "last tuesday": expected -2h, -30m, -7d, today, yesterday/);
  });
});

describe('grep --csv and --json of keys named in full', () => {
  it('stream their rows: 200,000 samples go out through a heap smaller than the rows would fill', async () => {
    const big = tempDir('flgrepbig');
    try {
      const log = join(big.dir, 'fleet.log');
      const lines: string[] = [];
      for (let i = 0; i < 20_000; i++) {
        for (let h = 0; h < 10; h++)
          lines.push(
            `2026-11-23T08:20:00.000000+00:00 host-${h} flightlog[42]: xid=${1_763_886_000 + i * 600} run.v=1 cpu.busy_pct=${(i + h) % 100} mem.used_pct=${(i * 7) % 100}`,
          );
      }
      writeFileSync(log, `${lines.join('\n')}\n`);
      const ran = await flightlog(['grep', 'cpu.busy_pct', '--log', log, '--csv'], {
        NODE_OPTIONS: '--max-old-space-size=40',
      });
      expect(ran.status, ran.stderr).toBe(0);
      const rows = ran.stdout.trimEnd().split('\r\n');
      expect(rows).toHaveLength(200_001);
      expect(rows.slice(0, 3)).toEqual([
        'time,host,cpu.busy_pct',
        '2025-11-23T08:20:00Z,host-0,0',
        '2025-11-23T08:20:00Z,host-1,1',
      ]);
    } finally {
      big.cleanup();
    }
  }, 120_000);

  it('print rows before a key first shows (empty cells), and refuse a key no sample has before printing any', async () => {
    const small = tempDir('flgreplate');
    try {
      const log = join(small.dir, 'pi7.log');
      // a second disk that appears at the 50th sample, 50 × 600 s = 8 h 20 min after the first
      const lines = Array.from(
        { length: 100 },
        (_, i) =>
          `2026-11-23T08:20:00.000000+00:00 pi7 flightlog[42]: xid=${1_763_886_000 + i * 600} run.v=1 disk.sda.util_pct=${i}${i >= 50 ? ` disk.sdb.util_pct=${i * 2}` : ''}`,
      );
      writeFileSync(log, `${lines.join('\n')}\n`);
      const ran = await flightlog(['grep', 'disk.sdb.util_pct', 'disk.sda.util_pct', '--log', log, '--csv']);
      expect(ran.status, ran.stderr).toBe(0);
      const rows = ran.stdout.trimEnd().split('\r\n');
      expect([rows.length, rows[0], rows[1], rows[51]]).toEqual([
        101,
        'time,host,disk.sdb.util_pct,disk.sda.util_pct',
        '2025-11-23T08:20:00Z,pi7,,0',
        '2025-11-23T16:40:00Z,pi7,100,50',
      ]);
      // the same log twice: each sample once
      expect(
        (await flightlog(['grep', 'disk.sda.util_pct', '--log', log, '--log', log, '--json'])).stdout
          .trim()
          .split('\n'),
      ).toHaveLength(100);
      const none = await flightlog(['grep', 'disk.sdc.util_pct', '--log', log, '--csv']);
      expect([none.status, none.stdout]).toEqual([2, '']);
      expect(none.stderr).toMatch(/no key matches "disk\.sdc\.util_pct"/);
    } finally {
      small.cleanup();
    }
  });
});

describe('a report over more hosts than it holds', () => {
  it('keeps the first 1000 hosts in a bounded heap and says how much it left out', async () => {
    const many = tempDir('flmany');
    try {
      // 100,000 hosts, one sample each, with events: more than any fleet page; run under a 96 MB heap
      const log = join(many.dir, 'fleet.log');
      const lines: string[] = [];
      for (let h = 0; h < 100_000; h++) {
        lines.push(
          `2026-11-23T08:20:00.000000+00:00 host-${h} flightlog[42]: xid=1763886000 run.v=1 run.errors=0 cpu.busy_pct=${h % 100} mem.used_pct=${(h * 7) % 100}`,
        );
      }
      writeFileSync(log, `${lines.join('\n')}\n`);
      const ran = await flightlog(['report', '--log', log, '--json'], { NODE_OPTIONS: '--max-old-space-size=96' });
      expect(ran.status, ran.stderr).toBe(0);
      const out = JSON.parse(ran.stdout) as { hosts: unknown[]; samples_left_out: number };
      expect(out.hosts).toHaveLength(1000);
      expect(out.samples_left_out).toBe(99_000);
      expect(ran.stderr).toBe(
        'flightlog: report: 99000 sample(s) of hosts past the first 1000 left out; fix: choose hosts with --host\n',
      );
    } finally {
      many.cleanup();
    }
  }, 120_000);
});
