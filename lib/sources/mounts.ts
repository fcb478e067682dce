import { ParseError } from '../errors';

/** One line of /proc/self/mounts (fstab(5) format): device, mount point, type, options. */
export interface MountRecord {
  readonly device: string;
  readonly mountPoint: string;
  readonly type: string;
  readonly options: readonly string[];
}

/** fstab(5) escapes space, tab, newline and backslash in paths as octal: "\040" is a space. */
const unescapeOctal = (s: string): string => s.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));

export function parseMounts(text: string): MountRecord[] {
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => {
    const cols = line.split(' ');
    if (cols.length < 4) throw new ParseError('/proc/self/mounts', line, 'expected "device mountpoint type options"');
    const [device, mountPoint, type, options] = cols as [string, string, string, string];
    return { device: unescapeOctal(device), mountPoint: unescapeOctal(mountPoint), type, options: options.split(',') };
  });
}
