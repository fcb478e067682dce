import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMessage } from '../../lib/format/parse';
import { ownMemoryCgroup } from '../../lib/sample/record-group';
import { fixtureRoot, tempDir } from '../helpers';
import { CLI, flightlog } from './cli';

let cleanup = (): void => {};
afterEach(() => cleanup());

/** The record lines of a recording: each one's fields by key. */
function recordLines(file: string): Array<ReadonlyMap<string, string>> {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.includes(' record.'))
    .map((l) => parseMessage(l.slice(l.indexOf(': ') + 2))!.fields);
}

/**
 * The child: allocates and touches 200 MiB, starts a `sleep` of its own (the tree is two processes
 * then), keeps a CPU busy for one second of wall time, waits for its sleep and exits with status 3.
 */
const CHILD = `
const { spawn } = require('node:child_process');
const big = Buffer.alloc(200 * 1024 * 1024, 1);
const sleeper = spawn('sleep', ['1.5']);
const end = Date.now() + 1000;
let x = 0;
while (Date.now() < end) x += big[x % big.length];
sleeper.on('exit', () => setTimeout(() => process.exit(3), 700));
`;

/** The memory cgroup this test runs in, as flightlog (its child) will find its own. */
const OWN_GROUP = ownMemoryCgroup(
  readFileSync('/proc/self/cgroup', 'utf8'),
  readFileSync('/proc/self/mountinfo', 'utf8'),
);

/** Whether a group made in it gets a memory peak of its own, found by making one. */
function groupsHavePeaks(): boolean {
  if (OWN_GROUP === undefined) return false;
  const probe = join(OWN_GROUP.dir, `flightlog-test-${process.pid}`);
  try {
    mkdirSync(probe);
  } catch {
    return false;
  }
  try {
    return existsSync(join(probe, OWN_GROUP.version === 1 ? 'memory.max_usage_in_bytes' : 'memory.peak'));
  } finally {
    rmdirSync(probe);
  }
}
const GROUPS = groupsHavePeaks();

/** The groups of records left in the test's own memory cgroup. */
const recordGroupsLeft = (): string[] =>
  OWN_GROUP === undefined ? [] : readdirSync(OWN_GROUP.dir).filter((name) => name.startsWith('flightlog-record-'));

