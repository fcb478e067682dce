import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureRoot, tempDir } from '../helpers';
import { CLI } from './cli';

let cleanup = (): void => {};
afterEach(() => cleanup());

/** `flightlog ARGS` under a umask, as a cron job of an admin with an odd profile would run it. */
function underUmask(umask: string, args: readonly string[]): { status: number | null; stderr: string } {
  const { NODE_EXTRA_CA_CERTS: _ca, ...env } = process.env;
  const ran = spawnSync('sh', ['-c', `umask ${umask}; exec "$0" "$@"`, process.execPath, CLI, ...args], {
    encoding: 'utf8',
    env,
  });
  return { status: ran.status, stderr: ran.stderr };
}

const mode = (path: string): string => (statSync(path).mode & 0o7777).toString(8).padStart(4, '0');

describe('what flightlog creates, whatever the umask', () => {
  it.each(['000', '077'])(
    'under umask %s: directories 0755, files as meant, and the next run is not refused',
    (umask) => {
      const tmp = tempDir('flum');
      cleanup = tmp.cleanup;
      const base = join(tmp.dir, 'var');
      const config = join(tmp.dir, 'flightlog.yaml');
      writeFileSync(
        config,
        `outputs: [file, prom]\nfile: {path: ${base}/log/flightlog.log}\nprom: {dir: ${base}/prom}\nspool: {dir: ${base}/spool}\n`,
      );
      const args = [
        'sample',
        '--config',
        config,
        '--state',
        join(base, 'lib', 'state.json'),
        '--root',
        fixtureRoot('basic', 't1'),
        '--first-interval',
        '0',
      ];
      for (let i = 0; i < 2; i++) {
        const ran = underUmask(umask, args);
        expect(ran.stderr).toBe('');
        expect(ran.status).toBe(0);
      }
      for (const dir of ['lib', 'log', 'prom', 'spool']) expect(mode(join(base, dir))).toBe('0755');
      expect(mode(join(base, 'log', 'flightlog.log'))).toBe('0640');
      // node_exporter reads the textfile as another user
      expect(mode(join(base, 'prom', 'flightlog.prom'))).toBe('0644');
      expect(mode(join(base, 'spool', 'prom-totals.json'))).toBe('0600');
    },
  );
});

describe('directories another user can write', () => {
  it('refuses a shared spool directory, even sticky, before sampling, naming the setting', () => {
    const tmp = tempDir('flsh');
    cleanup = tmp.cleanup;
    const shared = join(tmp.dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const config = join(tmp.dir, 'flightlog.yaml');
    writeFileSync(config, `outputs: [file]\nfile: {path: ${tmp.dir}/flightlog.log}\nspool: {dir: ${shared}}\n`);
    const ran = underUmask('022', [
      'sample',
      '--config',
      config,
      '--state',
      join(tmp.dir, 'state.json'),
      '--root',
      fixtureRoot('basic', 't1'),
    ]);
    expect(ran.status).toBe(2);
    expect(ran.stderr).toBe(
      `flightlog: spool.dir: ${shared} is writable by other users (mode 1777); fix: chown it to this user and chmod go-w it, or set spool.dir to a directory of this user's own\n`,
    );
    expect(existsSync(join(tmp.dir, 'flightlog.log'))).toBe(false);
  });

  it('never appends through a symlink planted at a file it writes', () => {
    const tmp = tempDir('flsl');
    cleanup = tmp.cleanup;
    const victim = join(tmp.dir, 'victim');
    writeFileSync(victim, 'root:x:0:0\n');
    const log = join(tmp.dir, 'flightlog.log');
    symlinkSync(victim, log);
    const config = join(tmp.dir, 'flightlog.yaml');
    writeFileSync(config, `outputs: [file]\nfile: {path: ${log}}\n`);
    const ran = underUmask('022', [
      'sample',
      '--config',
      config,
      '--state',
      join(tmp.dir, 'state.json'),
      '--root',
      fixtureRoot('basic', 't1'),
      '--first-interval',
      '0',
    ]);
    expect(ran.status).toBe(3);
    expect(ran.stderr).toMatch(/output file failed: .*ELOOP/);
    expect(readFileSync(victim, 'utf8')).toBe('root:x:0:0\n');
  });
});
