import type { Sample } from '../core/sample';
import { appendChunks } from '../io/file';
import { textLines } from '../format/text-lines';
import { linesOfEach, OutputFailure, type Output } from './types';

/**
 * `file`: appends the lines to a file (created 0640). Each sample is one write, whole or not at all: a
 * full disk cuts the file back to where the sample began, so readers never see half a sample and no
 * torn line is left behind.
 */
export const fileOutput = (path: string, ident: string): Output => ({
  name: 'file',
  write: async (samples: readonly Sample[]) => {
    const chunks = linesOfEach(samples, (s) => textLines(s, ident, process.pid)).map((lines) =>
      lines.map((l) => `${l}\n`).join(''),
    );
    const { written, failure } = appendChunks(path, chunks, 0o640);
    if (failure !== undefined)
      throw new OutputFailure(`${path}: ${(failure as NodeJS.ErrnoException).code ?? failure.message}`, written);
  },
});
