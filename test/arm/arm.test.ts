import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers';
import { inThrowawayRoot } from '../throwaway-root';

/*
 * `npm run test:arm`: the .deb on the machines it claims, a Raspberry Pi 4/5 on a 64-bit OS (arm64) and
 * a 32-bit system (armhf). A Debian 12 root of each is made once with debootstrap (its second stage
 * run by qemu-user-static through binfmt_misc) and kept outside the repository, in
 * $FLIGHTLOG_ARM_ROOTS or ~/.cache/flightlog-arm. Each test installs the .deb with dpkg into a throw-away
 * overlay of a root, with Debian's own nodejs of that architecture, and runs there, emulated:
 * `sample` to stdout, to a file and to a syslog socket (through logger(1): the package has no native
 * module), `check`, and a reader. Needs root (mounts, chroot), as CI has.
 */
const repo = join(__dirname, '..', '..');
const roots =
  process.env.FLIGHTLOG_ARM_ROOTS ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'flightlog-arm');
const MIRROR = 'http://deb.debian.org/debian';
/** What `node -p process.arch` says on each. */
const ARCHES = [
  ['arm64', 'arm64'],
  ['armhf', 'arm'],
] as const;

let dir = '';
let deb = '';
let cleanup = (): void => {};
let receiver: ChildProcess | undefined;

/** The Debian 12 root of an architecture, made once (into a temp name, then moved: never half made). */
function rootOf(arch: string): string {
  const root = join(roots, arch);
  if (existsSync(join(root, 'usr', 'bin', 'node'))) return root;
  const making = `${root}.making`;
  rmSync(making, { recursive: true, force: true });
  mkdirSync(roots, { recursive: true });
  const ran = spawnSync(
    'debootstrap',
    [`--arch=${arch}`, '--variant=minbase', '--include=nodejs,bsdutils', 'bookworm', making, MIRROR],
    { encoding: 'utf8', timeout: 40 * 60_000 },
  );
  if (ran.status !== 0)
    throw new Error(`debootstrap ${arch} failed (${ran.status}): ${ran.stdout.slice(-2000)}${ran.stderr}`);
  renameSync(making, root);
  return root;
}

beforeAll(() => {
  if (process.getuid?.() !== 0) throw new Error('npm run test:arm makes roots and mounts: run it as root (CI does)');
  for (const [binary, format] of [
    ['/usr/sbin/debootstrap', 'debootstrap'],
    ['/usr/bin/qemu-aarch64-static', 'qemu-user-static'],
  ] as const)
    if (!existsSync(binary)) throw new Error(`${binary} is missing: apt-get install ${format} binfmt-support`);
  for (const emulator of ['qemu-aarch64', 'qemu-arm'])
    if (!existsSync(`/proc/sys/fs/binfmt_misc/${emulator}`))
      throw new Error(
        `binfmt_misc has no ${emulator}: mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc && update-binfmts --enable ${emulator}`,
      );
  const tmp = tempDir('flarm');
  dir = tmp.dir;
  cleanup = tmp.cleanup;
  deb = execFileSync(process.execPath, [join(repo, 'packaging', 'deb.mjs'), '--out', dir], { encoding: 'utf8' }).trim();
  // the machine's syslog daemon, as far as the roots can tell: a socket that writes down every datagram
  receiver = spawn(
    'python3',
    [
      '-c',
      `import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
out = open(sys.argv[2], 'ab', buffering=0)
while True:
    out.write(s.recv(65536) + b'\\n')`,
      join(dir, 'log.sock'),
      join(dir, 'syslog.out'),
    ],
    { stdio: 'ignore' },
  );
}, 90 * 60_000);

afterAll(() => {
  receiver?.kill();
  cleanup();
});

/** Runs a script as root in a throw-away overlay of the root (test/throwaway-root.ts). Its lines `name=value`. */
function inRoot(root: string, script: string): Record<string, string> {
  const out = inThrowawayRoot(
    root,
    dir,
    script,
    { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', DEBIAN_FRONTEND: 'noninteractive', LANG: 'C.UTF-8', TZ: 'UTC' },
    20 * 60_000,
  );
  return Object.fromEntries(
    out
      .trim()
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

describe.each(ARCHES)('the .deb on Debian 12 %s', (arch, nodeArch) => {
  it(
    'installs with its nodejs, samples to stdout, a file and syslog, checks the machine, and reads its own log back',
    () => {
      const root = rootOf(arch);
      const socket = join(dir, 'log.sock');
      const before = existsSync(join(dir, 'syslog.out')) ? readFileSync(join(dir, 'syslog.out'), 'utf8').length : 0;
      const said = inRoot(
        root,
        `set -e
say() { echo "$1=$2"; }
dpkg -i ${deb} >/dev/null 2>&1  # in the throw-away root (chroot)
say arch "$(node -p process.arch)"
say node "$(node --version)"
S=/var/tmp/fl && mkdir -m 700 $S
printf 'syslog: {socket: ${socket}}\\n' > $S/c.yaml
flightlog sample --output stdout --state $S/a.json --first-interval 1 > $S/stdout.txt && say stdout_status 0 || say stdout_status $?
say stdout_lines "$(grep -c ' xid=' $S/stdout.txt)"
say busy "$(grep -o 'cpu\\.busy_pct=[0-9.]*' $S/stdout.txt | head -1)"
for i in 1 2; do flightlog sample --output file --file $S/fl.log --state $S/b.json --first-interval 0; done
say grep "$(flightlog grep cpu.busy_pct --log $S/fl.log --csv | tail -n +2 | wc -l)"
say grep_value "$(flightlog grep cpu.busy_pct --log $S/fl.log --csv | tail -1 | tr -d '\\r' | cut -d, -f3)"
flightlog sample --config $S/c.yaml --state $S/c.json --first-interval 0 && say syslog_status 0 || say syslog_status $?
flightlog check --config $S/c.yaml --state $S/c.json > $S/check.txt 2>&1 || true
say check_syslog "$(grep '^syslog:' $S/check.txt)"
`,
      );
      expect(said.arch).toBe(nodeArch);
      // Debian 12's own Node, the oldest the package takes
      expect(said.node).toMatch(/^v18\./);
      expect([said.stdout_status, said.syslog_status]).toEqual(['0', '0']);
      expect(Number(said.stdout_lines)).toBeGreaterThan(5);
      expect(said.busy).toMatch(/^cpu\.busy_pct=\d+(\.\d+)?$/);
      // two samples to a file, read back: the second has a rate
      expect(said.grep).toBe('2');
      expect(said.grep_value).toMatch(/^\d+(\.\d+)?$/);
      expect(said.check_syslog).toMatch(/through logger\(1\)/);
      // this root's lines, after the other root's
      const received = readFileSync(join(dir, 'syslog.out'), 'utf8').slice(before);
      expect(received).toMatch(/<165>.* flightlog\[\d+\]: xid=\d+ run\.v=1 /);
    },
    60 * 60_000,
  );
});
