import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Field, Sample } from '../core/sample';
import { appendChunks, writeAtomically } from '../io/file';

/**
 * Samples that an output could not take wait here, in order, and that output gets them first on the
 * next run, so every output sees every sample once. One JSON Lines file per output
 * (`<dir>/<output>.jsonl`), rewritten atomically under the run lock; when it would pass `maxBytes` the
 * oldest samples are dropped first (and counted in the next sample's run line). A torn or foreign
 * line is skipped. A sample the output refused for its content goes to `<dir>/<output>.rejected.jsonl`,
 * kept for a look and never sent again.
 */
export class Spool {
  private readonly path: string;

  private readonly rejectedPath: string;

  constructor(
    dir: string,
    output: string,
    private readonly maxBytes: number,
  ) {
    this.path = join(dir, `${output}.jsonl`);
    this.rejectedPath = join(dir, `${output}.rejected.jsonl`);
  }

  load(): Sample[] {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').flatMap((line) => {
      const sample = parseSample(line);
      return sample === undefined ? [] : [sample];
    });
  }

  /** Keeps `samples` (oldest first) in place of what the spool held; returns how many had to be dropped. */
  store(samples: readonly Sample[]): number {
    const lines = samples.map((s) => `${JSON.stringify(s)}\n`);
    let bytes = lines.reduce((n, l) => n + Buffer.byteLength(l), 0);
    let dropped = 0;
    while (bytes > this.maxBytes && dropped < lines.length) bytes -= Buffer.byteLength(lines[dropped++] as string);
    writeAtomically(this.path, lines.slice(dropped).join(''), 0o600);
    return dropped;
  }

  /** Keeps a sample the output refused for good where a person can look at it; throws when it cannot be kept. */
  setAside(sample: Sample): void {
    const { failure } = appendChunks(this.rejectedPath, [`${JSON.stringify(sample)}\n`], 0o600);
    if (failure !== undefined) throw failure;
  }

  clear(): void {
    rmSync(this.path, { force: true });
  }
}

function parseSample(line: string): Sample | undefined {
  if (line.trim() === '') return undefined;
  try {
    const s = JSON.parse(line) as Sample;
    const ok =
      Number.isInteger(s.xid) &&
      typeof s.timeMs === 'number' &&
      typeof s.host === 'string' &&
      Array.isArray(s.modules) &&
      s.modules.every(
        (m) =>
          typeof m.module === 'string' &&
          Array.isArray(m.fields) &&
          m.fields.every(
            (f: Field) =>
              Array.isArray(f) && typeof f[0] === 'string' && (typeof f[1] === 'number' || typeof f[1] === 'string'),
          ),
      );
    return ok ? s : undefined;
  } catch {
    return undefined;
  }
}
