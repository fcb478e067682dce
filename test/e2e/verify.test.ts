import { chmodSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, fixtureRoot } from '../helpers';
import { flightlog } from './cli';

let dir: string;
let cleanup = (): void => {};
let lines: string[];
const log = (): string => join(dir, 'flightlog.log');

/** Five signed samples into a file: three of the basic fixture's boot, then two of the same machine rebooted. */
beforeAll(async () => {
  const tmp = tempDir('flv');
  dir = tmp.dir;
  cleanup = tmp.cleanup;
  writeFileSync(join(dir, 'sign.key'), 'correct horse battery staple\n', { mode: 0o600 });
  writeFileSync(join(dir, 'other.key'), 'another key\n', { mode: 0o600 });
  writeFileSync(
    join(dir, 'flightlog.yaml'),
    `outputs: [file]\nfile: {path: ${log()}}\nfirst_interval: 0\nsign: {key: ${join(dir, 'sign.key')}}\n`,
  );
  const rebooted = join(dir, 'rebooted');
  cpSync(fixtureRoot('basic', 't1'), rebooted, { recursive: true });
  writeFileSync(join(rebooted, 'proc/sys/kernel/random/boot_id'), '11111111-2222-4333-8444-555555555555\n');
  for (const root of [
    fixtureRoot('basic', 't0'),
    fixtureRoot('basic', 't1'),
    fixtureRoot('basic', 't1'),
    rebooted,
    rebooted,
  ]) {
    const ran = await flightlog([
      'sample',
      '--config',
      join(dir, 'flightlog.yaml'),
      '--state',
      join(dir, 'state.json'),
      '--root',
      root,
    ]);
    expect(ran.status, ran.stderr).toBe(0);
  }
  lines = readFileSync(log(), 'utf8').trimEnd().split('\n');
});
afterAll(() => cleanup());

/** verify over the given lines written to `name` (and the other files given as they are). */
async function verify(files: Record<string, string[] | Buffer>, key = 'sign.key') {
  const paths = Object.entries(files).map(([name, content]) => {
    writeFileSync(join(dir, name), Array.isArray(content) ? `${content.join('\n')}\n` : content);
    return join(dir, name);
  });
  return flightlog(['verify', ...paths, '--key', join(dir, key), '--config', join(dir, 'flightlog.yaml')]);
}

/** The findings of a verify run: [line, kind] for each, restarts left out. */
const problems = (stdout: string): Array<[number, string]> =>
  stdout.split('\n').flatMap((l) => {
    const m = /^[^:]+:(\d+): fixture-host: (\w[\w-]*): /.exec(l);
    return m && m[2] !== 'restart' ? [[Number(m[1]), m[2] as string] as [number, string]] : [];
  });

