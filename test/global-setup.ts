import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The end-to-end tests run the shipped program: bundle it first, once. */
export default function setup(): void {
  execFileSync(process.execPath, [join(__dirname, '..', 'build.mjs')], {
    cwd: join(__dirname, '..'),
    stdio: 'inherit',
  });
}
