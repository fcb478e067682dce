import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flightlog } from '../e2e/cli';
import { tempDir } from '../helpers';
import { logLines } from './month';
import { asText } from '../../lib/plot/report';
import { ReportBuilder } from '../../lib/read/report';
import type { ReadSample } from '../../lib/read/samples';

/*
 * Host h, 2026-11-20 from 00:00 UTC, a sample every 600 s in slots 0, 1, 2, 4 and 5: the sample of
 * slot 3 was lost on its way (nothing says run.missed). cpu.count is 2 throughout. mem.used_bytes is
 * 1, 1.5, 2, 1.25 and 1 GiB; mem.oom_kills_new 0, 1, 0, 2, 0. One line of `record` in between.
 */
const T0 = 1_795_132_800;
const GIB = 2 ** 30;
const used = [1, 1.5, 2, 1.25, 1];
const ooms = [0, 1, 0, 2, 0];

let dir = '';
let cleanup = (): void => {};
let log = '';
beforeAll(() => {
  const tmp = tempDir('flrep');
  dir = tmp.dir;
  cleanup = tmp.cleanup;
  log = join(dir, 'h.log');
  const lines = [0, 1, 2, 4, 5].flatMap((slot, i) =>
    logLines(
      'h',
      T0 + slot * 600,
      [
        ['run.v', 1],
        ['cpu.count', 2],
        ['mem.used_bytes', used[i]! * GIB],
        ['mem.oom_kills_new', ooms[i]!],
      ],
      100 + i,
    ),
  );
  lines.splice(2, 0, ...logLines('h', T0 + 100, [['record.exit_status', 0]], 99));
  writeFileSync(log, `${lines.join('\n')}\n`);
});
afterAll(() => cleanup());

describe('report --html over keys that never change', () => {
  it('writes no page of empty charts: an error that says so, exit 2', async () => {
    const still = join(dirname(log), 'still.log');
    writeFileSync(
      still,
      `${[0, 1, 2]
        .flatMap((i) =>
          logLines(
            'h',
            T0 + i * 600,
            [
              ['run.v', 1],
              ['cpu.count', 2],
            ],
            100 + i,
          ),
        )
        .join('\n')}\n`,
    );
    const page = join(dirname(log), 'still.html');
    const ran = await flightlog(['report', '--log', still, '--html', page]);
    expect([ran.status, ran.stderr]).toEqual([
      2,
      'flightlog: report --html: no key changes over the selected period: nothing to chart\n',
    ]);
    expect(existsSync(page)).toBe(false);
  });
});

describe('flightlog report', () => {
  it('sums counts, says constants once, counts a lost sample as missed, and when each maximum was', async () => {
    const ran = await flightlog(['report', '--log', log, '--json'], { TZ: 'UTC' });
    expect(ran.status, ran.stderr).toBe(0);
    const [host] = (JSON.parse(ran.stdout) as { hosts: Array<Record<string, unknown>> }).hosts;
    expect(host).toMatchObject({
      host: 'h',
      samples: 5,
      other: 1,
      missed: 1,
      interval_s: 600,
      constants: { 'cpu.count': 2, 'record.exit_status': 0, 'run.v': 1 },
      keys: {
        // (1 + 1.5 + 2 + 1.25 + 1) / 5 = 1.35 GiB; the 95th percentile of five is the fifth, 2 GiB, at slot 2
        'mem.used_bytes': {
          count: 5,
          min: GIB,
          avg: 1.35 * GIB,
          p95: 2 * GIB,
          max: 2 * GIB,
          max_at: '2026-11-20T00:20:00Z',
        },
        'mem.oom_kills_new': { count: 5, total: 3 },
      },
    });
  });

  it('humanises values, or gives them exact, and has sar-style rows per day', async () => {
    const human = await flightlog(['report', '--log', log, '--by', 'day'], { TZ: 'UTC' });
    expect(human.stdout).toContain(
      'host h: 5 samples and 1 of record or calibrate from 2026-11-20T00:00:00Z to 2026-11-20T00:50:00Z\n',
    );
    expect(human.stdout).toContain('missed runs: 1 (every 600 s expected), reboots: 0\n');
    expect(human.stdout).toContain('throughout: cpu.count=2 record.exit_status=0 run.v=1\n');
    expect(human.stdout).toMatch(/\nmem\.used_bytes +5 +1 GiB +1\.35 GiB +2 GiB +2 GiB +2026-11-20T00:20:00Z\n/);
    expect(human.stdout).toMatch(/\nmem\.oom_kills_new +3 +5\n/);
    // the columns in key order: mem.oom_kills_new (summed), mem.used_bytes (averaged)
    expect(human.stdout).toMatch(/\n2026-11-20 +5 +3 +1\.35 GiB\n/);
    const exact = await flightlog(['report', 'mem.used_bytes', '--log', log, '--exact'], { TZ: 'UTC' });
    expect(exact.stdout).toMatch(/\nmem\.used_bytes +5 +1073741824 +1449551462\.4 +2147483648 +2147483648 /);
  });
});

