import { ParseError } from '../core/errors';

/** One line of /proc/self/mounts (fstab(5) format): device, mount point, type, options. */
export interface MountRecord {
  readonly device: string;
  readonly mountPoint: string;
  readonly type: string;
  readonly options: readonly string[];
  /** from /proc/self/mountinfo only: the filesystem's major:minor, and the directory of it mounted here (`/` for all of it) */
  readonly devId?: string;
  readonly root?: string;
  /** from /proc/self/mountinfo only: the filesystem's own options (a cgroup v1 hierarchy's controllers are here) */
  readonly superOptions?: readonly string[];
}

/** fstab(5) escapes space, tab, newline and backslash in paths as octal: "\040" is a space. */
const unescapeOctal = (s: string): string =>
  s.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));

export function parseMounts(text: string): MountRecord[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const cols = line.split(' ');
      if (cols.length < 4) throw new ParseError('/proc/self/mounts', line, 'expected "device mountpoint type options"');
      const [device, mountPoint, type, options] = cols as [string, string, string, string];
      return {
        device: unescapeOctal(device),
        mountPoint: unescapeOctal(mountPoint),
        type,
        options: options.split(','),
      };
    });
}

/**
 * /proc/self/mountinfo (proc(5)): "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw".
 * Beyond /proc/self/mounts it tells the filesystem (major:minor) and which of its directories is
 * mounted (a bind mount of a subdirectory has a root other than `/`).
 */
export function parseMountinfo(text: string): MountRecord[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const cols = line.split(' ');
      const dash = cols.indexOf('-', 6);
      if (dash < 0 || cols.length < dash + 3 || !/^\d+:\d+$/.test(cols[2] ?? ''))
        throw new ParseError(
          '/proc/self/mountinfo',
          line,
          'expected "id parent major:minor root mountpoint options … - type source superoptions"',
        );
      return {
        device: unescapeOctal(cols[dash + 2] as string),
        mountPoint: unescapeOctal(cols[4] as string),
        type: cols[dash + 1] as string,
        options: (cols[5] as string).split(','),
        devId: cols[2] as string,
        root: unescapeOctal(cols[3] as string),
        superOptions: (cols[dash + 3] ?? '').split(','),
      };
    });
}
