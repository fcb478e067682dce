import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Sample } from '../sample/types';
import { textLines } from './text';
import type { Output } from './types';

/** `file`: appends the lines to a file (created 0640), one write per run so concurrent readers never see half a sample. */
export const fileOutput = (path: string, ident: string): Output => ({
  name: 'file',
  write: async (samples: readonly Sample[]) => {
    const text = samples.flatMap((s) => textLines(s, ident, process.pid)).map((l) => `${l}\n`).join('');
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, text, { mode: 0o640 });
  },
});
