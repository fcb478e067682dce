import type { Sample } from '../core/sample';
import { textLines } from './text';
import { linesOfEach, type Output } from './types';

/** Writes text and resolves once stdout has taken it (a pipe may be slower than the run). */
export const writeStdout = (text: string): Promise<void> =>
  new Promise((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));

/** `stdout`: the same lines as the `file` output, on standard output. */
export const stdoutOutput = (ident: string): Output => ({
  name: 'stdout',
  write: (samples: readonly Sample[]) => writeStdout(linesOfEach(samples, (s) => textLines(s, ident, process.pid)).flat().map((l) => `${l}\n`).join('')),
});
