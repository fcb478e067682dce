import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onPath } from '../sources/command';
import { parseMountinfo } from '../sources/mounts';

/**
 * Where the kernel keeps a memory cgroup's peak, for the group `record` makes for its command:
 * cgroup v2's `memory.peak` (Linux 5.19) or v1's `memory.max_usage_in_bytes`. Both count all the
 * memory charged to the group at its highest: anonymous memory, the page cache it brought in and the
 * kernel's memory for it, at the exact instant of the peak.
 */
export interface MemoryCgroup {
  /** the directory of flightlog's own memory cgroup */
  readonly dir: string;
  readonly version: 1 | 2;
}

/**
 * The memory cgroup this process is in, from /proc/self/cgroup (`4:memory:/a/b`, `0::/a/b`) and
 * /proc/self/mountinfo (the hierarchy's mount point and the directory of it mounted there). A v1
 * memory hierarchy wins over v2 (on a hybrid machine the controller is v1's); undefined when neither
 * holds the memory controller here.
 */
export function ownMemoryCgroup(procCgroup: string, mountinfo: string): MemoryCgroup | undefined {
  const mounts = parseMountinfo(mountinfo);
  const lines = procCgroup
    .split('\n')
    .map((line) => /^(\d+):([^:]*):(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null);
  const under = (mountPoint: string, mountRoot: string, path: string): string | undefined => {
    const rel =
      mountRoot === '/'
        ? path
        : path === mountRoot
          ? '/'
          : path.startsWith(`${mountRoot}/`)
            ? path.slice(mountRoot.length)
            : undefined;
    return rel === undefined ? undefined : rel === '/' ? mountPoint : join(mountPoint, rel);
  };
  const v1 = lines.find((m) => (m[2] as string).split(',').includes('memory'));
  if (v1 !== undefined) {
    const mount = mounts.find((m) => m.type === 'cgroup' && (m.superOptions ?? []).includes('memory'));
    const dir = mount && under(mount.mountPoint, mount.root ?? '/', v1[3] as string);
    return dir === undefined ? undefined : { dir, version: 1 };
  }
  const v2 = lines.find((m) => m[1] === '0' && m[2] === '');
  const mount = mounts.find((m) => m.type === 'cgroup2');
  const dir = v2 && mount && under(mount.mountPoint, mount.root ?? '/', v2[3] as string);
  if (dir === undefined) return undefined;
  const controllers = readText(join(dir, 'cgroup.controllers'));
  return controllers?.split(/\s+/).includes('memory') ? { dir, version: 2 } : undefined;
}

/** A cgroup made for one command: the command moves itself in before it starts, and the peak is read after it ended. */
export interface RecordGroup {
  /** the file the command writes `0` to, to move itself in */
  readonly procsFile: string;
  /** the peak in bytes, or undefined when the command never was in the group (its charge is 0) */
  peakBytes(): number | undefined;
  /** removes the group; a message when processes of the command still run in it */
  remove(): string | undefined;
}

const PEAK_FILE = { 1: 'memory.max_usage_in_bytes', 2: 'memory.peak' } as const;

/** What making a group does to cgroupfs: node's fs here; a model of the kernel's rules in the tests. */
export interface CgroupFs {
  mkdir(path: string): void;
  rmdir(path: string): void;
  /** the file's text, undefined when it is not there */
  read(path: string): string | undefined;
  /** throws where the kernel refuses the write */
  write(path: string, text: string): void;
}

const NODE_FS: CgroupFs = {
  mkdir: (path) => mkdirSync(path, 0o755),
  rmdir: (path) => rmdirSync(path),
  read: (path) => readText(path),
  // cgroupfs has every file it takes: a write never makes one
  write: (path, text) => writeFileSync(path, text, { flag: 'r+' }),
};

/**
 * Makes `flightlog-record-<pid>` in flightlog's own memory cgroup. In v1 any group may hold processes.
 * In v2 a group gives its children a controller only when it holds no process itself (the root group
 * excepted), so where the group does not give memory already, flightlog alone in it (a
 * `systemd-run --scope -p Delegate=yes`, a service with `Delegate=yes`) steps into a group of its own
 * beside the command's and gives it; removing the command's group puts all back. Undefined, and
 * nothing left or changed, wherever none can be made (a user who may not write there, a group shared
 * with other processes): `record` then tells the peak from its samples alone.
 */
export function makeRecordGroup(own: MemoryCgroup, pid: number, fs: CgroupFs = NODE_FS): RecordGroup | undefined {
  const dir = join(own.dir, `flightlog-record-${pid}`);
  const peakFile = join(dir, PEAK_FILE[own.version]);
  try {
    fs.mkdir(dir);
  } catch {
    return undefined;
  }
  const putBack = fs.read(peakFile) !== undefined || own.version === 1 ? () => {} : giveMemory(own.dir, pid, fs);
  if (putBack === undefined || fs.read(peakFile) === undefined) {
    fs.rmdir(dir);
    putBack?.();
    return undefined;
  }
  return {
    procsFile: join(dir, 'cgroup.procs'),
    peakBytes: () => {
      const peak = Number(fs.read(peakFile));
      return Number.isSafeInteger(peak) && peak > 0 ? peak : undefined;
    },
    remove: () => {
      let left: string | undefined;
      try {
        fs.rmdir(dir);
      } catch {
        left = `${dir} is left: processes the command started still run in it`;
      }
      putBack();
      return left;
    },
  };
}

/**
 * Gives the memory controller to the children of v2 group `dir`; returns what puts flightlog back, or
 * undefined (with all as it was) where that cannot be done.
 */
function giveMemory(dir: string, pid: number, fs: CgroupFs): (() => void) | undefined {
  const control = join(dir, 'cgroup.subtree_control');
  try {
    // the root group: it may hold processes and give controllers both
    fs.write(control, '+memory');
    return () => {};
  } catch {}
  // never move a process that is not flightlog's own: only where flightlog is alone in its group
  if (fs.read(join(dir, 'cgroup.procs'))?.trim() !== String(pid)) return undefined;
  const self = join(dir, `flightlog-record-${pid}.self`);
  try {
    fs.mkdir(self);
  } catch {
    return undefined;
  }
  const back = (): void => {
    try {
      fs.write(control, '-memory');
      fs.write(join(dir, 'cgroup.procs'), String(pid));
      fs.rmdir(self);
    } catch {
      // refused (a group below that gives memory on to its own children): flightlog stays in its own
      // group, which goes when its scope does
    }
  };
  try {
    fs.write(join(self, 'cgroup.procs'), String(pid));
    fs.write(control, '+memory');
    return back;
  } catch {
    back();
    return undefined;
  }
}

/**
 * The command line that runs CMD in the group from its first instruction: a shell moves itself in
 * (`0` is the writer) and becomes CMD by exec, which keeps the pid that flightlog watches and signals.
 * Undefined when the shell could not start CMD the way a direct spawn does (a name that is not an
 * executable file on PATH, or one that exec would read as an option): CMD then runs outside the group,
 * and a command that is not there fails as it would without one.
 */
export function inGroup(
  group: RecordGroup,
  command: string,
  args: readonly string[],
  path = process.env.PATH ?? '',
): [string, string[]] | undefined {
  if (command.startsWith('-') || !onPath('/bin/sh') || !onPath(command, path)) return undefined;
  return ['/bin/sh', ['-c', 'echo 0 >"$1"; shift; exec "$@"', 'flightlog-record', group.procsFile, command, ...args]];
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}
