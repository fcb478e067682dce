import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseWithCache } from '../../lib/config/parsed-cache';
import { readSecret } from '../../lib/io/secret';
import { CONFIG_SCHEMA } from '../../lib/config/schema';
import { check } from '../../lib/core/rule-check';
import { linearRegExp } from '../../lib/core/linear-regexp';
import { UsageError } from '../../lib/core/errors';
import { hostLabel, subjectName, uniqueSubjects } from '../../lib/format/subject';
import { topicLevel } from '../../lib/outputs/mqtt';
import { OutputFailure, type Output } from '../../lib/outputs/types';
import { runSample } from '../../lib/sample/run';
import { sampleLines } from '../../lib/format/sample-lines';
import type { Sample } from '../../lib/core/sample';
import { loadState } from '../../lib/state/store';
import { BASIC_STATFS, fakeStatfs, fixtureRoot, memoryOutput, tempDir, testConfig } from '../helpers';

let cleanup = (): void => {};
afterEach(() => cleanup());

const t0 = fixtureRoot('basic', 't0');
const t1 = fixtureRoot('basic', 't1');

/** A copy of the basic t1 tree to change by hand. */
function treeCopy(dir: string): string {
  const root = join(dir, 'root');
  cpSync(t1, root, { recursive: true });
  return root;
}

const run = (dir: string, root: string, outputs: Output[], over = {}) =>
  runSample({
    config: testConfig(dir, over),
    root,
    outputs,
    version: '0.1.0',
    now: () => 1763886000000,
    warn: () => {},
    statfs: fakeStatfs(root, BASIC_STATFS),
  });

describe('a sample an output refuses for good', () => {
  it('is set aside with its reason, the samples after it flow, and the next run line counts it', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    // refuses the first sample it is ever given (as InfluxDB refuses a field type conflict), takes the rest
    const taken: Sample[] = [];
    let down = true;
    const picky: Output = {
      name: 'picky',
      write: async (samples) => {
        if (down) throw new OutputFailure('down', 0);
        const [first, ...rest] = samples;
        if (first?.modules[0]?.fields.some(([k]) => k === 'run.first') && taken.length === 0 && samples.length > 1) {
          throw new OutputFailure('HTTP 400 field type conflict', 0, 0, true);
        }
        taken.push(...(first === undefined ? [] : [first]), ...rest);
      },
    };
    expect((await run(tmp.dir, t0, [picky])).exitCode).toBe(3);
    down = false;
    const second = await run(tmp.dir, t1, [picky]);
    expect(second.exitCode).toBe(0);
    // the spooled sample was refused and set aside; the new one went through
    expect(taken).toHaveLength(1);
    const aside = readFileSync(join(tmp.dir, 'spool', 'picky.rejected.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(aside).toHaveLength(1);
    expect(existsSync(join(tmp.dir, 'spool', 'picky.jsonl'))).toBe(false);
    const third = await run(tmp.dir, t1, [picky]);
    expect(sampleLines(third.sample)[0]).toMatch(/ run\.errors=0 run\.rejected_new=1$/);
  });

  it('a spool full enough to drop its oldest says so in the next run line', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const down = memoryOutput(true);
    await run(tmp.dir, t1, [down]);
    // room for one sample only (both runs sample the same tree: their spooled lines are the same size)
    const one = readFileSync(join(tmp.dir, 'spool', 'memory.jsonl')).length;
    await run(tmp.dir, t1, [down], { spool: { maxBytes: one + 100 } });
    expect(readFileSync(join(tmp.dir, 'spool', 'memory.jsonl')).length).toBeLessThan(one + 100);
    const third = await run(tmp.dir, t1, [memoryOutput()]);
    expect(sampleLines(third.sample)[0]).toMatch(/ run\.spool_dropped_new=1$/);
  });
});

