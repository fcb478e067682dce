import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers';
import { inThrowawayRoot } from '../throwaway-root';

/*
 * The Debian package, built, inspected, checked by lintian, then installed with dpkg -i in a chroot:
 * throw-away root: a private mount namespace where an overlay over / takes every write (dpkg's
 * database, /etc, /usr, /var), gone when the test ends. This machine's own files are never touched.
 * There it runs from /usr/bin through a real rsyslogd into /var/log/flightlog.log, is removed and
 * purged. Mounting needs root, as in CI.
 */
const root = join(__dirname, '..', '..');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
let dir = '';
let deb = '';
let cleanup = (): void => {};

beforeAll(() => {
  const tmp = tempDir('fld');
  dir = tmp.dir;
  cleanup = tmp.cleanup;
  deb = execFileSync(process.execPath, [join(root, 'packaging', 'deb.mjs'), '--out', dir], { encoding: 'utf8' }).trim();
});
afterAll(() => cleanup());

/** A shell script run as root in a throw-away copy of this machine (test/throwaway-root.ts). Its stdout. */
function inThrowawayRootOfThis(script: string): string {
  const { NODE_EXTRA_CA_CERTS: _ca, ...env } = process.env;
  return inThrowawayRoot('/', dir, script, { ...env, DEBIAN_FRONTEND: 'noninteractive' });
}

const dpkgDeb = (...args: string[]): string => execFileSync('dpkg-deb', args, { encoding: 'utf8' });

