import { hostname } from 'node:os';
import { spoolDir, type Config } from '../config/config';
import { StateUnsaved } from '../core/errors';
import type { Field, Sample } from '../core/sample';
import { hostLabel } from '../format/subject';
import { Spool } from '../outputs/spool';
import type { Output } from '../outputs/types';
import { Sources } from '../sources/read';
import { acquireLock, type Lock } from '../state/lock';
import { checkOwnDirs } from './own-dirs';
import { loadState, saveState } from '../state/store';
import { deliver } from './deliver';
import { signSample } from './sign';
import { say } from '../core/say';

/**
 * One line of a module that is not sampled (calibrate's table) written the way a sample is: under the
 * run lock, signed on to the host's chain when lines are signed (so verify finds no unsigned line), to
 * every output, spooled where one cannot take it. Exit status as runSample's.
 */
export async function deliverLine(opts: {
  config: Config;
  outputs: readonly Output[];
  module: string;
  fields: readonly Field[];
  signingKey?: Buffer;
  now?: () => number;
  warn?: (line: string) => void;
}): Promise<0 | 3 | 4> {
  const { config } = opts;
  const warn = opts.warn ?? say;
  let lock: Lock | undefined;
  try {
    lock = acquireLock(`${config.state}.lock`);
  } catch (err) {
    if (!(err instanceof StateUnsaved)) throw err;
  }
  try {
    checkOwnDirs(config, opts.outputs);
    const src = new Sources('/');
    const [bootId, host] = await Promise.all([
      src.attribute('proc/sys/kernel/random/boot_id'),
      src.attribute('proc/sys/kernel/hostname'),
    ]);
    const loaded = loadState(config.state);
    const prev = loaded.kind === 'ok' ? loaded.state : undefined;
    const timeMs = (opts.now ?? Date.now)();
    let sample: Sample = {
      xid: Math.floor(timeMs / 1000),
      timeMs,
      host: hostLabel(host || hostname()),
      modules: [{ module: opts.module, fields: opts.fields }],
    };
    const signed =
      opts.signingKey === undefined
        ? undefined
        : await signSample(
            sample,
            opts.signingKey,
            prev !== undefined && prev.bootId === bootId ? prev.sign : undefined,
          );
    if (signed !== undefined) sample = signed.sample;
    const delivery = await deliver(
      sample,
      opts.outputs,
      (output) => new Spool(spoolDir(config), output, config.spool.maxBytes),
      warn,
    );
    // the chain goes on in the state; with no state yet the next sample starts a chain of its own
    if (lock !== undefined && prev !== undefined && signed !== undefined)
      saveState(config.state, { ...prev, sign: signed.chain });
    return lock === undefined && delivery.exitCode === 0 ? 4 : delivery.exitCode;
  } finally {
    lock?.release();
  }
}