describe('a state directory the run cannot use', () => {
  it('not a directory: the sample still goes out, the state is not saved, exit 4', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    writeFileSync(join(tmp.dir, 'plain'), 'a file where a directory should be\n');
    const warnings: string[] = [];
    const out = memoryOutput();
    const result = await runSample({
      config: testConfig(tmp.dir, {
        state: join(tmp.dir, 'plain', 'state.json'),
        spool: { dir: join(tmp.dir, 'spool'), maxBytes: 1e6 },
      }),
      root: t1,
      outputs: [out],
      version: '0.1.0',
      warn: (l) => warnings.push(l),
      statfs: fakeStatfs(t1, BASIC_STATFS),
    });
    expect(result.exitCode).toBe(4);
    expect(out.samples).toHaveLength(1);
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^state not saved to ${join(tmp.dir, 'plain')}: ENOTDIR \\(a part of the path is not a directory\\);`,
        ),
      ),
    ]);
  });

  it('writable by other users, or of another owner: refused before sampling, saying how to fix it', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const shared = join(tmp.dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const config = testConfig(tmp.dir, { state: join(shared, 'state.json') });
    await expect(
      runSample({ config, root: t1, outputs: [memoryOutput()], version: '0.1.0', warn: () => {} }),
    ).rejects.toThrow(
      new UsageError(
        `state directory ${shared} is writable by other users (mode 1777); fix: chown it to this user and chmod go-w it, or use --state in a directory of this user's own`,
      ),
    );
    if (process.getuid?.() === 0) {
      chmodSync(shared, 0o755);
      chownSync(shared, 65534, 65534);
      await expect(
        runSample({ config, root: t1, outputs: [memoryOutput()], version: '0.1.0', warn: () => {} }),
      ).rejects.toThrow(/belongs to uid 65534, not to this user \(uid 0\)/);
    }
    expect(existsSync(join(shared, 'state.json'))).toBe(false);
  });

  it('a temp file or lock draft planted as a symlink is replaced, never written through', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const target = join(tmp.dir, 'precious');
    writeFileSync(target, 'keep me\n');
    symlinkSync(target, join(tmp.dir, 'state.json.tmp'));
    symlinkSync(target, join(tmp.dir, `state.json.lock.${process.pid}`));
    expect((await run(tmp.dir, t1, [memoryOutput()])).exitCode).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('keep me\n');
    expect(loadState(join(tmp.dir, 'state.json')).kind).toBe('ok');
  });
});

