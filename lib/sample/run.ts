import { hostname } from 'node:os';
import { spoolDir, type Config } from '../config/config';
import { StateUnsaved } from '../core/errors';
import type { Field, Sample } from '../core/sample';
import type { Timings } from '../core/timings';
import type { ModuleBaseline } from '../derive/delta';
import { hostLabel } from '../format/subject';
import { Spool } from '../outputs/spool';
import type { Output } from '../outputs/types';
import { runCommand, type CommandRunner } from '../sources/command';
import { kernelBits } from '../sources/kernel-bits';
import { Sources, type FsStats } from '../sources/read';
import { isStorageFailure } from '../io/file';
import { acquireLock, type Lock } from '../state/lock';
import { checkOwnDirs } from './own-dirs';
import { loadState, moveAside, saveState, type State } from '../state/store';
import { deliver } from './deliver';
import { deriveAll } from './derive-all';
import { enabledModules } from './enabled';
import { eventsAndHealth } from './events';
import { baselinesOf, readAll, type Enabled, type Snapshot } from './read-all';
import { runLine } from './run-line';
import { signSample } from './sign';
import { rawAndWindows } from './windows';
import { sleep } from '../core/sleep';
import { say } from '../core/say';

export interface RunOptions {
  readonly config: Config;
  readonly root: string;
  readonly outputs: readonly Output[];
  readonly version: string;
  /** wall clock, ms since the epoch (only for xid and the sample's time; intervals come from /proc/uptime) */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** milliseconds since the process started, for run.duration_ms */
  readonly elapsedMs?: () => number;
  readonly warn?: (line: string) => void;
  /** the sampling modules to run, when the config turns them on (default: all) */
  readonly modules?: readonly string[];
  /** the event modules to run, when the config turns them on (default: all) */
  readonly eventModules?: readonly string[];
  /** how event modules run helper commands (systemctl, coredumpctl) */
  readonly run?: CommandRunner;
  readonly statfs?: (path: string) => Promise<FsStats>;
  /** signs every line (`sig=`), chained from the previous run's last line (lib/format/sign.ts) */
  readonly signingKey?: Buffer;
  /** where the time goes, stage by stage (`sample -vv`) */
  readonly timings?: Timings;
}

export interface RunResult {
  /** 0: some output took the sample; 3: none did, it is spooled; 4: outputs took it, the state could not be saved */
  readonly exitCode: 0 | 3 | 4;
  readonly sample: Sample;
}

/**
 * One sample, end to end, as a pipeline of named stages (each a lap of `timings`, `sample -vv`):
 * state (lock, load the previous counters) → read (every module the config turns on, at one instant;
 * on a first run of a boot with first_interval, a baseline, a wait and a second read) → derive (against
 * the baseline) → raw counters and multi-rate windows → events and health → the run line → sign →
 * deliver (spooled samples first) → save (the new counters atomically, then the event modules'
 * cursors) → unlock. `record`, `loadsensor` and `check` use the same read and derive stages.
 */
