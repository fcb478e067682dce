import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runSample } from '../../lib/sample/run';
import { summarise } from '../../lib/sample/summary';
import { loadState } from '../../lib/state/store';
import { memoryOutput, tempDir, testConfig } from '../helpers';

let cleanup = (): void => {};
afterEach(() => cleanup());

/** Cron every minute (interval 60), net written every 10th run: windows of 600 s aligned on the epoch. */
const T = 1_763_886_000; // a multiple of 600
const HEAD =
  'Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n';

/**
 * Runs the minute-by-minute machine: run i happens at T + 60 i + 1 (cron's second of lateness), with
 * /proc/uptime 60 s on from the run before and eth0 having received 6000 × i bytes since it: a rate of
 * 100 × i bytes/s. `skip` lists runs that never happened; `reboot` the run that finds a new boot.
 */
async function minutes(dir: string, runs: number[], reboot?: number): Promise<Map<number, Map<string, string>>> {
  const root = join(dir, 'root');
  for (const d of ['proc/net', 'proc/sys/kernel/random', 'sys/class/net/eth0'])
    mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'sys/class/net/eth0/operstate'), 'up\n');
  const written = new Map<number, Map<string, string>>();
  for (const i of runs) {
    const rebooted = reboot !== undefined && i >= reboot;
    // after the reboot uptime and counters start again from 0
    const since = rebooted ? reboot : 0;
    let rx = 0;
    for (let k = since + 1; k <= i; k++) rx += 6000 * k;
    writeFileSync(join(root, 'proc/uptime'), `${rebooted ? 60 * (i - since) + 5 : 1000 + 60 * i}.00 0.00\n`);
    writeFileSync(join(root, 'proc/sys/kernel/random/boot_id'), rebooted ? 'boot-2\n' : 'boot-1\n');
    writeFileSync(join(root, 'proc/net/dev'), `${HEAD}  eth0: ${rx} 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n`);
    const out = memoryOutput();
    await runSample({
      config: testConfig(dir, { interval: 60, modules: { net: { every: 10 } } }),
      root,
      outputs: [out],
      version: '0',
      now: () => (T + 60 * i + 1) * 1000,
      warn: () => {},
      modules: ['net'],
      eventModules: [],
    });
    const fields = new Map<string, string>();
    for (const m of out.samples[0]!.modules.filter((mod) => mod.module === 'net'))
      for (const [k, v] of m.fields) fields.set(k, String(v));
    if (fields.size > 0) written.set(i, fields);
  }
  return written;
}

const pick = (fields: Map<string, string> | undefined, ...keys: string[]): Record<string, string | undefined> =>
  Object.fromEntries(keys.map((k) => [k, fields?.get(k)]));

it('writes net every tenth minute, with min, avg and max of the runs in between and how many there were', async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const written = await minutes(tmp.dir, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  // only run 9 (at T + 541, whose next run T + 601 is in the next window) writes
  expect([...written.keys()]).toEqual([9]);
  // run 0 is the first ever (no rates); runs 1–9 have 100 … 900 bytes/s: min 100, avg 500, max 900
  expect(
    pick(
      written.get(9),
      'net.eth0.rx_bytes_per_s_min',
      'net.eth0.rx_bytes_per_s_avg',
      'net.eth0.rx_bytes_per_s_max',
      'net.eth0.tx_bytes_per_s_max',
      'net.eth0.up_avg',
      'net.summary_runs',
      'net.summary_s',
    ),
  ).toEqual({
    'net.eth0.rx_bytes_per_s_min': '100',
    'net.eth0.rx_bytes_per_s_avg': '500',
    'net.eth0.rx_bytes_per_s_max': '900',
    'net.eth0.tx_bytes_per_s_max': '0',
    'net.eth0.up_avg': '1',
    'net.summary_runs': '10',
    'net.summary_s': '600',
  });
  // the rates themselves are never written between summaries, and nothing waits in the state
  expect([...written.get(9)!.keys()].some((k) => k.endsWith('_per_s'))).toBe(false);
  const state = loadState(join(tmp.dir, 'state.json'));
  expect(state.kind === 'ok' && state.state.summaries).toBeUndefined();
});

it('shows a missed run, a reboot, and a window whose last run never came in the sample counts', async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  // window 1 (runs 10–19) misses run 14; window 2 (20–29) reboots at 24 after 22 and 23 never ran, and
  // its last run 29 never comes: run 30 writes window 2 before starting window 3
  const runs = [...Array(31).keys()].filter((i) => ![14, 22, 23, 29].includes(i));
  const written = await minutes(tmp.dir, runs, 24);
  expect([...written.keys()]).toEqual([9, 19, 30]);
  // window 1: 9 runs; run 15's rate covers two minutes (6000 × 14 + 6000 × 15 bytes in 120 s = 1450/s)
  expect(
    pick(written.get(19), 'net.summary_runs', 'net.eth0.rx_bytes_per_s_min', 'net.eth0.rx_bytes_per_s_max'),
  ).toEqual({
    'net.summary_runs': '9',
    'net.eth0.rx_bytes_per_s_min': '1000',
    'net.eth0.rx_bytes_per_s_max': '1900',
  });
  // window 2: runs 20, 21, 24 (the new boot's first: a baseline, no rate), 25–28: 7 runs, 6 of them with rates
  // (2000, 2100, 2500 … 2800): avg (2000 + 2100 + 2500 + 2600 + 2700 + 2800) / 6 = 2450
  expect(
    pick(
      written.get(30),
      'net.summary_runs',
      'net.eth0.rx_bytes_per_s_min',
      'net.eth0.rx_bytes_per_s_avg',
      'net.eth0.rx_bytes_per_s_max',
    ),
  ).toEqual({
    'net.summary_runs': '7',
    'net.eth0.rx_bytes_per_s_min': '2000',
    'net.eth0.rx_bytes_per_s_avg': '2450',
    'net.eth0.rx_bytes_per_s_max': '2800',
  });
  // run 30 started window 3, kept in the state file for the runs to come
  const state = loadState(join(tmp.dir, 'state.json'));
  expect(state.kind === 'ok' ? state.state.summaries?.net?.runs : undefined).toBe(1);
});

it('sums counts since the previous run, keeps the last text, and leaves out the new/reset markers', () => {
  const cadence = { xid: T + 1, interval: 300, every: 2 };
  const first = summarise(
    'kmsg',
    [
      ['kmsg.oom_new', 2],
      ['kmsg.state', 'ok'],
      ['kmsg.sda.reset', 1],
    ],
    undefined,
    cadence,
  );
  expect(first.out).toEqual([]);
  const second = summarise(
    'kmsg',
    [
      ['kmsg.oom_new', 3],
      ['kmsg.state', 'degraded'],
    ],
    first.ring,
    { ...cadence, xid: T + 301 },
  );
  expect(second.out).toEqual([
    ['kmsg.oom_new', 5],
    ['kmsg.state', 'degraded'],
    ['kmsg.summary_runs', 2],
    ['kmsg.summary_s', 600],
  ]);
  expect(second.ring).toBeUndefined();
});
