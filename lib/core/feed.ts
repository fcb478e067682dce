import { spawn } from 'node:child_process';

/** How a command fed on stdin ended: its exit code (null when a signal or the deadline ended it), its stderr, and why it failed to run. */
export interface Fed {
  readonly code: number | null;
  readonly stderr: string;
  /** it could not start (not installed), or it passed the deadline */
  readonly failure?: string;
}

/** The most of a command's stderr kept: its last line is what is told. */
const STDERR_BYTES = 64 * 1024;

/**
 * Runs a command with `input` on its stdin (no shell; stdout let go), killed if it runs past `timeoutMs`.
 * What the syslog output's logger(1) path needs at every run of a package without the native module:
 * node:child_process alone, not execa (about 50 ms to load, more than the send itself).
 */
export function feed(file: string, args: readonly string[], input: string, timeoutMs: number): Promise<Fed> {
  return new Promise((resolve) => {
    let stderr = '';
    let failure: string | undefined;
    const child = spawn(file, [...args], { stdio: ['pipe', 'ignore', 'pipe'] });
    const timer = setTimeout(() => {
      failure = `timed out after ${timeoutMs} ms`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_BYTES) stderr += chunk.toString('utf8');
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      failure ??= err.code === 'ENOENT' ? `${file} is not installed` : err.message;
    });
    // a command that ends without reading all of its input is told by its status, not by EPIPE here
    child.stdin.on('error', () => {});
    child.stdin.end(input);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ...(failure === undefined ? {} : { failure }) });
    });
  });
}
