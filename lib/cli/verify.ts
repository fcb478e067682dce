import { loadConfig } from '../config/config';
import { readSecretBytes } from '../io/secret';
import { UsageError } from '../core/errors';
import { writeStdout } from '../io/stdout';
import { findLogs, oldestFirst } from '../read/files';
import { verifyLogs } from '../read/verify';

export interface VerifyArgs {
  readonly files?: readonly string[];
  readonly key?: string | readonly string[];
  readonly config?: string;
}

/**
 * `flightlog verify [FILE…] [--key FILE…]`: checks the signed lines of the logs (default: the configured
 * log and its archives), oldest first. One line per finding, `file:line: host: kind: detail`, then a
 * summary. Exit 0 when every line checks (chain restarts are reported, not errors), 1 when any does not.
 */
export async function verifyCommand(args: VerifyArgs): Promise<number> {
  const config = await loadConfig(args.config);
  const named = [args.key ?? []].flat();
  const keyFiles = named.length > 0 ? named : config.sign === undefined ? [] : [config.sign.key];
  if (keyFiles.length === 0)
    throw new UsageError('verify: no key: name it with --key FILE, or set sign.key in the config');
  const keys = keyFiles.map((file) => readSecretBytes(file, '--key'));
  const files = oldestFirst(findLogs(args.files ?? [], config.file.path));
  const verdict = await verifyLogs(files, keys, config.syslog.ident);
  const problems = verdict.findings.filter((f) => f.kind !== 'restart');
  const text = verdict.findings.map((f) => `${f.file}:${f.line}: ${f.host}: ${f.kind}: ${f.detail}\n`).join('');
  const summary = `verified ${verdict.lines} line(s) of ${verdict.hosts} host(s) in ${files.length} file(s): ${problems.length === 0 ? 'all lines check' : `${problems.length} problem(s)`}\n`;
  await writeStdout(text + summary);
  return problems.length === 0 ? 0 : 1;
}
