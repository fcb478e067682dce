// npm run deb: flightlog_<version>_all.deb, built with dpkg-deb from the bundled program (npm run build)
// and the files under cron.d/, systemd/, rsyslog.d/, logrotate.d/, etc/ and docs/. Architecture-independent:
// no native module goes in (syslog then uses its logger(1) fallback, plot writes SVG). Usage:
//   node packaging/deb.mjs [--out DIR]      (default: build/ in the repository)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { manPage } from './man.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex > 0 ? process.argv[outIndex + 1] : join(root, 'build');
mkdirSync(outDir, { recursive: true });
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const stage = mkdtempSync(join(tmpdir(), 'fldeb-'));
chmodSync(stage, 0o755);
const put = (from, to, mode = 0o644) => {
  mkdirSync(dirname(join(stage, to)), { recursive: true });
  copyFileSync(join(root, from), join(stage, to));
  chmodSync(join(stage, to), mode);
};

try {
  // the program: the shim and the bundles, without the code cache of this machine's runs
  put('sbin/flightlog', 'usr/lib/flightlog/sbin/flightlog', 0o755);
  for (const f of readdirSync(join(root, 'dist')).filter((n) => n.endsWith('.js')))
    put(join('dist', f), join('usr/lib/flightlog/dist', f));
  // on every user's PATH: record, event and the readers are user commands
  mkdirSync(join(stage, 'usr/bin'), { recursive: true });
  symlinkSync('../lib/flightlog/sbin/flightlog', join(stage, 'usr/bin/flightlog'));

  const conffiles = {
    'etc/flightlog.yaml': 'etc/flightlog/flightlog.yaml',
    'cron.d/flightlog': 'etc/cron.d/flightlog',
    'rsyslog.d/30-flightlog.conf': 'etc/rsyslog.d/30-flightlog.conf',
    'logrotate.d/flightlog': 'etc/logrotate.d/flightlog',
  };
  for (const [from, to] of Object.entries(conffiles)) put(from, to);
  for (const unit of readdirSync(join(root, 'systemd'))) put(join('systemd', unit), join('lib/systemd/system', unit));

  // dated by the last commit, so the same tree builds the same package
  let date;
  try {
    date = new Date(execFileSync('git', ['log', '-1', '--format=%aI'], { cwd: root, encoding: 'utf8' }).trim());
  } catch {
    date = new Date();
  }
  mkdirSync(join(stage, 'usr/share/man/man8'), { recursive: true });
  writeFileSync(join(stage, 'usr/share/man/man8/flightlog.8.gz'), gzipSync(manPage(root, version, date), { level: 9 }));
  put('README.md', 'usr/share/doc/flightlog/README.md');
  put('packaging/debian/copyright', 'usr/share/doc/flightlog/copyright');
  // a native package's changelog (RFC 2822 date, as dpkg-parsechangelog reads it)
  const rfc2822 = date.toUTCString().replace('GMT', '+0000');
  const changelog = readFileSync(join(root, 'packaging/debian/changelog'), 'utf8')
    .replaceAll('@VERSION@', version)
    .replace('@DATE@', rfc2822);
  writeFileSync(join(stage, 'usr/share/doc/flightlog/changelog.gz'), gzipSync(changelog, { level: 9 }));
  cpSync(join(root, 'etc/examples'), join(stage, 'usr/share/doc/flightlog/examples'), { recursive: true });

  const sizeKiB = Math.ceil(du(stage) / 1024);
  mkdirSync(join(stage, 'DEBIAN'));
  writeFileSync(
    join(stage, 'DEBIAN/control'),
    readFileSync(join(root, 'packaging/debian/control'), 'utf8')
      .replace('@VERSION@', version)
      .replace('@SIZE@', String(sizeKiB)),
  );
  writeFileSync(
    join(stage, 'DEBIAN/conffiles'),
    `${Object.values(conffiles)
      .map((p) => `/${p}`)
      .join('\n')}\n`,
  );
  for (const script of ['postinst', 'prerm', 'postrm'])
    put(join('packaging/debian', script), join('DEBIAN', script), 0o755);
  // what debsums and dpkg --verify check: every file but the conffiles (dpkg keeps their sums itself)
  const conffilePaths = new Set(Object.values(conffiles));
  writeFileSync(
    join(stage, 'DEBIAN/md5sums'),
    filesUnder(stage)
      .filter((p) => !p.startsWith('DEBIAN/') && !conffilePaths.has(p))
      .map(
        (p) =>
          `${createHash('md5')
            .update(readFileSync(join(stage, p)))
            .digest('hex')}  ${p}\n`,
      )
      .join(''),
  );

  const deb = join(outDir, `flightlog_${version}_all.deb`);
  execFileSync('dpkg-deb', ['--build', '--root-owner-group', stage, deb], { stdio: ['ignore', 'ignore', 'inherit'] });
  process.stdout.write(`${deb}\n`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}

function filesUnder(dir, rel = '') {
  return readdirSync(join(dir, rel), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => {
      const p = rel === '' ? e.name : `${rel}/${e.name}`;
      return e.isDirectory() ? filesUnder(dir, p) : e.isFile() ? [p] : [];
    });
}

function du(dir) {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => {
    const p = join(dir, e.name);
    return n + (e.isDirectory() ? du(p) : e.isFile() ? statSync(p).size : 0);
  }, 0);
}
