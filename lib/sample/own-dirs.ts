import { dirname } from 'node:path';
import { spoolDir, type Config } from '../config/config';
import { UsageError } from '../core/errors';
import type { Output } from '../outputs/types';
import { untrustedDir } from '../io/file';

/**
 * The directories a run writes besides the state's (the spool, the file output's, the prom textfile's),
 * each held to the state directory's rule before anything is sampled: a real directory of this user's
 * that nobody else can write. Another user's or a shared one (even sticky, as /tmp) could have files
 * planted or swapped there; a run refuses it with exit 2, naming the setting and the fix.
 */
export function checkOwnDirs(config: Config, outputs: readonly Output[]): void {
  const names = new Set(outputs.map((o) => o.name));
  const dirs: Array<[key: string, dir: string]> = [['spool.dir', spoolDir(config)]];
  if (names.has('file')) dirs.push(['file.path', dirname(config.file.path)]);
  if (names.has('prom')) dirs.push(['prom.dir', config.prom.dir]);
  for (const [key, dir] of dirs) {
    const problem = untrustedDir(dir);
    if (problem !== undefined)
      throw new UsageError(
        `${key}: ${problem}; fix: chown it to this user and chmod go-w it, or set ${key} to a directory of this user's own`,
      );
  }
}
