// Saves a state file over and over until killed: the victim of the SIGKILL test in store.test.ts.
import { saveState } from '../../lib/state/store';

const path = process.argv[2] as string;
const subjects = new Map(Array.from({ length: 400 }, (_, i) => [`veth${i}`, { counters: { rx_bytes: BigInt(i) * 1_000_000_007n, tx_bytes: 1n } }]));
let run = 0;
process.stdout.write('ready\n');
for (;;) {
  run++;
  saveState(path, { bootId: 'b', timeMs: run, uptimeS: run, modules: new Map([['net', { uptimeS: run, subjects }]]), runs: { total: run, missed: 0 } });
}
