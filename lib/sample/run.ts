import { hostname } from 'node:os';
import { spoolDir, type Config } from '../config/config';
import type { ModuleBaseline } from '../derive/delta';
import type { Field, ModuleFields, Ring, Sample } from '../core/sample';
import { Spool } from '../outputs/spool';
import { OutputFailure, type Output } from '../outputs/types';
import { collectEvents } from '../events/collect';
import { updateHealth } from '../events/health';
import { runCommand, type CommandRunner } from '../sources/command';
import { kernelBits } from '../sources/kernel-bits';
import { Sources, type FsStats } from '../sources/read';
import { errorText, StateUnsaved } from '../core/errors';
import { timed, type Timings } from '../core/timings';
import { isStorageFailure } from '../state/file';
import { acquireLock, type Lock } from '../state/lock';
import { loadState, moveAside, saveState, type State } from '../state/store';
import { deriveAll } from './derive-all';
import { enabledEventModules, enabledModules } from './enabled';
import { baselinesOf, readAll } from './read-all';
import { rawFields } from './raw';
import { summarise } from './summary';
import { SIGNED_LINE_BYTES, unsignedLines } from '../format/sample-lines';
import type { SignChain } from '../format/sign';
import { hostLabel } from '../format/subject';

/** The version of the line format: adding keys keeps it, renaming or removing one bumps it. */
export const LINE_FORMAT_VERSION = 1;

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

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One sample, end to end: lock, load the previous counters, read every module, derive, write to the
 * outputs (spooled samples first), save the new counters atomically, unlock. With no baseline for this
 * boot and first_interval > 0 it takes one, waits, and reads again, so the first run has rates too.
 */
