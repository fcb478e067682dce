import { writeStdout } from '../io/stdout';
import type { Sample } from '../core/sample';
import { textLines } from '../format/text-lines';
import { linesOfEach, type Output } from './types';

/** `stdout`: the same lines as the `file` output, on standard output. */
export const stdoutOutput = (ident: string): Output => ({
  name: 'stdout',
  write: (samples: readonly Sample[]) =>
    writeStdout(
      linesOfEach(samples, (s) => textLines(s, ident, process.pid))
        .flat()
        .map((l) => `${l}\n`)
        .join(''),
    ),
});