describe('what the machine says is made safe before it reaches a line', () => {
  it('a host name with a newline cannot start a line of its own', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const root = treeCopy(tmp.dir);
    mkdirSync(join(root, 'proc/sys/kernel'), { recursive: true });
    writeFileSync(
      join(root, 'proc/sys/kernel/hostname'),
      'evil\n2026-01-01T00:00:00Z other flightlog[1]: xid=1 cpu.busy_pct=99\n',
    );
    const { fileOutput } = await import('../../lib/outputs/file');
    const path = join(tmp.dir, 'out.log');
    await run(tmp.dir, root, [fileOutput(path, 'flightlog')]);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    // the kernel's hostname file ends in one newline (trimmed); the inner one and the spaces become _
    expect(
      lines.every((l) => l.split(' ')[1] === 'evil_2026-01-01T00_00_00Z_other_flightlog_1___xid_1_cpu.busy_pct_99'),
    ).toBe(true);
    expect(hostLabel('pi7.lab-1')).toBe('pi7.lab-1');
  });

  it('two NICs whose names sanitise alike keep apart, each with its own rate', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const before = join(tmp.dir, 'before');
    const after = join(tmp.dir, 'after');
    for (const [root, a, b] of [
      [before, 1000, 5000],
      [after, 61000, 11000],
    ] as const) {
      cpSync(t1, root, { recursive: true });
      writeFileSync(join(root, 'proc/uptime'), root === before ? '1000.00 1500.00\n' : '1600.00 2600.00\n');
      writeFileSync(
        join(root, 'proc/net/dev'),
        [
          'Inter-|   Receive                                                |  Transmit',
          ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
          `eth0.100: ${a} 10 0 0 0 0 0 0 0 0 0 0 0 0 0 0`,
          `eth0_100: ${b} 10 0 0 0 0 0 0 0 0 0 0 0 0 0 0`,
        ].join('\n'),
      );
    }
    const out = memoryOutput();
    await run(tmp.dir, before, [out]);
    await run(tmp.dir, after, [out]);
    const net = out.samples[1]!.modules.find((m) => m.module === 'net')!.fields;
    // eth0_100 needs no change and keeps its name; eth0.100 gets the FNV-1a hash of its own name (worked out apart: 907b52a5)
    expect(net.filter(([k]) => k.endsWith('.rx_bytes_per_s'))).toEqual([
      // (61000 − 1000) bytes / 600 s and (11000 − 5000) / 600 s
      ['net.eth0_100-907b52a5.rx_bytes_per_s', 100],
      ['net.eth0_100.rx_bytes_per_s', 10],
    ]);
  });

  it('two mounts whose names come out the same are two subjects, each hashed by its own path', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const root = treeCopy(tmp.dir);
    writeFileSync(
      join(root, 'proc/self/mounts'),
      '/dev/sda1 / ext4 rw 0 0\n/dev/sdc1 /x/var/log ext4 rw 0 0\n/dev/sdd1 /x/var_log ext4 rw 0 0\n',
    );
    const disk = BASIC_STATFS['/']!;
    const out = memoryOutput();
    await runSample({
      config: testConfig(tmp.dir),
      root,
      outputs: [out],
      version: '0.1.0',
      now: () => 1763886000000,
      warn: () => {},
      statfs: fakeStatfs(root, { '/': disk, '/x/var/log': disk, '/x/var_log': disk }),
      modules: ['fs'],
      eventModules: [],
    });
    const keys = out.samples[0]!.modules.find((m) => m.module === 'fs')!
      .fields.map(([k]) => k)
      .filter((k) => k.endsWith('.size_bytes'));
    // neither path is its subject as it stands: each gets `-` and the FNV-1a of its own path (worked out apart)
    expect(keys).toEqual([
      'fs.root.size_bytes',
      'fs.x_var_log-d8c71715.size_bytes',
      'fs.x_var_log-09897c65.size_bytes',
    ]);
    expect(new Set(keys).size).toBe(3);
  });

  it('keeps the first 512 subjects of a module by name and says how many it left out, never announcing the rest as new', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const root = treeCopy(tmp.dir);
    const nics = Array.from({ length: 600 }, (_, i) => `veth${String(i).padStart(4, '0')}`);
    const out = memoryOutput();
    for (let i = 0; i < 3; i++) {
      // ten minutes apart; each NIC took 600 bytes in each
      writeFileSync(join(root, 'proc/uptime'), `${1000 + 600 * i}.00 0.00\n`);
      writeFileSync(
        join(root, 'proc/net/dev'),
        [
          'Inter-|   Receive',
          ' face |bytes',
          ...nics.map((n) => `${n}: ${1000 + 600 * i} 10 0 0 0 0 0 0 1000 10 0 0 0 0 0 0`),
        ].join('\n'),
      );
      await runSample({
        config: testConfig(tmp.dir),
        root,
        outputs: [out],
        version: '0.1.0',
        now: () => 1763886000000 + 600_000 * i,
        warn: () => {},
        modules: ['net'],
        eventModules: [],
      });
    }
    const net = (n: number): string[] =>
      out.samples[n]!.modules.find((m) => m.module === 'net')!.fields.map(([k, v]) => `${k}=${v}`);
    for (const n of [1, 2]) {
      expect(net(n)).toContain('net.subjects_left_out=88');
      expect(net(n).filter((f) => f.endsWith('.new=1'))).toEqual([]);
      expect(net(n).filter((f) => f.endsWith('.rx_bytes_per_s=1'))).toHaveLength(512);
    }
    expect(net(2).some((f) => f.startsWith('net.veth0512.'))).toBe(false);
  });

  it('subjects stay short and unique, topic levels carry no wildcard', () => {
    const long = subjectName('x'.repeat(2000));
    expect(long).toHaveLength(64);
    expect(long).toBe(`${'x'.repeat(55)}-2216ff05`);
    // neither name is clean: each gets its own hash (FNV-1a of "a.b" and "a:b")
    expect(
      uniqueSubjects([
        { subject: 'a_b', name: 'a.b' },
        { subject: 'a_b', name: 'a:b' },
      ]).map((r) => r.subject),
    ).toEqual(['a_b-108bf50c', 'a_b-08bd8540']);
    expect(topicLevel('pi+7/#$x')).toBe('pi_7__$x');
    expect(topicLevel('$SYS')).toBe('_SYS');
  });

  it("a FIFO at a source path is that module's error; the run ends and the others are written", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const root = treeCopy(tmp.dir);
    execFileSync('rm', [join(root, 'proc/loadavg')]);
    execFileSync('mkfifo', [join(root, 'proc/loadavg')]);
    const out = memoryOutput();
    const result = await run(tmp.dir, root, [out]);
    expect(result.exitCode).toBe(0);
    const lines = sampleLines(out.samples[0]!);
    expect(lines).toContain(`xid=1763886000 load.error="${join(root, 'proc/loadavg')} is not a regular file"`);
    expect(lines.some((l) => l.includes(' cpu.'))).toBe(true);
  });
});