export async function runSample(opts: RunOptions): Promise<RunResult> {
  const { config, root, timings } = opts;
  const now = opts.now ?? Date.now;
  const warn = opts.warn ?? ((line: string) => process.stderr.write(`flightlog: ${line}\n`));
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
    const enabled = await enabledModules(config, opts.modules);
    const src = new Sources(root);
    const [bootId, bits, host] = await Promise.all([
      src.attribute('proc/sys/kernel/random/boot_id'), kernelBits(src), src.attribute('proc/sys/kernel/hostname'),
    ]);
    const runFields: Field[] = [];
    const loaded = loadState(config.state);
    if (loaded.kind === 'bad' && unsaved === undefined) {
      const aside = moveAside(config.state, now());
      warn(`state file ${config.state} could not be read (${loaded.why}); moved to ${aside}, starting a new baseline`);
      runFields.push(['run.warning', `state file unreadable, moved to ${aside}`]);
    } else if (loaded.kind === 'bad') {
      warn(`state file ${config.state} could not be read (${loaded.why}); starting a new baseline`);
      runFields.push(['run.warning', 'state file unreadable']);
    }
    const prev = loaded.kind === 'ok' ? loaded.state : undefined;
    timings?.lap('state');

    let snap = await readAll(root, enabled, opts.statfs, opts.run, timings);
    timings?.lap('read');
    const sameBoot = prev !== undefined && (bootId !== undefined ? prev.bootId === bootId : snap.uptimeS >= prev.uptimeS);
    // /proc/uptime lower than the last sample's in the same boot (a restored VM snapshot, a checkpointed
    // container): the old counters are not this machine's past, so a new baseline, and the run line says why
    const uptimeBack = sameBoot && snap.uptimeS < prev.uptimeS;
    if (uptimeBack) runFields.push(['run.new_baseline', 'uptime_back']);
    let baseline: { uptimeS: number; modules: ReadonlyMap<string, ModuleBaseline> } | undefined = sameBoot && !uptimeBack ? prev : undefined;
    let waitedMs = 0;
    const elapsedMs = opts.elapsedMs ?? (() => process.uptime() * 1000);
    if (baseline === undefined && config.firstInterval > 0) {
      baseline = { uptimeS: snap.uptimeS, modules: baselinesOf(snap, new Map()) };
      const before = elapsedMs();
      await (opts.sleep ?? realSleep)(config.firstInterval * 1000);
      waitedMs = elapsedMs() - before;
      timings?.lap('first-interval');
      snap = await readAll(root, enabled, opts.statfs, opts.run, timings);
      timings?.lap('read');
    }
    const timeMs = now();
    const xid = Math.floor(timeMs / 1000);

    const withRates = baseline !== undefined;
    const intervalS = baseline === undefined ? undefined : snap.uptimeS - baseline.uptimeS;
    // runs that never happened are counted only against the previous run's own sample
    const sinceLastRun = sameBoot && !uptimeBack;
    const missed = sinceLastRun && intervalS !== undefined ? Math.max(0, Math.round(intervalS / config.interval) - 1) : 0;
    const modules: ModuleFields[] = [];
    let errors = 0;
    // multi-rate rings live on, across reboots too, while their module keeps its `every`
    const summaries: Record<string, Ring> = {};
    for (const { name, settings } of enabled) {
      const ring = prev?.summaries?.[name];
      if (settings.every !== undefined && ring !== undefined) summaries[name] = ring;
    }
    for (const { module, settings, fields: derived } of deriveAll(enabled, snap, baseline?.modules, { uptimeS: snap.uptimeS, kernelBits: bits, withRates })) {
      const result = snap.results.get(module);
      let fields = settings.raw && result?.ok ? [...derived, ...rawFields(module, result.readings)] : derived;
      const failed = fields.filter(([key]) => key.endsWith('.error'));
      errors += failed.length;
      if (settings.every !== undefined) {
        // errors are written when they happen; the values wait for the end of the window
        const { out, ring } = summarise(module, fields.filter(([key]) => !key.endsWith('.error')), summaries[module], { xid, interval: config.interval, every: settings.every });
        if (ring === undefined) delete summaries[module];
        else summaries[module] = ring;
        fields = [...failed, ...out];
      }
      if (fields.length > 0) modules.push({ module, fields });
    }
    timings?.lap('derive');

    const collected = await collectEvents(
      await enabledEventModules(config, opts.eventModules),
      { src: new Sources(root, opts.statfs, opts.run), bootId: bootId ?? '', prev, sameBoot, nowMs: timeMs, uptimeS: snap.uptimeS, run: opts.run ?? runCommand, statePath: config.state },
      sameBoot ? prev.cursors ?? {} : crossBootCursors(prev),
      config.events.maxPerModule,
      timings,
    );
    errors += collected.errors;
    const { health, fields: healthFields } = updateHealth(prev, sameBoot, snap.uptimeS, collected.crashes);
    if (config.modules.health !== false) modules.push(...collected.modules, { module: 'health', fields: healthFields });
    else modules.push(...collected.modules);
    timings?.lap('events');

    const run: Field[] = [['run.v', LINE_FORMAT_VERSION], ['run.version', opts.version]];
    if (intervalS !== undefined) run.push(['run.interval_s', intervalS]);
    run.push(['run.first', sameBoot ? 0 : 1]);
    if (prev !== undefined) run.push(['run.boot', sameBoot ? 'same' : 'new']);
    if (sinceLastRun) run.push(['run.missed', missed]);
    // raw counters are compared by the /proc/uptime they were read at, and wrap by the kernel's word size
    if (enabled.some((e) => e.settings.raw)) run.push(['run.uptime_s', snap.uptimeS], ['run.kernel_bits', bits]);
    run.push(['run.duration_ms', Math.round(elapsedMs() - waitedMs)], ['run.errors', errors], ...runFields);
    // what the previous run's delivery dropped from a full spool or set aside as refused, so the log says it too
    if (prev?.delivery !== undefined && prev.delivery.spoolDropped > 0) run.push(['run.spool_dropped_new', prev.delivery.spoolDropped]);
    if (prev?.delivery !== undefined && prev.delivery.rejected > 0) run.push(['run.rejected_new', prev.delivery.rejected]);
    let sample: Sample = { xid, timeMs, host: hostLabel(host || hostname()), modules: [{ module: 'run', fields: run }, ...modules], events: collected.events };
    let sign: SignChain | undefined;
    if (opts.signingKey !== undefined) {
      const { keyIdOf, signLines } = await import('../format/sign');
      // a chain goes on within a boot and with the same key; else it starts anew (seq 0), and verify says why
      const goesOn = sameBoot && prev.sign !== undefined && prev.sign.keyId === keyIdOf(opts.signingKey);
      const signed = signLines(unsignedLines(sample, SIGNED_LINE_BYTES), opts.signingKey, goesOn ? prev.sign : undefined);
      sample = { ...sample, signatures: signed.signatures };
      sign = signed.chain;
      timings?.lap('sign');
    }

    const delivery = await deliver(sample, opts.outputs, (output) => new Spool(spoolDir(config), output, config.spool.maxBytes), warn, timings);
    timings?.lap('deliver');
    const { exitCode } = delivery;
    const previousModules = sameBoot ? prev.modules : new Map<string, ModuleBaseline>();
    // two runs within one tick of /proc/uptime measure nothing: the old baseline stays, so whatever the
    // counters gained since it (an OOM kill) is counted by the next run, never lost
    const keepBaseline = sinceLastRun && intervalS !== undefined && intervalS <= 0;
    const next: State = {
      bootId: bootId ?? prev?.bootId ?? '',
      timeMs: keepBaseline ? prev.timeMs : timeMs,
      uptimeS: keepBaseline ? prev.uptimeS : snap.uptimeS,
      modules: keepBaseline ? prev.modules : baselinesOf(snap, previousModules),
      runs: { total: (prev?.runs.total ?? 0) + 1, missed: (prev?.runs.missed ?? 0) + missed },
      // a clean-shutdown mark made during this boot waits for the next boot's first sample
      ...(prev?.shutdown !== undefined && prev.shutdown.bootId === bootId ? { shutdown: prev.shutdown } : {}),
      cursors: collected.cursors,
      health,
      summaries,
      ...(sign === undefined ? {} : { sign }),
      ...(delivery.dropped + delivery.rejected > 0 ? { delivery: { spoolDropped: delivery.dropped, rejected: delivery.rejected } } : {}),
    };
    if (unsaved === undefined) {
      try {
        saveState(config.state, next);
        for (const commit of collected.commits) commit();
      } catch (err) {
        if (!isStorageFailure(err)) throw err;
        unsaved = new StateUnsaved(config.state, err as Error);
      }
    }
    timings?.lap('save');
    if (unsaved !== undefined) warn(unsaved.message);
    return { exitCode: exitCode === 3 ? 3 : unsaved === undefined ? 0 : 4, sample };
  } finally {
    lock?.release();
  }
}

