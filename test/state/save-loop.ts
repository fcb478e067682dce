// Saves a state file over and over until killed, going on from the count the file holds, and says
// each count it saved on stdout: the victim of the SIGKILL test in store.test.ts.
import { writeSync } from 'node:fs';
import { loadState, saveState } from '../../lib/state/store';

const path = process.argv[2] as string;
const subjects = new Map(
  Array.from({ length: 400 }, (_, i) => [
    `veth${i}`,
    { counters: { rx_bytes: BigInt(i) * 1_000_000_007n, tx_bytes: 1n } },
  ]),
);
const loaded = loadState(path);
let run = loaded.kind === 'ok' ? loaded.state.runs.total : 0;
for (;;) {
  run++;
  saveState(path, {
    bootId: 'b',
    timeMs: run,
    uptimeS: run,
    modules: new Map([['net', { uptimeS: run, subjects }]]),
    runs: { total: run, missed: 0 },
  });
  writeSync(1, `${run}\n`);
}
