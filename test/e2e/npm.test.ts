import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureRoot, tempDir } from '../helpers';
import { readLines, startRsyslog, waitFor, type Rsyslog } from './rsyslog';

const repo = join(__dirname, '..', '..');
const tmp = tempDir('flnpm');
let daemon: Rsyslog | undefined;
afterAll(() => {
  daemon?.stop();
  tmp.cleanup();
});

describe('the npm route, from the tarball alone', () => {
  it("installs into a prefix without its native module, sets up cron for itself, and cron's line samples through rsyslog", async () => {
    const dir = tmp.dir;
    // the tarball as `npm pack` makes it, installed globally into a prefix with install scripts off (no compiler: no unix-dgram)
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], {
      cwd: repo,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop() as string;
    const prefix = join(dir, 'prefix');
    execFileSync(
      'npm',
      ['install', '--global', '--prefix', prefix, '--ignore-scripts', '--no-audit', '--no-fund', join(dir, tarball)],
      { stdio: 'ignore' },
    );
    const program = join(prefix, 'bin', 'flightlog');
    // a private rsyslogd, and the config the scheduled runs are to use
    daemon = await startRsyslog(dir, { name: 'syslog' });
    const config = join(dir, 'flightlog.yaml');
    writeFileSync(config, `syslog: {socket: ${daemon.socket}}\nstate: ${join(dir, 'state', 'state.json')}\n`);
    const root = join(dir, 'sysroot');
    const setup = spawnSync(program, ['setup', '--cron', '--root', root, '--config', config], { encoding: 'utf8' });
    expect(setup.status, setup.stderr).toBe(0);
    const cron = readFileSync(join(root, 'etc', 'cron.d', 'flightlog'), 'utf8');
    expect(cron).toContain(`[ -x ${program} ] && `);
    expect(readdirSync(join(root, 'etc'))).toEqual(['cron.d', 'logrotate.d', 'rsyslog.d']);
    // again: nothing changes
    const again = spawnSync(program, ['setup', '--cron', '--root', root, '--config', config], { encoding: 'utf8' });
    expect(again.stdout).toMatch(/^unchanged etc\/cron\.d\/flightlog$/m);
    // the timer too is refused
    expect(spawnSync(program, ['setup', '--timer', '--root', root], { encoding: 'utf8' }).status).toBe(2);

    // the cron line as cron runs it: its own environment (the file's SHELL and PATH, nothing else), the fixture's /proc
    const vars = Object.fromEntries(
      cron
        .split('\n')
        .filter((l) => /^[A-Z]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const line = cron.split('\n').find((l) => /^[*0-9]/.test(l)) as string;
    const command = line
      .split(/\s+/)
      .slice(6)
      .join(' ')
      .replace(' sample ', ` sample --root ${fixtureRoot('basic', 't1')} `);
    const ran = spawnSync(
      '/usr/bin/env',
      ['-i', ...Object.entries(vars).map(([k, v]) => `${k}=${v}`), vars.SHELL ?? '/bin/sh', '-c', command],
      { encoding: 'utf8' },
    );
    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);
    await waitFor(() => readLines(daemon!.out).some((l) => l.includes(' run.v=1 ')), 5000, 'the sample in rsyslog');
    expect(
      readLines(daemon.out)
        .filter((l) => l.includes('xid='))
        .every((l) => l.startsWith('local4.notice flightlog[')),
    ).toBe(true);

    // check, from the installed program: the syslog lines go through logger(1), there being no native module
    const check = spawnSync(program, ['check', '--config', config, '--root', fixtureRoot('basic', 't1')], {
      encoding: 'utf8',
    });
    expect(check.stdout).toMatch(/^syslog: {2}local4\.notice as flightlog to \S+ through logger\(1\), because /m);

    const removed = spawnSync(program, ['setup', '--remove', '--root', root], { encoding: 'utf8' });
    expect(removed.status).toBe(0);
    expect(readdirSync(join(root, 'etc', 'cron.d'))).toEqual([]);
  }, 180_000);
});
