import { spawn } from 'node:child_process';
import { renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureRoot, tempDir } from '../helpers';
import { CLI, flightlog } from './cli';

let cleanup = (): void => {};
afterEach(() => cleanup());

const VALUES =
  '{cpu_busy: cpu.busy_pct, mem_used: mem.used_pct, io_stall: psi.io.some_pct, eth0_rx: net.eth0.rx_bytes_per_s, eth9_rx: net.eth9.rx_bytes_per_s}';

/** A load sensor on a real pipe, over a root that a symlink moves from the basic fixture's t0 to t1. */
function start(dir: string) {
  const root = join(dir, 'root');
  symlinkSync(fixtureRoot('basic', 't0'), root);
  const config = join(dir, 'flightlog.yaml');
  writeFileSync(config, `first_interval: 0\nloadsensor:\n  host: node01\n  values: ${VALUES}\n`);
  const child = spawn(process.execPath, [CLI, 'loadsensor', '--config', config, '--root', root], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const reports = async (n: number): Promise<string> => {
    const end = Date.now() + 10_000;
    while ((stdout.match(/^end$/gm) ?? []).length < n) {
      if (Date.now() > end) throw new Error(`no report ${n}; stdout: ${stdout}; stderr: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return stdout;
  };
  const moveTo = (step: string): void => {
    symlinkSync(fixtureRoot('basic', step), `${root}.next`);
    renameSync(`${root}.next`, root);
  };
  return { child, exited, reports, moveTo, stderr: () => stderr };
}

describe('flightlog loadsensor', () => {
  it('answers each line with begin, host:name:value lines and end, and exits 0 on quit', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const ls = start(tmp.dir);
    // at t0, against its start-up baseline of the same instant: no interval, so the gauges alone
    // (MemTotal 4000000 kB, MemAvailable 2600000 kB: 35 % used)
    ls.child.stdin.write('\n');
    expect(await ls.reports(1)).toBe('begin\nnode01:mem_used:35\nend\n');
    // then 600 s "pass": the basic fixture's t0 → t1, worked out in test/sample/basic.test.ts: CPU 12 %
    // busy, 37.5 % of memory used, io stalled 5 % of the time, eth0 receiving 125000 bytes/s; no eth9
    ls.moveTo('t1');
    ls.child.stdin.write('\n');
    expect((await ls.reports(2)).split('end\n')[1]).toBe(
      'begin\nnode01:cpu_busy:12\nnode01:mem_used:37.5\nnode01:io_stall:5\nnode01:eth0_rx:125000\n',
    );
    // a third report at the same instant has no interval to divide by: the gauges alone
    ls.child.stdin.write('\n');
    expect(await ls.reports(3)).toMatch(/end\nbegin\nnode01:mem_used:37\.5\nend\n$/);
    ls.child.stdin.write('quit\n');
    expect(await ls.exited).toBe(0);
    expect(ls.stderr()).toBe('');
  });

  it('exits 0 at the end of its input', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const ls = start(tmp.dir);
    ls.child.stdin.end();
    expect(await ls.exited).toBe(0);
  });

  it('writes an HTCondor startd cron report with --format condor', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const config = join(tmp.dir, 'flightlog.yaml');
    writeFileSync(config, `first_interval: 0\nloadsensor:\n  values: ${VALUES}\n`);
    const ran = await flightlog([
      'loadsensor',
      '--format',
      'condor',
      '--config',
      config,
      '--root',
      fixtureRoot('basic', 't1'),
    ]);
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toBe('mem_used = 37.5\n-\n');
  });

  it('does not read a module the config switched off, and says so', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const config = join(tmp.dir, 'flightlog.yaml');
    writeFileSync(config, `first_interval: 0\nmodules: {mem: false}\nloadsensor:\n  values: ${VALUES}\n`);
    const ran = await flightlog([
      'loadsensor',
      '--format',
      'condor',
      '--config',
      config,
      '--root',
      fixtureRoot('basic', 't1'),
    ]);
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toBe('-\n');
    expect(ran.stderr).toBe(
      'flightlog loadsensor: module mem is off in the config: its keys are not reported; turn it on with modules.mem: true\n',
    );
  });

  it.each([
    [
      'a name Grid Engine would split on',
      '{"cpu:busy": cpu.busy_pct}',
      'loadsensor.values.cpu:busy: not a valid name; fix: start with a letter or _',
    ],
    [
      'a value with a space',
      '{cpu_busy: "cpu.busy_pct 2"}',
      'loadsensor.values.cpu_busy: string "cpu.busy_pct 2" cannot be used here; fix: write a key of a sampling module',
    ],
    [
      'a key of an event module',
      '{crashes: health.crashes}',
      'loadsensor.values.crashes: string "health.crashes" cannot be used here',
    ],
  ])('refuses %s at config time', async (_case, values, message) => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const config = join(tmp.dir, 'flightlog.yaml');
    writeFileSync(config, `loadsensor:\n  values: ${values}\n`);
    const ran = await flightlog(['loadsensor', '--config', config, '--root', fixtureRoot('basic', 't1')]);
    expect(ran.status).toBe(2);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toContain(message);
  });
});