/** The report text of one host's samples, as `flightlog report` prints it, in UTC. */
function textOf(samples: readonly ReadSample[]): string {
  process.env.TZ = 'UTC';
  const builder = new ReportBuilder([], undefined);
  for (const s of samples) builder.add(s);
  return asText(builder.reports()[0]!, false);
}

describe('report in words', () => {
  it('writes a time as a date, a long span in days and hours, the constant keys as a paragraph, and one reboot once', () => {
    // 1790000000 is 2026-09-21T14:13:20Z; uptimes 90000 s (1 d 1 h) and 90600
    const constants = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`inventory.nic${i}.speed_mbps`, '1000']),
    );
    const text = textOf(
      (
        [
          [0, 'new'],
          [1, 'same'],
        ] as const
      ).map(([i, boot]) => ({
        host: 'pi7',
        pid: String(10 + i),
        xid: 1_790_000_600 + i * 600,
        values: new Map([
          ['run.v', '1'],
          ['run.boot', boot],
          ['host.boot_time', '1790000000'],
          ['host.uptime_s', String(90_000 + i * 600)],
          ['net.eth0.rx_bytes_per_s', String(90_000 + i * 600)],
          ...Object.entries(constants),
        ]),
        events:
          i === 0
            ? [
                new Map([
                  ['event', 'boot'],
                  ['reason', 'power_loss'],
                ]),
              ]
            : [],
      })),
    );
    expect(text).toContain('host.boot_time=2026-09-21T14:13:20Z');
    expect(text).toMatch(/host\.uptime_s +2 +1 d 1 h +/);
    // a rate a second is no span of time: 90,000 bytes/s is 87.89 KiB/s, not "1 d 1 h"
    expect(text).toMatch(/net\.eth0\.rx_bytes_per_s +2 +87\.89 KiB\/s +/);
    // the header, constants included, in lines of at most 100 characters
    expect(
      text
        .split('\n\n')[0]!
        .split('\n')
        .every((l) => l.length <= 100),
    ).toBe(true);
    expect(text.split('\n').filter((l) => l.includes('throughout:')).length).toBe(1);
    expect(text).toContain('event=boot reason=power_loss');
    expect(text).not.toMatch(/ {2}reboot$/m);
  });
});

describe('a report of a recording', () => {
  it('speaks of the recording, not of missed runs', () => {
    // 66 samples of `flightlog record`, a second apart: no run.v, so none is the machine's run
    const text = textOf(
      Array.from({ length: 66 }, (_, i) => ({
        host: 'ci7',
        pid: '9',
        xid: 1_790_000_000 + i,
        values: new Map([['record.rss_bytes', String(1e6 * i)]]),
        events: [],
      })),
    );
    expect(text.split('\n')[0]).toBe(
      'host ci7: a recording of 66 sample(s) (record or calibrate) from 2026-09-21T14:13:20Z to 2026-09-21T14:14:25Z',
    );
    expect(text).not.toContain('missed runs');
  });
});