/**
 * One line of a module that is not sampled (calibrate's table) written the way a sample is: under the
 * run lock, signed on to the host's chain when lines are signed (so verify finds no unsigned line), to
 * every output, spooled where one cannot take it. Exit status as runSample's.
 */
export async function deliverLine(opts: { config: Config; outputs: readonly Output[]; module: string; fields: readonly Field[]; signingKey?: Buffer; now?: () => number; warn?: (line: string) => void }): Promise<0 | 3 | 4> {
  const { config } = opts;
  const warn = opts.warn ?? ((line: string) => process.stderr.write(`flightlog: ${line}\n`));
  let lock: Lock | undefined;
  try {
    lock = acquireLock(`${config.state}.lock`);
  } catch (err) {
    if (!(err instanceof StateUnsaved)) throw err;
  }
  try {
    const src = new Sources('/');
    const [bootId, host] = await Promise.all([src.attribute('proc/sys/kernel/random/boot_id'), src.attribute('proc/sys/kernel/hostname')]);
    const loaded = loadState(config.state);
    const prev = loaded.kind === 'ok' ? loaded.state : undefined;
    const timeMs = (opts.now ?? Date.now)();
    let sample: Sample = { xid: Math.floor(timeMs / 1000), timeMs, host: hostLabel(host || hostname()), modules: [{ module: opts.module, fields: opts.fields }] };
    let sign: SignChain | undefined;
    if (opts.signingKey !== undefined) {
      const { keyIdOf, signLines } = await import('../format/sign');
      const goesOn = prev !== undefined && prev.bootId === bootId && prev.sign !== undefined && prev.sign.keyId === keyIdOf(opts.signingKey);
      const signed = signLines(unsignedLines(sample, SIGNED_LINE_BYTES), opts.signingKey, goesOn ? prev.sign : undefined);
      sample = { ...sample, signatures: signed.signatures };
      sign = signed.chain;
    }
    const delivery = await deliver(sample, opts.outputs, (output) => new Spool(spoolDir(config), output, config.spool.maxBytes), warn);
    // the chain goes on in the state; with no state yet the next sample starts a chain of its own
    if (lock !== undefined && prev !== undefined && sign !== undefined) saveState(config.state, { ...prev, sign });
    return lock === undefined && delivery.exitCode === 0 ? 4 : delivery.exitCode;
  } finally {
    lock?.release();
  }
}