describe('the .deb', () => {
  it('is named for its version, architecture-independent, and depends on nodejs', () => {
    expect(deb).toBe(join(dir, `flightlog_${version}_all.deb`));
    expect(dpkgDeb('-f', deb, 'Package', 'Version', 'Architecture', 'Depends')).toBe(
      `Package: flightlog\nVersion: ${version}\nArchitecture: all\nDepends: nodejs (>= 18), init-system-helpers (>= 1.54~)\n`,
    );
  });

  it('holds the program, the config as conffiles, the cron, systemd, rsyslog and logrotate files and the man page, and no native module', () => {
    const files = dpkgDeb('--contents', deb)
      .split('\n')
      .map((l) => l.split(/\s+/).slice(5).join(' '))
      .filter(Boolean);
    for (const path of [
      './usr/bin/flightlog -> ../lib/flightlog/sbin/flightlog',
      './usr/lib/flightlog/sbin/flightlog',
      './usr/lib/flightlog/dist/flightlog.js',
      './usr/lib/flightlog/dist/sample.js',
      './etc/flightlog/flightlog.yaml',
      './etc/cron.d/flightlog',
      './etc/rsyslog.d/30-flightlog.conf',
      './etc/logrotate.d/flightlog',
      './lib/systemd/system/flightlog.service',
      './lib/systemd/system/flightlog.timer',
      './lib/systemd/system/flightlog-boot.service',
      './lib/systemd/system/flightlog-shutdown.service',
      './usr/share/man/man8/flightlog.8.gz',
      './usr/share/doc/flightlog/examples/telegraf.conf',
    ])
      expect(files).toContain(path);
    expect(files.filter((f) => f.endsWith('.node') || f.includes('node_modules') || f.endsWith('.cache'))).toEqual([]);
    const control = join(dir, 'control');
    execFileSync('dpkg-deb', ['-e', deb, control]);
    expect(readFileSync(join(control, 'conffiles'), 'utf8')).toBe(
      '/etc/flightlog/flightlog.yaml\n/etc/cron.d/flightlog\n/etc/rsyslog.d/30-flightlog.conf\n/etc/logrotate.d/flightlog\n',
    );
  });

  it('is clean for lintian: no error, no warning', () => {
    if (!existsSync('/usr/bin/lintian')) throw new Error('lintian is not installed: apt-get install lintian');
    const ran = spawnSync('lintian', ['--tag-display-limit', '0', deb], { encoding: 'utf8' });
    expect(ran.stdout.split('\n').filter((l) => /^[EW]: /.test(l))).toEqual([]);
  });

  it('carries a man page that renders without troff warnings, entities or mandoc warnings, with examples', () => {
    const x = join(dir, 'x');
    execFileSync('dpkg-deb', ['-x', deb, x]);
    const page = gunzipSync(readFileSync(join(x, 'usr/share/man/man8/flightlog.8.gz'))).toString();
    expect(page).not.toMatch(/&(quot|amp|lt|gt|#39);/);
    expect(page).toMatch(/^\.SH EXAMPLES$/m);
    const man = join(dir, 'flightlog.8');
    writeFileSync(man, page);
    expect(spawnSync('mandoc', ['-T', 'lint', '-W', 'warning', man], { encoding: 'utf8' }).stdout).toBe('');
    const rendered = spawnSync('man', ['--warnings', '-l', man], {
      encoding: 'utf8',
      env: { ...process.env, MANWIDTH: '80', LC_ALL: 'C.UTF-8' },
    });
    expect(rendered.stderr).toBe('');
    expect(rendered.stdout).toMatch(/EXAMPLES\n\s+Take a sample now/);
  });

  it("installs into a throw-away root, enables its units without a running systemd (an admin's disable survives an upgrade), samples from /usr/bin through rsyslog, removes keeping the logs, purges the state", () => {
    const out = inThrowawayRootOfThis(`set -e
say() { echo "$1=$2"; }
dpkg -i ${deb} >/dev/null 2>&1  # in the throw-away root (chroot)
say yaml "$(cmp -s /etc/flightlog/flightlog.yaml ${join(root, 'etc', 'flightlog.yaml')} && echo same)"
say man "$(man -w flightlog)"
say user_path "$(PATH=/usr/local/bin:/usr/bin:/bin command -v flightlog)"
# no systemd runs here: enabled all the same, as deb-systemd-helper does it for an image build
say boot_unit "$(readlink /etc/systemd/system/multi-user.target.wants/flightlog-boot.service)"
say shutdown_unit "$(readlink /etc/systemd/system/multi-user.target.wants/flightlog-shutdown.service)"
# an admin turns the boot sample off (systemctl disable, which no systemd here can run); an upgrade (the same package installed again) leaves it off
DPKG_MAINTSCRIPT_PACKAGE=flightlog deb-systemd-helper disable flightlog-boot.service
dpkg -i ${deb} >/dev/null 2>&1  # the upgrade, in the chroot too
say boot_after_upgrade "$(readlink /etc/systemd/system/multi-user.target.wants/flightlog-boot.service || echo disabled)"
cat > ${dir}/rsyslog.conf <<CONF
global(workDirectory="${dir}")
module(load="imuxsock" SysSock.Use="off")
input(type="imuxsock" Socket="/dev/log")
\\$IncludeConfig /etc/rsyslog.d/30-flightlog.conf
CONF
rm -f /dev/log
/usr/sbin/rsyslogd -f ${dir}/rsyslog.conf -i ${dir}/rsyslogd.pid
for i in 1 2 3 4 5 6 7 8 9 10; do [ -S /dev/log ] && break; sleep 0.2; done
# a read-only /usr, as some systems mount it: the run writes nothing there
mount --bind /usr /usr && mount -o remount,ro,bind /usr
st=0
/usr/bin/flightlog sample -v 2>${dir}/sent || st=$?
say status $st
umount -l /usr
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do [ "$(wc -l </var/log/flightlog.log 2>/dev/null)" = "$(grep -c '^xid=' ${dir}/sent)" ] && break; sleep 0.25; done
sed 's/^.* flightlog\\[[0-9]*\\]: //' /var/log/flightlog.log > ${dir}/logged
say state "$([ -f /var/lib/flightlog/state.json ] && echo yes)"
say code_cache "$(ls /var/cache/flightlog | head -1)"
say usr_writes "$(find /usr -newer ${dir}/sent -type f | head -1)"
kill "$(cat ${dir}/rsyslogd.pid)"
dpkg --remove flightlog >/dev/null 2>&1  # in the chroot
say removed "$([ -e /usr/bin/flightlog ] || [ -e /usr/lib/flightlog ] || echo yes)"
say log_kept "$([ -f /var/log/flightlog.log ] && echo yes)"
say conf_kept "$([ -f /etc/flightlog/flightlog.yaml ] && echo yes)"
# the cron line as cron runs it, the program gone: no output (cron would mail it), no run
say cron_quiet "$(sh -c "$(sed -n 's/^[^#]* root //p' /etc/cron.d/flightlog)" 2>&1 && echo ran || echo "status $?")"
dpkg --purge flightlog >/dev/null 2>&1  # in the chroot
say purged "$([ -e /var/lib/flightlog ] || [ -e /etc/flightlog ] || [ -e /var/cache/flightlog ] || echo yes)"
say log_after_purge "$([ -f /var/log/flightlog.log ] && echo yes)"
`);
    const said = Object.fromEntries(
      out
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(said).toEqual({
      yaml: 'same',
      man: '/usr/share/man/man8/flightlog.8.gz',
      user_path: '/usr/bin/flightlog',
      boot_unit: '/lib/systemd/system/flightlog-boot.service',
      shutdown_unit: '/lib/systemd/system/flightlog-shutdown.service',
      boot_after_upgrade: 'disabled',
      status: '0',
      state: 'yes',
      code_cache: expect.stringMatching(/^sample-v\d+\.\d+\.\d+-[0-9a-f]{20}\.cache$/),
      usr_writes: '',
      removed: 'yes',
      log_kept: 'yes',
      conf_kept: 'yes',
      cron_quiet: 'status 1',
      purged: 'yes',
      log_after_purge: 'yes',
    });
    const verbose = readFileSync(join(dir, 'sent'), 'utf8').trim().split('\n');
    // the package has no native module: -v says the lines go through logger(1), and why
    expect(verbose).toContain("flightlog: syslog through logger(1), because Cannot find module 'unix-dgram'");
    const sent = verbose.filter((l) => l.startsWith('xid='));
    expect(sent[0]).toMatch(/^xid=\d+ run\.v=1 run\.version=\S+ /);
    expect(readFileSync(join(dir, 'logged'), 'utf8').trim().split('\n')).toEqual(sent);
    // this machine: untouched
    expect(existsSync('/usr/bin/flightlog') || existsSync('/etc/flightlog')).toBe(false);
  }, 120_000);
});
