import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { encodeLines } from '../format/line';

/**
 * A run that could not sample (a config mistake) says so in the log too, where the missing samples
 * would have been: one line to the local syslog socket, local4.notice, ident flightlog, through
 * logger(1) (the config, which names another socket or ident, is what failed):
 *   xid=1763886000 run.error="not sampled: /etc/flightlog/flightlog.yaml: modules.net.exlude: unknown key; …"
 * Without a socket there, or when logger fails, nothing more happens: stderr has said it already.
 */
export async function logNotSampled(why: string, socket = '/dev/log', nowMs = Date.now()): Promise<void> {
  try {
    if (!statSync(socket).isSocket()) return;
  } catch {
    return;
  }
  const [line] = encodeLines(Math.floor(nowMs / 1000), [['run.error', `not sampled: ${why}`]]);
  await new Promise<void>((resolve) => {
    const child = execFile(
      'logger',
      [`--id=${process.pid}`, '-t', 'flightlog', '-p', 'local4.notice', '-u', socket, '--', line ?? ''],
      { timeout: 2000 },
      () => resolve(),
    );
    child.on('error', () => resolve());
  });
}
