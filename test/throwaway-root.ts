import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs a shell script as root in a throw-away copy of a root (`/` for this machine, or a Debian root of
 * another architecture): an overlay over it in a private mount namespace, with /proc, /sys and /dev the
 * machine's, a fresh /run, and the test's directory `dir` bound in, shared. Every write goes to the
 * overlay and is gone with the namespace. Its stdout.
 */
export function inThrowawayRoot(
  lower: string,
  dir: string,
  script: string,
  env: NodeJS.ProcessEnv,
  timeoutMs?: number,
): string {
  if (process.getuid?.() !== 0) throw new Error('a throw-away root needs mounts: run the tests as root (CI does)');
  const work = join(dir, `overlay-${Math.random().toString(36).slice(2)}`);
  writeFileSync(join(dir, 'script.sh'), script);
  const setup = [
    'set -e',
    `W=${work}`,
    'mkdir -p $W',
    'mount -t tmpfs tmpfs $W',
    'mkdir $W/upper $W/work $W/root',
    `mount -t overlay overlay -o lowerdir=${lower},upperdir=$W/upper,workdir=$W/work $W/root`,
    'mount --rbind /proc $W/root/proc',
    'mount --rbind /sys $W/root/sys',
    'mount --rbind /dev $W/root/dev',
    'mount -t tmpfs tmpfs $W/root/run',
    `mkdir -p $W/root${dir} && mount --bind ${dir} $W/root${dir}`,
    `exec chroot $W/root /bin/sh ${join(dir, 'script.sh')}`,
  ].join('\n');
  return execFileSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', setup], {
    encoding: 'utf8',
    env,
    ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }),
  });
}
