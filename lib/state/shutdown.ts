import { LockBusy } from '../core/errors';
import { Sources } from '../sources/read';
import { parseUptime } from '../sources/uptime';
import { acquireLock, type Lock } from './lock';
import { loadState, saveState, type State } from './store';
import { sleep } from '../core/sleep';

/** A sample may be running as the machine goes down: wait for its lock this long rather than lose the mark. */
const LOCK_WAIT_MS = 5000;

/**
 * Records in the state file that this boot is ending cleanly (the shutdown unit runs it): the boot id,
 * the time and the uptime. The next boot's first sample finds the mark and knows the previous boot
 * ended in a clean shutdown, not a power loss or a crash. With no state file yet, it starts one.
 */
export async function markShutdown(statePath: string, root: string, now: () => number = Date.now): Promise<void> {
  const lock = await lockPatiently(`${statePath}.lock`);
  try {
    const src = new Sources(root);
    const bootId = (await src.attribute('proc/sys/kernel/random/boot_id')) ?? '';
    const uptimeS = parseUptime(await src.text('proc/uptime'));
    const loaded = loadState(statePath);
    const base: State =
      loaded.kind === 'ok'
        ? loaded.state
        : { bootId, timeMs: now(), uptimeS, modules: new Map(), runs: { total: 0, missed: 0 } };
    saveState(statePath, { ...base, shutdown: { bootId, timeMs: now(), uptimeS } });
  } finally {
    lock.release();
  }
}

/** The run lock, waiting for a sample that holds it (a few seconds at most) rather than giving up at once. */
export async function lockPatiently(path: string): Promise<Lock> {
  const until = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      return acquireLock(path);
    } catch (err) {
      if (!(err instanceof LockBusy) || Date.now() > until) throw err;
      await sleep(100);
    }
  }
}
