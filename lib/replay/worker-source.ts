/**
 * The CPU load generator, as the source of a worker thread (plain JavaScript: a worker of a bundled
 * program cannot import the bundle's modules). One code path for both uses, so that calibrate measures
 * exactly what replay spends:
 * - calibrate: for each level, busy for level % of every 20 ms slot during levelMs, counting work
 *   units (1000 steps of a 32-bit linear congruential generator); posts [[level, units per s], …]
 * - generate: follows the busy share in control[0] (thousandths), until control[1] is set; after each
 *   slot writes the thread's own CPU time (/proc/thread-self/stat utime + stime, ticks) to cpu[index]
 */
export const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const SLOT_MS = 20;
const pause = new Int32Array(new SharedArrayBuffer(4));
function unit(x) { for (let i = 0; i < 1000; i++) x = (Math.imul(x, 1103515245) + 12345) >>> 0; return x; }
function ticks() {
  const s = readFileSync('/proc/thread-self/stat', 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}
function cycle(fraction, endMs) {
  let units = 0, seed = 1;
  while (performance.now() < endMs) {
    const slotStart = performance.now();
    const busyUntil = Math.min(endMs, slotStart + SLOT_MS * fraction);
    while (performance.now() < busyUntil) { seed = unit(seed); units++; }
    const rest = Math.min(endMs, slotStart + SLOT_MS) - performance.now();
    if (rest > 0) Atomics.wait(pause, 0, 0, rest);
  }
  return units;
}
if (workerData.mode === 'calibrate') {
  parentPort.postMessage(workerData.levels.map((pct) => {
    const start = performance.now();
    const units = cycle(pct / 100, start + workerData.levelMs);
    return [pct, units / ((performance.now() - start) / 1000)];
  }));
} else {
  const control = new Int32Array(workerData.control);
  const cpu = new Float64Array(workerData.cpu);
  while (Atomics.load(control, 1) === 0) {
    cycle(Atomics.load(control, 0) / 1000, performance.now() + SLOT_MS);
    cpu[workerData.index] = ticks();
  }
  cpu[workerData.index] = ticks();
}
`;
