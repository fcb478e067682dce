import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLI = join(__dirname, '..', '..', 'sbin', 'flightlog');

// the program keeps its compiled code in /var/cache/flightlog when run as root: the tests keep theirs
// in a temp directory, and every spawned run inherits this
process.env.FLIGHTLOG_CACHE_DIR ??= join(tmpdir(), 'flightlog-test-cache');

export interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs the built command as cron would: no NODE_EXTRA_CA_CERTS, no terminal. */
export function flightlog(args: readonly string[], env: NodeJS.ProcessEnv = {}, program = CLI): Promise<Ran> {
  const started = Date.now();
  const { NODE_EXTRA_CA_CERTS: _ca, ...base } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [program, ...args], {
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, ms: Date.now() - started }));
  });
}