export async function runSample(opts: RunOptions): Promise<RunResult> {
  const { config, timings } = opts;
  const now = opts.now ?? Date.now;
  const warn = opts.warn ?? say;
  const elapsedMs = opts.elapsedMs ?? (() => process.uptime() * 1000);
  // a state directory that is full, read-only or not a directory: sample all the same, to the outputs, and say so
  let unsaved: StateUnsaved | undefined;
  let lock: Lock | undefined;
  try {
    lock = acquireLock(`${config.state}.lock`);
  } catch (err) {
    if (!(err instanceof StateUnsaved)) throw err;
    unsaved = err;
  }
  try {
    checkOwnDirs(config, opts.outputs);
    const { prev, warning } = previousState(config.state, unsaved === undefined, now, warn);
    timings?.lap('state');

    const enabled = await enabledModules(config, opts.modules);
    const read = await readStage(opts, enabled, prev, elapsedMs);
    const { snap, src, bootId, bits, host, sameBoot, uptimeBack, baseline } = read;
    timings?.lap('read');
    const timeMs = now();
    const xid = Math.floor(timeMs / 1000);
    const intervalS = baseline === undefined ? undefined : snap.uptimeS - baseline.uptimeS;
    // runs that never happened are counted only against the previous run's own sample
    const sinceLastRun = sameBoot && !uptimeBack;
    const missed =
      sinceLastRun && intervalS !== undefined ? Math.max(0, Math.round(intervalS / config.interval) - 1) : undefined;

    const derived = deriveAll(enabled, snap, baseline?.modules, {
      uptimeS: snap.uptimeS,
      kernelBits: bits,
      withRates: baseline !== undefined,
    });
    const { modules, errors, summaries } = rawAndWindows(enabled, derived, snap, prev?.summaries, {
      xid,
      interval: config.interval,
    });
    timings?.lap('derive');

    const events = await eventsAndHealth({
      config,
      src,
      bootId: bootId ?? '',
      prev,
      sameBoot,
      nowMs: timeMs,
      uptimeS: snap.uptimeS,
      run: opts.run ?? runCommand,
      only: opts.eventModules,
      timings,
    });
    timings?.lap('events');

    const run = runLine({
      version: opts.version,
      prev,
      sameBoot,
      intervalS,
      missed,
      raw: enabled.some((e) => e.settings.raw) ? { uptimeS: snap.uptimeS, kernelBits: bits } : undefined,
      durationMs: elapsedMs() - read.waitedMs,
      errors: errors + events.collected.errors,
      more: [...(uptimeBack ? [['run.new_baseline', 'uptime_back'] as Field] : []), ...warning],
    });
    let sample: Sample = {
      xid,
      timeMs,
      host: hostLabel(host || hostname()),
      modules: [{ module: 'run', fields: run }, ...modules, ...events.modules],
      events: events.collected.events,
    };
    const signed =
      opts.signingKey === undefined
        ? undefined
        : await signSample(sample, opts.signingKey, sameBoot && prev !== undefined ? prev.sign : undefined);
    if (signed !== undefined) {
      sample = signed.sample;
      timings?.lap('sign');
    }

    const delivery = await deliver(
      sample,
      opts.outputs,
      (output) => new Spool(spoolDir(config), output, config.spool.maxBytes),
      warn,
      timings,
    );
    timings?.lap('deliver');
    // two runs within one tick of /proc/uptime measure nothing: the old baseline stays, so whatever the
    // counters gained since it (an OOM kill) is counted by the next run, never lost
    const keep = sinceLastRun && intervalS !== undefined && intervalS <= 0 ? prev : undefined;
    const next: State = {
      bootId: bootId ?? prev?.bootId ?? '',
      timeMs: keep?.timeMs ?? timeMs,
      uptimeS: keep?.uptimeS ?? snap.uptimeS,
      modules:
        keep?.modules ??
        baselinesOf(snap, sameBoot && prev !== undefined ? prev.modules : new Map<string, ModuleBaseline>()),
      runs: { total: (prev?.runs.total ?? 0) + 1, missed: (prev?.runs.missed ?? 0) + (missed ?? 0) },
      // a clean-shutdown mark made during this boot waits for the next boot's first sample
      ...(prev?.shutdown !== undefined && prev.shutdown.bootId === bootId ? { shutdown: prev.shutdown } : {}),
      cursors: events.collected.cursors,
      health: events.health,
      summaries,
      ...(signed === undefined ? {} : { sign: signed.chain }),
      ...(delivery.dropped + delivery.rejected > 0
        ? { delivery: { spoolDropped: delivery.dropped, rejected: delivery.rejected } }
        : {}),
    };
    if (unsaved === undefined) {
      try {
        saveState(config.state, next);
        for (const commit of events.collected.commits) commit();
      } catch (err) {
        if (!isStorageFailure(err)) throw err;
        unsaved = new StateUnsaved(config.state, err as Error);
      }
    }
    timings?.lap('save');
    if (unsaved !== undefined) warn(unsaved.message);
    return { exitCode: delivery.exitCode === 3 ? 3 : unsaved === undefined ? 0 : 4, sample };
  } finally {
    lock?.release();
  }
}

/**
 * The state stage: the previous run's state, or none. One that cannot be read is moved aside (when the
 * run can save a new one) and the run line says so: a new baseline, never a crash.
 */
function previousState(
  path: string,
  canSave: boolean,
  now: () => number,
  warn: (line: string) => void,
): { prev: State | undefined; warning: Field[] } {
  const loaded = loadState(path);
  if (loaded.kind === 'ok') return { prev: loaded.state, warning: [] };
  if (loaded.kind !== 'bad') return { prev: undefined, warning: [] };
  if (!canSave) {
    warn(`state file ${path} could not be read (${loaded.why}); starting a new baseline`);
    return { prev: undefined, warning: [['run.warning', 'state file unreadable']] };
  }
  const aside = moveAside(path, now());
  warn(`state file ${path} could not be read (${loaded.why}); moved to ${aside}, starting a new baseline`);
  return { prev: undefined, warning: [['run.warning', `state file unreadable, moved to ${aside}`]] };
}

/**
 * The read stage: the boot, the kernel's word size and the host name, and every enabled module at one
 * instant through one Sources. With no baseline for this boot and first_interval > 0 it takes one,
 * waits, and reads again, so the first run has rates too. /proc/uptime lower than the last sample's in
 * the same boot (a restored VM snapshot, a checkpointed container) means the old counters are not this
 * machine's past: a new baseline.
 */
async function readStage(
  opts: RunOptions,
  enabled: readonly Enabled[],
  prev: State | undefined,
  elapsedMs: () => number,
) {
  const sources = (): Sources => new Sources(opts.root, opts.statfs, opts.run);
  let src = sources();
  const [bootId, bits, host] = await Promise.all([
    src.attribute('proc/sys/kernel/random/boot_id'),
    kernelBits(src),
    src.attribute('proc/sys/kernel/hostname'),
  ]);
  let snap: Snapshot = await readAll(src, enabled, opts.timings);
  const sameBoot = prev !== undefined && (bootId !== undefined ? prev.bootId === bootId : snap.uptimeS >= prev.uptimeS);
  const uptimeBack = sameBoot && snap.uptimeS < prev.uptimeS;
  let baseline: { uptimeS: number; modules: ReadonlyMap<string, ModuleBaseline> } | undefined =
    sameBoot && !uptimeBack ? prev : undefined;
  let waitedMs = 0;
  if (baseline === undefined && opts.config.firstInterval > 0) {
    baseline = { uptimeS: snap.uptimeS, modules: baselinesOf(snap, new Map()) };
    const before = elapsedMs();
    await (opts.sleep ?? sleep)(opts.config.firstInterval * 1000);
    waitedMs = elapsedMs() - before;
    opts.timings?.lap('first-interval');
    src = sources();
    snap = await readAll(src, enabled, opts.timings);
  }
  return { snap, src, bootId, bits, host, sameBoot, uptimeBack, baseline, waitedMs } as const;
}