describe('flightlog verify', () => {
  it('passes an untouched file, every line signed, and marks where the chain restarts', async () => {
    expect(lines.length).toBeGreaterThan(40);
    expect(
      lines.every(
        (l) => / sig=[0-9a-f]{8}:\d+:[0-9a-f]{32}$/.test(l) && Buffer.byteLength(l.slice(l.indexOf(': ') + 2)) <= 1024,
      ),
    ).toBe(true);
    const ran = await verify({ 'a.log': lines });
    expect(ran.status, ran.stdout).toBe(0);
    const restarts = ran.stdout.split('\n').filter((l) => l.includes(': restart: '));
    // the first line, and the first line of the new boot (its run line says run.boot=new)
    const reboot = lines.findIndex((l) => l.includes('run.boot=new')) + 1;
    expect(restarts).toEqual([
      `${join(dir, 'a.log')}:1: fixture-host: restart: first line of this host in these files`,
      `${join(dir, 'a.log')}:${reboot}: fixture-host: restart: a new boot`,
    ]);
    expect(ran.stdout).toMatch(
      new RegExp(`verified ${lines.length} line\\(s\\) of 1 host\\(s\\) in 1 file\\(s\\): all lines check\\n$`),
    );
  });

  it('finds a changed value, at its line', async () => {
    const changed = [...lines];
    const i = changed.findIndex((l) => l.includes(' cpu.busy_pct=12 '));
    changed[i] = (changed[i] as string).replace(' cpu.busy_pct=12 ', ' cpu.busy_pct=2 ');
    const ran = await verify({ 'a.log': changed });
    expect(ran.status).toBe(1);
    expect(problems(ran.stdout)).toEqual([[i + 1, 'changed']]);
  });

  it('finds a removed line, at the line that follows it', async () => {
    const removed = lines.filter((_l, i) => i !== 6);
    const ran = await verify({ 'a.log': removed });
    expect(problems(ran.stdout)).toEqual([[7, 'removed']]);
    expect(ran.stdout).toContain('1 line(s) removed before this one (seq 6)');
  });

  it('finds an inserted copy and an inserted unsigned line', async () => {
    const inserted = [...lines.slice(0, 9), lines[3] as string, lines[4]!.replace(/ sig=\S+$/, ''), ...lines.slice(9)];
    const ran = await verify({ 'a.log': inserted });
    expect(problems(ran.stdout)).toEqual([
      [10, 'inserted'],
      [11, 'unsigned'],
    ]);
    expect(ran.stdout).toContain(`a copy of ${join(dir, 'a.log')}:4`);
  });

  it('finds two lines swapped', async () => {
    const swapped = [...lines];
    [swapped[4], swapped[5]] = [swapped[5] as string, swapped[4] as string];
    const ran = await verify({ 'a.log': swapped });
    expect(problems(ran.stdout)).toEqual([[6, 'reordered']]);
  });

  it('reads across a rotation into a .gz archive, oldest first, and locates tampering in the archive', async () => {
    const half = 20;
    const older = gzipSync(`${lines.slice(0, half).join('\n')}\n`);
    // named in any order: the archive is read first
    const ran = await verify({ 'r.log': lines.slice(half), 'r.log.1.gz': older });
    expect(ran.status, ran.stdout).toBe(0);
    const tampered = [...lines.slice(0, half)];
    tampered[2] = tampered[2]!.replace('xid=', 'xid=1');
    const bad = await verify({ 'r.log': lines.slice(half), 'r.log.1.gz': gzipSync(`${tampered.join('\n')}\n`) });
    expect(bad.stdout).toContain(`${join(dir, 'r.log.1.gz')}:3: fixture-host: changed:`);
    // an archive rotated away: the chain begins mid-way, which is said, not an error
    const rest = await verify({ 'r.log': lines.slice(half) });
    expect(rest.status, rest.stdout).toBe(0);
    expect(rest.stdout).toContain(`restart: begins at seq ${half}: the lines before are not in these files`);
  });

  it('says which lines a key it was not given signed', async () => {
    const ran = await verify({ 'a.log': lines }, 'other.key');
    expect(ran.status).toBe(1);
    expect(problems(ran.stdout).map(([, kind]) => kind)).toEqual(['unknown-key', 'unknown-key']);
  });

  it('refuses a key file others can read, before sampling anything', async () => {
    chmodSync(join(dir, 'other.key'), 0o644);
    writeFileSync(
      join(dir, 'open.yaml'),
      `outputs: [file]\nfile: {path: ${join(dir, 'open.log')}}\nsign: {key: ${join(dir, 'other.key')}}\n`,
    );
    const ran = await flightlog([
      'sample',
      '--config',
      join(dir, 'open.yaml'),
      '--state',
      join(dir, 'open-state.json'),
      '--root',
      fixtureRoot('basic', 't1'),
    ]);
    expect(ran.status).toBe(2);
    expect(ran.stderr).toContain(
      `sign.key: ${join(dir, 'other.key')} is open to group or others (mode 0644); fix: chmod 600 ${join(dir, 'other.key')}`,
    );
  });
});

describe('a calibrate line among signed samples', () => {
  it('is signed on to the chain, so the log still checks', async () => {
    const tmp = tempDir('flvc');
    try {
      const key = join(tmp.dir, 'sign.key');
      writeFileSync(key, 'a key\n', { mode: 0o600 });
      const file = join(tmp.dir, 'flightlog.log');
      const config = join(tmp.dir, 'flightlog.yaml');
      writeFileSync(config, `outputs: [file]\nfile: {path: ${file}}\nfirst_interval: 0\nsign: {key: ${key}}\n`);
      const state = ['--config', config, '--state', join(tmp.dir, 'state.json')];
      expect((await flightlog(['sample', ...state])).status).toBe(0);
      const cal = await flightlog(['calibrate', '--level-ms', '50', ...state]);
      expect(cal.status, cal.stderr).toBe(0);
      expect((await flightlog(['sample', ...state])).status).toBe(0);
      const calibrateLine = readFileSync(file, 'utf8')
        .split('\n')
        .find((l) => l.includes(' calibrate.'));
      expect(calibrateLine).toMatch(/ sig=[0-9a-f]{8}:[1-9]\d*:[0-9a-f]{32}$/);
      const ran = await flightlog(['verify', file, '--key', key]);
      expect(ran.status, ran.stdout).toBe(0);
      expect(ran.stdout).toMatch(/all lines check\n$/);
    } finally {
      tmp.cleanup();
    }
  });
});
