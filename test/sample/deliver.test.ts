import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { OutputFailure, type Output } from '../../lib/outputs/types';
import { deliver } from '../../lib/sample/deliver';
import { runSample } from '../../lib/sample/run';
import type { Spool } from '../../lib/outputs/spool';
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
  const run = (output: Output) =>
    runSample({
      config: testConfig(tmp.dir),
      root,
      outputs: [output],
      version: '0',
      warn: () => {},
      statfs: fakeStatfs(root, BASIC_STATFS),
      eventModules: [],
    });
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

it('counts the sample its full spool could not keep, and says truly what still waits', async () => {
  const sample = (xid: number): Sample => ({ xid, timeMs: xid * 1000, host: 'h', modules: [] });
  const waiting = [1, 2, 3, 4, 5].map(sample);
  const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  const spool = {
    load: () => waiting,
    store: () => {
      throw full;
    },
    clear: () => {},
    setAside: () => {},
  } as unknown as Spool;
  const down: Output = {
    name: 'mqtt',
    write: async () => {
      throw new OutputFailure('mqtt://broker: connect ECONNREFUSED', 0);
    },
  };
  const said: string[] = [];
  const delivery = await deliver(
    sample(6),
    [down],
    () => spool,
    (line) => said.push(line),
  );
  // the spool file is as it was: the five it held still wait; this run's sample is lost for mqtt, and the next run line counts it
  expect(delivery).toEqual({ exitCode: 3, dropped: 1, rejected: 0 });
  expect(said).toEqual([
    'output mqtt: its spool could not be written (ENOSPC: no space left on device, write): 1 sample(s) lost for it, counted on the next run line',
    'output mqtt failed: mqtt://broker: connect ECONNREFUSED; 5 sample(s) wait in its spool',
  ]);
});
