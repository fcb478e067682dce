import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { untrustedDir, writeAtomically } from '../io/file';

/**
 * The parsed config file is kept as JSON beside the state, stamped with the file's device, inode, size,
 * mtime and ctime (ns): a run whose config did not change skips the YAML parser, which would cost more
 * than the rest of the config handling together. Any change to the file (ctime cannot be set back by
 * hand) parses it again. The cache is only a copy: unreadable or stale, it is ignored; unwritable, the
 * run goes on without it. A file that does not parse is never cached. The stamp is no secret, so the
 * cache is used only where no other user could have written it: a trusted directory (untrustedDir), and
 * a plain file of this user's that only this user can write.
 */
export async function parseWithCache(
  file: string,
  cacheDir: string,
  parse: (text: string) => Promise<unknown>,
): Promise<unknown> {
  const st = statSync(file, { bigint: true });
  const stamp = `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  const cachePath = join(cacheDir, 'config.parsed.json');
  // no directory is made for a cache: where the state directory is not there yet, or not trusted, parse
  if (!existsSync(cacheDir) || untrustedDir(cacheDir) !== undefined) return parse(readFileSync(file, 'utf8'));
  try {
    const own = lstatSync(cachePath);
    if (!own.isFile() || own.uid !== (process.getuid?.() ?? 0) || (own.mode & 0o022) !== 0) throw new Error('not ours');
    const cached = JSON.parse(readFileSync(cachePath, 'utf8')) as { file?: string; stamp?: string; raw?: unknown };
    if (cached.file === file && cached.stamp === stamp) return cached.raw;
  } catch {
    // no cache yet, or a torn one: parse
  }
  const raw = await parse(readFileSync(file, 'utf8'));
  try {
    writeAtomically(cachePath, JSON.stringify({ file, stamp, raw }), 0o600);
  } catch {
    // a read-only state directory: parse every time
  }
  return raw;
}