/** Cursors that mean something across a reboot (a file offset, a time); kmsg and systemd start again with each boot. */
function crossBootCursors(prev: State | undefined): Record<string, unknown> {
  const { kmsg: _kmsg, systemd: _systemd, ...rest } = prev?.cursors ?? {};
  return rest;
}

/** What delivery did: the exit status it calls for, and what it dropped from a full spool or set aside as refused. */
interface Delivery {
  readonly exitCode: 0 | 3;
  readonly dropped: number;
  readonly rejected: number;
}

/**
 * Sends each output the samples it missed (its spool) and then this one. What an output took leaves
 * its spool; what it could not take stays there, in order, for the next run, so nothing is lost and
 * nothing sent twice. A sample an output refused for its content is set aside (Spool.setAside) and the
 * ones after it are sent on, so one bad sample never blocks the rest. An output that is catching up
 * may take only the oldest part of its spool within its time limit: it made progress and the rest
 * waits, which is not a failure. Exit 3 when no output took this sample or made such progress.
 */
async function deliver(sample: Sample, outputs: readonly Output[], spoolOf: (output: string) => Spool, warn: (line: string) => void, timings?: Timings): Promise<Delivery> {
  let dropped = 0;
  let rejected = 0;
  const took = await Promise.all(outputs.map((output) => timed(timings, `deliver.${output.name}`, () => toOutput(output))));
  return { exitCode: took.some(Boolean) ? 0 : 3, dropped, rejected };

  /** Whether this output took the sample, or made progress on its spool. */
  async function toOutput(output: Output): Promise<boolean> {
    const spool = spoolOf(output.name);
    let pending = [...spool.load(), sample];
    const spooledBefore = pending.length > 1;
    for (;;) {
      let delivered = pending.length;
      let failure: Error | undefined;
      try {
        const n = await output.write(pending);
        if (typeof n === 'number') delivered = n;
      } catch (err) {
        failure = err as Error;
        delivered = err instanceof OutputFailure ? err.delivered : 0;
        const poison = pending[delivered];
        if (err instanceof OutputFailure && err.rejected && poison !== undefined) {
          rejected++;
          try {
            spool.setAside(poison);
            warn(`output ${output.name} refused sample xid=${poison.xid} for good (${err.message}); it is set aside in its spool's ${output.name}.rejected.jsonl`);
          } catch (keep) {
            warn(`output ${output.name} refused sample xid=${poison.xid} for good (${err.message}), and it could not be set aside (${errorText(keep)}): it is dropped`);
          }
          pending = pending.slice(delivered + 1);
          if (pending.length > 0) continue;
          if (spooledBefore) spool.clear();
          return poison !== sample;
        }
      }
      const left = pending.slice(delivered);
      const tookThis = !left.includes(sample);
      const [first] = left;
      // a sample this output took part of keeps the count, and the rest is all it is sent next time
      const partLines = failure instanceof OutputFailure ? failure.partLines : 0;
      if (first !== undefined && partLines > 0) left[0] = { ...first, linesSent: (first.linesSent ?? 0) + partLines };
      let kept = 0;
      try {
        if (left.length === 0) {
          if (spooledBefore) spool.clear();
        } else {
          const droppedNow = spool.store(left);
          dropped += droppedNow;
          kept = left.length - droppedNow;
          if (droppedNow > 0) warn(`spool of output ${output.name} is full: ${droppedNow} oldest sample(s) dropped`);
        }
      } catch (err) {
        warn(`output ${output.name}: ${left.length} sample(s) could not be spooled (${errorText(err)}) and are lost for it`);
      }
      if (failure !== undefined) warn(`output ${output.name} failed: ${failure.message}; ${kept} sample(s) wait in its spool`);
      return failure === undefined ? delivered > 0 : tookThis;
    }
  }
}