describe('flightlog record', () => {
  it('samples a child that allocates, forks and exits 3, and sums it up', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const out = join(tmp.dir, 'rec.log');
    const ran = await flightlog(['record', '--interval', '1', '--out', out, '--', process.execPath, '-e', CHILD]);
    expect(ran.status, ran.stderr).toBe(3);
    expect(ran.stderr).toContain(`in ${out}`);
    const lines = recordLines(out);
    const summary = lines.at(-1)!;
    expect(summary.get('record.exit_status')).toBe('3');
    // wall: 1 s of work or 1.5 s of sleep, whichever is longer, then 0.7 s: at least 2.2 s
    expect(Number(summary.get('record.wall_s'))).toBeGreaterThanOrEqual(2.2);
    // CPU: the busy second, plus node's start and the 200 MiB to fill (well under a second here)
    const cpu = Number(summary.get('record.user_s')) + Number(summary.get('record.system_s'));
    expect(cpu).toBeGreaterThanOrEqual(0.95);
    expect(cpu).toBeLessThan(2);
    // the buffer is resident: the peak is at least 200 MiB
    expect(Number(summary.get('record.peak_rss_bytes'))).toBeGreaterThanOrEqual(200 * 1024 * 1024);
    expect(summary.get('record.command')).toMatch(/^\S+node -e '\n/);
    // the samples before it: at least two, one of them while the sleep ran beside node
    const samples = lines.slice(0, -1);
    expect(samples.length).toBeGreaterThanOrEqual(2);
    expect(Number(summary.get('record.samples'))).toBe(samples.length);
    expect(samples.some((s) => s.get('record.procs') === '2')).toBe(true);
    // the first second is the busy one: about one CPU, a share of this machine's online CPUs
    const cpus = readFileSync('/proc/stat', 'utf8').match(/^cpu\d+ /gm)!.length;
    expect(Number(samples[0]!.get('record.cpu_pct')) * cpus).toBeGreaterThan(50);
    expect(Number(samples[0]!.get('record.cpu_pct'))).toBeLessThanOrEqual(100);
    // the other configured modules are sampled alongside
    expect(readFileSync(out, 'utf8')).toMatch(/ cpu\.busy_pct=/);
    // and the readers take the file as any log
    const grep = await flightlog(['grep', '--log', out, '--csv', 'record.rss_bytes']);
    expect(grep.status, grep.stderr).toBe(0);
    expect(grep.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(3);
  });

  it("samples the modules that run helper commands too, and keeps their CPU time out of the command's", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    // the basic fixture with an NVIDIA driver, and an nvidia-smi that spends CPU before it answers
    const root = join(tmp.dir, 'root');
    cpSync(fixtureRoot('basic', 't1'), root, { recursive: true });
    mkdirSync(join(root, 'proc/driver/nvidia/gpus/0000:17:00.0'), { recursive: true });
    const bin = join(tmp.dir, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'nvidia-smi'),
      `#!/bin/sh\ni=0\nwhile [ $i -lt 200000 ]; do i=$((i+1)); done\ncat ${fixtureRoot('commands', 'nvidia-smi.txt')}\n`,
      { mode: 0o755 },
    );
    const out = join(tmp.dir, 'rec.log');
    const ran = await flightlog(['record', '--root', root, '--out', out, '--', 'sleep', '3.6'], {
      PATH: `${bin}:${process.env.PATH}`,
    });
    expect(ran.status, ran.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/ gpu\.0\.util_pct=87 /);
    const summary = recordLines(out).at(-1)!;
    // sleep itself uses next to no CPU; each nvidia-smi here spends about 0.15 s. Three sampling passes
    // run while sleep does; the helpers of a pass that sleep ends in cannot be told from it and stay in
    // user_s/system_s (README), so at least two of three passes' worth is taken out
    const helpers = Number(summary.get('record.helpers_cpu_s'));
    const command = Number(summary.get('record.user_s')) + Number(summary.get('record.system_s'));
    expect(helpers).toBeGreaterThan(0.2);
    expect(command).toBeLessThan(helpers / 2);
  });

  it('passes SIGTERM on to the command and ends with its status', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const out = join(tmp.dir, 'rec.log');
    const child = spawn(process.execPath, [CLI, 'record', '--out', out, '--', 'sleep', '30'], { stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGTERM');
    const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(status).toBe(128 + 15);
    const summary = recordLines(out).at(-1)!;
    expect(summary.get('record.signal')).toBe('SIGTERM');
    expect(Number(summary.get('record.wall_s'))).toBeLessThan(10);
  });

  it('exits 127 with one clear line when the command does not exist', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const ran = await flightlog(['record', '--out', '-', '--', 'no-such-command-here']);
    expect(ran.status).toBe(127);
    expect(ran.stderr).toContain('flightlog: cannot run no-such-command-here: no such command');
    expect(ran.stdout).toMatch(/record\.exit_status=127 .*record\.samples=0/);
  });

  it('keeps the command line as written, past yargs', async () => {
    const ran = await flightlog(['record', '--out', '-', '--', 'sh', '-c', 'exit "$0"', '007']);
    expect(ran.status).toBe(7);
    expect(ran.stdout).toContain(`record.command="sh -c 'exit \\"$0\\"' 007"`);
  });

  it('a command shorter than one interval: no peak memory it did not see, its whole I/O, and a summary on stderr', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const file = join(tmp.dir, 'five');
    // 5 MiB written and synced by a grandchild (dd under sh): the tree's I/O, seen only once it is waited for
    const ran = await flightlog([
      'record',
      '--interval',
      // samples fall on whole hours of the clock: none falls within a run of a second or two
      '3600',
      '--out',
      '-',
      '--',
      'sh',
      '-c',
      `dd if=/dev/zero of=${file} bs=1048576 count=5 conv=fsync 2>/dev/null`,
    ]);
    expect(ran.status, ran.stderr).toBe(0);
    const summary = ran.stdout.trim().split('\n').pop() ?? '';
    expect(summary).not.toContain('record.peak_rss_bytes');
    const written = Number(/ record\.write_bytes=(\d+)/.exec(summary)?.[1]);
    expect(written).toBeGreaterThanOrEqual(5 * 1048576);
    // where the kernel keeps the group's peak, it is said: the page cache of the 5 MiB at the least
    expect(ran.stderr).toMatch(
      new RegExp(
        `^flightlog: sh: exit 0, [\\d.]+ s wall, [\\d.]+ s user \\+ [\\d.]+ s system CPU, ${GROUPS ? 'peak [5-9]\\.\\d MiB memory' : 'peak memory not seen \\(it ended before the first sample\\)'}, [\\d.]+ \\S+ read, 5\\.\\d MiB written; 0 sample\\(s\\)\n$`,
      ),
    );
  });

  it("a peak in the command's last instant, before any sample: the kernel's exact peak of its group, where it keeps one", async () => {
    // 200 MiB touched and the end at once: no sample sees it
    const ran = await flightlog([
      'record',
      '--interval',
      // samples fall on whole hours of the clock: none falls within a run of a second or two
      '3600',
      '--out',
      '-',
      '--',
      process.execPath,
      '-e',
      'Buffer.alloc(200 * 1024 * 1024, 1)',
    ]);
    expect(ran.status, ran.stderr).toBe(0);
    const summary = parseMessage(
      ran.stdout
        .trim()
        .split('\n')
        .pop()!
        .replace(/^.*?: /, ''),
    )!.fields;
    expect(summary.has('record.peak_rss_bytes')).toBe(false);
    if (GROUPS) {
      const peak = Number(summary.get('record.peak_mem_bytes'));
      expect(peak).toBeGreaterThanOrEqual(200 * 1024 * 1024);
      // node and the buffer: less than a GiB
      expect(peak).toBeLessThan(1024 * 1024 * 1024);
      expect(ran.stderr).toMatch(/, peak 2\d\d\.\d MiB memory, /);
    } else {
      expect(summary.has('record.peak_mem_bytes')).toBe(false);
    }
    expect(recordGroupsLeft()).toEqual([]);
  });

  it('a user who may not make a group: the record as without one, nothing said about it, nothing left', async () => {
    if (process.getuid?.() !== 0)
      throw new Error('this test runs flightlog record as the user nobody: run the tests as root (CI does)');
    const { spawnSync } = await import('node:child_process');
    const tmp = tempDir('flrec');
    cleanup = tmp.cleanup;
    const { NODE_EXTRA_CA_CERTS: _ca, ...env } = process.env;
    const ran = spawnSync(
      process.execPath,
      [CLI, 'record', '--interval', '3600', '--out', '-', '--', 'sh', '-c', 'exit 4'],
      {
        uid: 65534,
        gid: 65534,
        encoding: 'utf8',
        env: { ...env, HOME: tmp.dir, FLIGHTLOG_CACHE_DIR: join(tmp.dir, 'c') },
      },
    );
    expect(ran.status, ran.stderr).toBe(4);
    expect(ran.stdout).not.toContain('record.peak_mem_bytes');
    expect(ran.stderr).toMatch(/^flightlog: sh: exit 4, [^\n]*peak memory not seen[^\n]*\n$/);
    expect(recordGroupsLeft()).toEqual([]);
  });
});