describe('the config file', () => {
  it('refuses a pattern that cannot be matched in linear time, and a syslog ident that is not one word', () => {
    for (const pattern of ['^(a)\\1$', '^(?!lo)', '(?<=x)y', 'a{2,5000}']) {
      expect(check({ modules: { net: { exclude: pattern } } }, CONFIG_SCHEMA, '')).toMatchObject({
        path: 'modules.net.exclude',
        fix: 'write it without them, e.g. "^(?!lo)" as an exclude of "^lo$"',
      });
    }
    expect(check({ syslog: { ident: 'flight\nlog' } }, CONFIG_SCHEMA, '')).toMatchObject({ path: 'syslog.ident' });
    expect(check({ syslog: { ident: 'x'.repeat(33) } }, CONFIG_SCHEMA, '')).toMatchObject({ path: 'syslog.ident' });
    expect(check({ modules: { net: { exclude: '^(lo|veth.*)$' } } }, CONFIG_SCHEMA, '')).toBeUndefined();
  });

  it('matches a config pattern in linear time, whatever it is: nested and overlapping repetitions too', () => {
    // each of these takes V8's backtracking engine minutes or more on 40 characters and a mismatch
    for (const pattern of ['^(a|a)*$', '^(a+)+$', '(x*y?)*z', '^(a|aa)+$']) {
      expect(check({ modules: { net: { exclude: pattern } } }, CONFIG_SCHEMA, '')).toBeUndefined();
      expect(linearRegExp(pattern).test(`${'a'.repeat(40)}!`)).toBe(false);
    }
    expect(linearRegExp('^(lo|veth.*)$').test('veth9c1f2a0')).toBe(true);
  });

  it('never adopts a cached parse that another user could have planted', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const file = join(tmp.dir, 'flightlog.yaml');
    writeFileSync(file, 'interval: 600\n');
    const shared = join(tmp.dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    const { statSync } = await import('node:fs');
    const st = statSync(file, { bigint: true });
    const stamp = `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
    writeFileSync(join(shared, 'config.parsed.json'), JSON.stringify({ file, stamp, raw: { interval: 1 } }));
    expect(await parseWithCache(file, shared, async () => ({ interval: 600 }))).toEqual({ interval: 600 });
    // in a trusted directory, a cache file others may write is not adopted either
    const own = join(tmp.dir, 'own');
    mkdirSync(own, { mode: 0o700 });
    writeFileSync(join(own, 'config.parsed.json'), JSON.stringify({ file, stamp, raw: { interval: 1 } }), {
      mode: 0o666,
    });
    chmodSync(join(own, 'config.parsed.json'), 0o666);
    expect(await parseWithCache(file, own, async () => ({ interval: 600 }))).toEqual({ interval: 600 });
  });

  it('refuses a secret that is a symlink or belongs to another user', () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const real = join(tmp.dir, 'token');
    writeFileSync(real, 's3cret\n', { mode: 0o600 });
    symlinkSync(real, join(tmp.dir, 'link'));
    expect(() => readSecret(join(tmp.dir, 'link'), 'influxdb.token_file')).toThrow(
      `influxdb.token_file: ${join(tmp.dir, 'link')} is a symlink; fix: point influxdb.token_file at the file itself`,
    );
    if (process.getuid?.() === 0) {
      chownSync(real, 65534, 65534);
      expect(() => readSecret(real, 'influxdb.token_file')).toThrow(
        `influxdb.token_file: ${real} belongs to uid 65534, not to this user (uid 0); fix: chown 0 ${real}`,
      );
    }
  });
});

describe('values from a hostile or broken tree stay in range', () => {
  it('MemAvailable above MemTotal and SwapFree above SwapTotal are left out with what is made of them', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const root = treeCopy(tmp.dir);
    writeFileSync(
      join(root, 'proc/meminfo'),
      'MemTotal: 1000 kB\nMemFree: 200 kB\nMemAvailable: 2000 kB\nBuffers: 10 kB\nCached: 100 kB\nSwapTotal: 100 kB\nSwapFree: 500 kB\n',
    );
    const out = memoryOutput();
    await run(tmp.dir, root, [out]);
    const mem = out.samples[0]!.modules.find((m) => m.module === 'mem')!.fields.map(([k]) => k);
    expect(mem).toEqual([
      'mem.total_bytes',
      'mem.free_bytes',
      'mem.buffers_bytes',
      'mem.cached_bytes',
      'mem.swap_total_bytes',
    ]);
  });

  it("a counter above 2^64 is the module's error", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const root = treeCopy(tmp.dir);
    const dev = readFileSync(join(root, 'proc/net/dev'), 'utf8').replace(
      'eth0: 76000000',
      'eth0: 18446744073709551616',
    );
    writeFileSync(join(root, 'proc/net/dev'), dev);
    const out = memoryOutput();
    await run(tmp.dir, root, [out]);
    expect(sampleLines(out.samples[0]!)).toContain(
      'xid=1763886000 net.error="counter rx_bytes of eth0 is above 2^64: 18446744073709551616"',
    );
  });

  it('a state file with absurd figures is moved aside as unreadable', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    await run(tmp.dir, t0, [memoryOutput()]);
    const path = join(tmp.dir, 'state.json');
    const good = readFileSync(path, 'utf8');
    for (const [from, to, why] of [
      [/"uptime_s":[\d.]+/, '"uptime_s":1e308', 'state file: uptime_s: 1e+308 is above the maximum 10000000000'],
      [/"crashes":\d+/, '"crashes":-5', 'state file: health.crashes: -5 is below the minimum 0'],
    ] as const) {
      writeFileSync(path, good.replace(from, to));
      expect(loadState(path)).toEqual({ kind: 'bad', why });
    }
  });
});
