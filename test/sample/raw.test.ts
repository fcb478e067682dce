import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { textLines } from '../../lib/format/text-lines';
import { recompute } from '../../lib/read/recompute';
import { readSamples } from '../../lib/read/samples';
import { runSample } from '../../lib/sample/run';
import { BASIC_STATFS, fakeStatfs, fixtureRoot, memoryOutput, tempDir, testConfig } from '../helpers';
import { flightlog } from '../e2e/cli';

let cleanup = (): void => {};
afterEach(() => cleanup());

const RAW = ['cpu', 'mem', 'net', 'disk', 'psi'];

/** The basic fixture t0 → t1 with raw counters on, written to a log file as the file output would. */
async function rawLog(dir: string): Promise<string> {
  const out = memoryOutput();
  const config = testConfig(dir, { modules: Object.fromEntries(RAW.map((m) => [m, { raw: true }])) });
  for (const step of ['t0', 't1']) {
    const root = fixtureRoot('basic', step);
    await runSample({
      config,
      root,
      outputs: [out],
      version: '0',
      now: () => (step === 't0' ? 1_763_885_400_000 : 1_763_886_000_000),
      warn: () => {},
      statfs: fakeStatfs(root, BASIC_STATFS),
      eventModules: [],
    });
  }
  const log = join(dir, 'raw.log');
  writeFileSync(
    log,
    out.samples
      .flatMap((s) => textLines(s, 'flightlog', 1))
      .map((l) => `${l}\n`)
      .join(''),
  );
  return log;
}

it('writes the raw counters beside the rates, with the uptime they were read at', async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const text = (await import('node:fs')).readFileSync(await rawLog(tmp.dir), 'utf8');
  // /proc/net/dev of t1: eth0 received 76000000 bytes; its ifindex is 2
  expect(text).toMatch(/ net\.eth0\.raw_rx_bytes=76000000 .*net\.eth0\.raw_identity=2/);
  expect(text).toMatch(/xid=1763886000 run\.v=1 .*run\.uptime_s=1600 run\.kernel_bits=64/);
  expect(text).toMatch(/ cpu\.0\.raw_idle=\d+/);
});

it('recomputes every rate exactly as the sampler wrote it', async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const samples = await readSamples([await rawLog(tmp.dir)]);
  const written = new Map(samples[1]!.values);
  for (const [key] of written) if (/_per_s$|_pct$|await_ms$|queue$|_new$/.test(key)) samples[1]!.values.delete(key);
  await recompute(samples);
  const rates = [...written].filter(
    ([key]) =>
      RAW.includes(key.split('.')[0]!) &&
      /_per_s$|busy_pct$|some_pct$|full_pct$|await_ms$|queue$|_new$/.test(key) &&
      !key.endsWith('util_pct'),
  );
  expect(rates.length).toBeGreaterThan(30);
  for (const [key, value] of rates) expect(samples[1]!.values.get(key), key).toBe(value);
  // the first sample has nothing before it: nothing is made up
  expect(samples[0]!.values.has('cpu.busy_pct')).toBe(false);
});

it('fills in rates a log lacks with grep --recompute', async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const log = await rawLog(tmp.dir);
  const { readFileSync } = await import('node:fs');
  writeFileSync(log, readFileSync(log, 'utf8').replace(/ net\.eth0\.rx_bytes_per_s=\S+/g, ''));
  // the key is in no sample: grep says so, and names keys that are there
  const plain = await flightlog(['grep', '--log', log, '--csv', 'net.eth0.rx_bytes_per_s']);
  expect(plain.status).toBe(2);
  expect(plain.stdout).toBe('');
  expect(plain.stderr).toMatch(
    /^flightlog: no key matches "net\.eth0\.rx_bytes_per_s"; keys present include: net\.eth0\./,
  );
  const again = await flightlog(['grep', '--log', log, '--csv', '--recompute', 'net.eth0.rx_bytes_per_s']);
  // eth0 received 75000000 bytes in 600 s of /proc/uptime
  expect(
    again.stdout
      .trim()
      .split('\r\n')
      .map((r) => r.split(',')[2]),
  ).toEqual(['net.eth0.rx_bytes_per_s', '', '125000']);
});

it('exports the sample as sadf -d does, with the values worked out from the basic fixture', async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const ran = await flightlog(['export', '--sar', '--log', await rawLog(tmp.dir)]);
  expect(ran.status, ran.stderr).toBe(0);
  // t1 (see test/sample/basic.test.ts): user 4 + guest 1, system 2.5 + irq 0.1 + softirq 0.4; kB of 1024 bytes:
  // mem 4096000000 B total, 1024000000 free = 1000000 kB …; eth0 125000 B/s = 122.07 kB/s; sda 10 + 20 I/O per s
  const t1 = 'fixture-host;600;2025-11-23 08:20:00 UTC';
  expect(ran.stdout.split('\n')).toEqual([
    '# hostname;interval;timestamp;CPU;%user;%nice;%system;%iowait;%steal;%idle',
    `${t1};-1;5;0.5;3;1;3.5;87`,
    '',
    '# hostname;interval;timestamp;kbmemfree;kbavail;kbmemused;%memused;kbbuffers;kbcached;kbdirty',
    expect.stringMatching(/^fixture-host;0;2025-11-23 08:10:00 UTC;\d+;/),
    `${t1};1000000;2500000;1500000;37.5;100000;1200000;1024`,
    '',
    '# hostname;interval;timestamp;IFACE;rxpck/s;txpck/s;rxkB/s;txkB/s;%ifutil',
    `${t1};eth0;100;50;122.07;12.21;0.1`,
    `${t1};wlan0;0;0;0;0;`,
    '',
    '# hostname;interval;timestamp;DEV;tps;rkB/s;wkB/s;aqu-sz;await;%util',
    `${t1};sda;30;500;1000;0.15;2;10`,
    '',
  ]);
});
