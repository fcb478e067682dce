import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { OutputFailure, type Output } from '../../lib/outputs/types';
import { runSample } from '../../lib/sample/run';
import { linesToSend, sampleLines } from '../../lib/format/sample-lines';
import type { Sample } from '../../lib/core/sample';
import { BASIC_STATFS, fakeStatfs, fixtureRoot, tempDir, testConfig } from '../helpers';

let cleanup = (): void => {};
afterEach(() => cleanup());

/** A line output that takes `room` lines and then fails, as a syslog daemon that stops mid-sample. */
function lineOutput(room: number): Output & { got: string[] } {
  const got: string[] = [];
  return {
    name: 'lines',
    got,
    write: async (samples: readonly Sample[]) => {
      const lines = samples.flatMap(linesToSend);
      const taken = lines.slice(0, room);
      got.push(...taken);
      if (taken.length < lines.length) throw new OutputFailure('stopped', 0, taken.length);
    },
  };
}

it('keeps in the spool how many lines of a sample an output took, and sends it only the rest', async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const root = fixtureRoot('basic', 't1');
  const run = (output: Output) => runSample({ config: testConfig(tmp.dir), root, outputs: [output], version: '0', warn: () => {}, statfs: fakeStatfs(root, BASIC_STATFS), eventModules: [] });
  const first = lineOutput(3);
  const failed = await run(first);
  expect(failed.exitCode).toBe(3);
  const spooled = JSON.parse(readFileSync(join(tmp.dir, 'spool', 'lines.jsonl'), 'utf8')) as Sample;
  expect(spooled.linesSent).toBe(3);
  // the next run: the rest of the spooled sample, then the new one, nothing twice
  const second = lineOutput(1000);
  const ok = await run(second);
  expect(ok.exitCode).toBe(0);
  expect([...first.got, ...second.got]).toEqual([...sampleLines(spooled), ...sampleLines(ok.sample)]);
});
