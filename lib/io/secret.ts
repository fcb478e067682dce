import { lstatSync, readFileSync, type Stats } from 'node:fs';
import { UsageError } from '../core/errors';

/**
 * Reads a secret (MQTT credentials, an InfluxDB token, a signing key) from a file that only its owner may read:
 * a file that group or others can read or write, a symlink, or a file of another user is refused, saying
 * which file and what to do.
 */
export function readSecret(path: string, key: string): string {
  return readSecretBytes(path, key).toString('utf8').trim();
}

/** The same, as bytes (a signing key need not be text); a trailing newline is not part of it. */
export function readSecretBytes(path: string, key: string): Buffer {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch (err) {
    throw new UsageError(
      `${key}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const { mode } = st;
  // a symlink could be swapped for another file between this check and the read; the owner must be the reader
  if (st.isSymbolicLink()) throw new UsageError(`${key}: ${path} is a symlink; fix: point ${key} at the file itself`);
  const uid = process.getuid?.() ?? 0;
  if (st.uid !== uid)
    throw new UsageError(
      `${key}: ${path} belongs to uid ${st.uid}, not to this user (uid ${uid}); fix: chown ${uid} ${path}`,
    );
  if ((mode & 0o077) !== 0) {
    throw new UsageError(
      `${key}: ${path} is open to group or others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); fix: chmod 600 ${path}`,
    );
  }
  const bytes = readFileSync(path);
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0a ? bytes.length - 1 : bytes.length;
  if (end === 0) throw new UsageError(`${key}: ${path} is empty`);
  return bytes.subarray(0, end);
}

/** "user:password" on the first line (the password may hold colons). */
export function userPassword(text: string, path: string): { username: string; password: string } {
  const line = text.split('\n')[0] ?? '';
  const colon = line.indexOf(':');
  if (colon < 1) throw new UsageError(`${path}: expected one line "user:password"`);
  return { username: line.slice(0, colon), password: line.slice(colon + 1) };
}
