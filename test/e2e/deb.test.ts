import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers';
import { waitFor } from './rsyslog';

/*
 * The Debian package, built, inspected, installed on this machine with dpkg -i, run from /usr/sbin
 * through a real rsyslogd into /var/log/flightlog.log, then removed and purged. It installs a package
 * and writes /var/log and /var/lib: it needs root, as in CI.
 */
const root = join(__dirname, '..', '..');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
let dir = '';
let deb = '';
let cleanup = (): void => {};
let stopDaemon = (): void => {};

beforeAll(() => {
  const tmp = tempDir('fld');
  dir = tmp.dir;
  cleanup = tmp.cleanup;
  deb = execFileSync(process.execPath, [join(root, 'packaging', 'deb.mjs'), '--out', dir], { encoding: 'utf8' }).trim();
});
afterAll(() => {
  stopDaemon();
  cleanup();
});

const dpkgDeb = (...args: string[]): string => execFileSync('dpkg-deb', args, { encoding: 'utf8' });

describe('the .deb', () => {
  it('is named for its version, architecture-independent, and depends on nodejs', () => {
    expect(deb).toBe(join(dir, `flightlog_${version}_all.deb`));
    expect(dpkgDeb('-f', deb, 'Package', 'Version', 'Architecture', 'Depends')).toBe(`Package: flightlog\nVersion: ${version}\nArchitecture: all\nDepends: nodejs (>= 20)\n`);
  });

  it('holds the program, the config as conffiles, the cron, systemd, rsyslog and logrotate files and the man page, and no native module', () => {
    const files = dpkgDeb('--contents', deb).split('\n').map((l) => l.split(/\s+/).slice(5).join(' ')).filter(Boolean);
    for (const path of [
      './usr/sbin/flightlog -> ../lib/flightlog/sbin/flightlog', './usr/lib/flightlog/sbin/flightlog', './usr/lib/flightlog/dist/flightlog.js',
      './etc/flightlog/flightlog.yaml', './etc/cron.d/flightlog', './etc/rsyslog.d/30-flightlog.conf', './etc/logrotate.d/flightlog',
      './lib/systemd/system/flightlog.service', './lib/systemd/system/flightlog.timer', './lib/systemd/system/flightlog-boot.service',
      './lib/systemd/system/flightlog-shutdown.service', './usr/share/man/man8/flightlog.8.gz', './usr/share/doc/flightlog/examples/telegraf.conf',
    ]) expect(files).toContain(path);
    expect(files.filter((f) => f.endsWith('.node') || f.includes('node_modules') || f.endsWith('.cache'))).toEqual([]);
    const control = join(dir, 'control');
    execFileSync('dpkg-deb', ['-e', deb, control]);
    expect(readFileSync(join(control, 'conffiles'), 'utf8')).toBe('/etc/flightlog/flightlog.yaml\n/etc/cron.d/flightlog\n/etc/rsyslog.d/30-flightlog.conf\n/etc/logrotate.d/flightlog\n');
  });

  it('installs, samples from /usr/sbin through rsyslog into /var/log/flightlog.log, removes keeping the logs, and purges the state', async () => {
    if (process.getuid?.() !== 0) throw new Error('the .deb test installs a package: run the tests as root (CI does)');
    spawnSync('dpkg', ['--purge', 'flightlog']);
    execFileSync('dpkg', ['-i', deb], { stdio: 'ignore' });
    expect(readFileSync('/etc/flightlog/flightlog.yaml', 'utf8')).toBe(readFileSync(join(root, 'etc', 'flightlog.yaml'), 'utf8'));
    expect(execFileSync('man', ['-w', 'flightlog'], { encoding: 'utf8' }).trim()).toBe('/usr/share/man/man8/flightlog.8.gz');

    // a real rsyslogd with the package's rule; on /dev/log when no daemon holds it, so the default config is what runs
    const socket = existsSync('/dev/log') ? join(dir, 'log.sock') : '/dev/log';
    const conf = join(dir, 'rsyslog.conf');
    writeFileSync(conf, `global(workDirectory="${dir}")\nmodule(load="imuxsock" SysSock.Use="off")\ninput(type="imuxsock" Socket="${socket}")\n$IncludeConfig /etc/rsyslog.d/30-flightlog.conf\n`);
    execFileSync('/usr/sbin/rsyslogd', ['-f', conf, '-i', join(dir, 'rsyslogd.pid')]);
    stopDaemon = () => {
      try { process.kill(Number(readFileSync(join(dir, 'rsyslogd.pid'), 'utf8')), 'SIGTERM'); } catch { /* gone */ }
      if (socket === '/dev/log') rmSync('/dev/log', { force: true });
    };
    await waitFor(() => existsSync(socket), 5000, 'the rsyslogd socket');
    const before = existsSync('/var/log/flightlog.log') ? readFileSync('/var/log/flightlog.log', 'utf8').split('\n').length - 1 : 0;
    const args = socket === '/dev/log' ? ['sample', '-v'] : ['sample', '-v', '--config', join(dir, 'flightlog.yaml')];
    if (socket !== '/dev/log') writeFileSync(join(dir, 'flightlog.yaml'), `syslog: {socket: ${socket}}\n`);
    const { NODE_EXTRA_CA_CERTS: _ca, ...env } = process.env;
    const ran = spawnSync('/usr/sbin/flightlog', args, { encoding: 'utf8', env });
    expect(ran.status, ran.stderr).toBe(0);
    const sent = ran.stderr.trim().split('\n');
    expect(sent[0]).toMatch(/^xid=\d+ run\.v=1 run\.version=\S+ /);
    const logged = (): string[] => readFileSync('/var/log/flightlog.log', 'utf8').split('\n').slice(before).filter(Boolean);
    await waitFor(() => existsSync('/var/log/flightlog.log') && logged().length >= sent.length, 5000, 'the lines in /var/log/flightlog.log');
    expect(logged().map((l) => l.slice(l.indexOf(': ') + 2))).toEqual(sent);
    expect(existsSync('/var/lib/flightlog/state.json')).toBe(true);

    execFileSync('dpkg', ['--remove', 'flightlog'], { stdio: 'ignore' });
    expect(existsSync('/usr/sbin/flightlog')).toBe(false);
    expect(existsSync('/usr/lib/flightlog')).toBe(false);
    expect(existsSync('/var/log/flightlog.log')).toBe(true);
    expect(existsSync('/etc/flightlog/flightlog.yaml')).toBe(true);
    execFileSync('dpkg', ['--purge', 'flightlog'], { stdio: 'ignore' });
    expect(existsSync('/var/lib/flightlog')).toBe(false);
    expect(existsSync('/etc/flightlog')).toBe(false);
    expect(existsSync('/var/log/flightlog.log')).toBe(true);
  }, 60_000);
});
