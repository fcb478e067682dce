import {
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  ftruncateSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  type Stats,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Exclusive creation that never follows a symlink planted at the name (O_EXCL already refuses one; O_NOFOLLOW says so twice). */
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Writes all of `bytes` at the file's current position, or throws. write(2) may take fewer bytes than
 * asked (a nearly full disk, a quota, a signal); the rest is written again until it is all taken, and
 * ENOSPC, EDQUOT or EIO come out as the error they are. Nothing counts as written until this returns.
 */
export function writeWhole(fd: number, bytes: Buffer): void {
  for (let off = 0; off < bytes.length; ) {
    const n = writeSync(fd, bytes, off, bytes.length - off);
    if (n <= 0) throw Object.assign(new Error(`write took ${n} bytes`), { code: 'EIO' });
    off += n;
  }
}

/**
 * Replaces `path` with `text` so that a crash at any instant leaves either the old or the new file:
 * write a temp file in the same directory, check that every byte was taken, fsync it, rename it over
 * the old one, fsync the directory (without that last step a power loss can bring back the old name,
 * or none). A write that fails (a full disk) removes the temp file and leaves the old file as it was.
 * The temp file is created exclusively: a file or symlink already at its name (left by a killed run,
 * or planted) is removed, never written through.
 */
export function writeAtomically(path: string, text: string, mode = 0o644): void {
  const dir = dirname(path);
  makeDir(dir);
  const tmp = `${path}.tmp`;
  const fd = openExclusive(tmp, mode);
  try {
    writeWhole(fd, Buffer.from(text));
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(tmp);
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, path);
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

/**
 * A new file at `path`, created exclusively (whatever was at the name, a stale file or a symlink, is
 * removed first), with exactly `mode` whatever the umask.
 */
export function openExclusive(path: string, mode: number): number {
  let fd: number;
  try {
    fd = openSync(path, CREATE_NEW, mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    unlinkSync(path);
    fd = openSync(path, CREATE_NEW, mode);
  }
  fchmodSync(fd, mode);
  return fd;
}

/**
 * Makes `dir` and its missing parents, each with exactly `mode` whatever the umask (mkdir(2) applies
 * it: under umask 000 a directory would be open to every user, under 077 closed to the readers). A
 * directory that is already there is left as it is.
 */
export function makeDir(dir: string, mode = 0o755): void {
  const missing: string[] = [];
  for (let d = resolve(dir); d !== dirname(d); d = dirname(d)) {
    try {
      if (!statSync(d).isDirectory())
        throw Object.assign(new Error(`ENOTDIR: not a directory: ${d}`), { code: 'ENOTDIR' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      missing.unshift(d);
    }
  }
  for (const d of missing) {
    try {
      mkdirSync(d, { mode });
    } catch (err) {
      // made meanwhile by someone else: it is judged as any directory that was there
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    chmodSync(d, mode);
  }
}

/**
 * Appends each chunk with one write, whole or not at all: a chunk that cannot be written entirely (a
 * full disk) is cut off again, so no torn line is left for the next write to glue onto. Returns how
 * many chunks were appended before a failure, and the failure.
 */
export function appendChunks(
  path: string,
  chunks: readonly string[],
  mode: number,
): { written: number; failure?: Error } {
  makeDir(dirname(path));
  const fd = openAppend(path, mode);
  let written = 0;
  try {
    for (const chunk of chunks) {
      const before = fstatSync(fd).size;
      try {
        writeWhole(fd, Buffer.from(chunk));
      } catch (err) {
        try {
          ftruncateSync(fd, before);
        } catch {
          // the file is no longer ours to cut (another writer appended): the next reader skips a torn line
        }
        return { written, failure: err as Error };
      }
      written++;
    }
    return { written };
  } finally {
    closeSync(fd);
  }
}

/**
 * A file to append to, never through a symlink planted at its name: made with exactly `mode` when it
 * is new, taken as it is (its mode an admin's choice) when it was there.
 */
function openAppend(path: string, mode: number): number {
  const append = constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW;
  try {
    const fd = openSync(path, append | constants.O_CREAT | constants.O_EXCL, mode);
    fchmodSync(fd, mode);
    return fd;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const fd = openSync(path, append);
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw Object.assign(new Error(`${path} is not a plain file`), { code: 'EINVAL' });
  }
  return fd;
}

/** Codes that mean the directory can hold no more, or no writes at all: the run goes on without saving there. */
const STORAGE_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'ENOTDIR', 'EIO']);

export const isStorageFailure = (err: unknown): boolean => STORAGE_CODES.has((err as NodeJS.ErrnoException).code ?? '');

/**
 * Why a directory that holds flightlog's state may not be trusted, or undefined: it must be a real
 * directory (not a symlink), owned by the running user, and writable by nobody else (group-writable
 * only when the group is the user's own). Otherwise another user could plant or swap files there.
 */
export function untrustedDir(dir: string): string | undefined {
  let st: Stats;
  try {
    st = lstatSync(dir);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : `${dir}: ${(err as Error).message}`;
  }
  const uid = process.getuid?.() ?? 0;
  if (!st.isDirectory()) return `${dir} is not a directory`;
  if (st.uid !== uid) return `${dir} belongs to uid ${st.uid}, not to this user (uid ${uid})`;
  if ((st.mode & 0o002) !== 0 || ((st.mode & 0o020) !== 0 && st.gid !== (process.getgid?.() ?? 0))) {
    return `${dir} is writable by other users (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')})`;
  }
  return undefined;
}

/** Whether there is an entry at the name, the name itself (lstat): a link whose target is not there (an enabled unit's, under another root) is one too. */
export const entryAt = (path: string): boolean => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};
