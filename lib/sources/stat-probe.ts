import type * as ChildProcess from 'node:child_process';
import { createRequire } from 'node:module';
import { monotonicMs } from '../core/clock';

export type ProbeResult = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly why: string };

/**
 * stat(1) of a path in a child process, given up after `timeoutMs`. A stat on a hung NFS mount sleeps
 * in the kernel where no signal reaches it: the child is then killed, unref'd and left behind, so it
 * cannot keep this process alive, and the run goes on.
 */
export function statWithin(path: string, timeoutMs: number): Promise<ProbeResult> {
  // loaded here: node:child_process costs every run a few milliseconds, and only mount_check needs it
  const { spawn } = createRequire(__filename)('node:child_process') as typeof ChildProcess;
  const start = monotonicMs();
  return new Promise((resolve) => {
    const child = spawn('stat', ['--', path], { stdio: 'ignore' });
    const timer = setTimeout(() => {
      child.unref();
      child.kill('SIGKILL');
      resolve({ ok: false, why: `no answer in ${timeoutMs} ms` });
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, why: err.message });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? { ok: true, ms: monotonicMs() - start } : { ok: false, why: `stat exited with ${code}` });
    });
  });
}
