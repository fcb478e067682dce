import { readFileSync } from 'node:fs';
import { hostname, constants } from 'node:os';
import type { Config } from '../config/config';
import { monotonicMs } from '../core/clock';
import type { Field, ModuleFields, Sample } from '../core/sample';
import { readPageSize } from '../sources/auxv';
import { kernelBits } from '../sources/kernel-bits';
import { parseProcIo } from '../sources/proc-io';
import { parseProcStat } from '../sources/proc-stat';
import { Sources } from '../sources/read';
import { deriveAll } from './derive-all';
import { readTree, type TreeTotals } from '../sources/process-tree';
import { ticksToS, treeRates } from '../derive/tree';
import { enabledModules } from './enabled';
import { baselinesOf, readAll, type Snapshot } from './read-all';
import { hostLabel } from '../format/subject';
import { say } from '../core/say';
import { inGroup, makeRecordGroup, type MemoryCgroup, ownMemoryCgroup, type RecordGroup } from './record-group';

export interface RecordOptions {
  readonly config: Config;
  readonly root: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly intervalS: number;
  /** takes each sample as it is made (the file or stdout) */
  readonly write: (sample: Sample) => Promise<void>;
  readonly now?: () => number;
}

export interface RecordResult {
  /** CMD's exit status, 128 + the signal's number when a signal ended it, 127 when it could not start */
  readonly exitCode: number;
  readonly summary: Field[];
  readonly samples: number;
}

/**
 * `flightlog record -- CMD ARGS…`: runs CMD (no shell; stdin, stdout and stderr are the terminal's) and
 * samples every interval while it runs, writing the configured modules' keys and the tree's:
 *   record.procs, record.threads     processes and threads of CMD's tree (CMD and all its descendants)
 *   record.rss_bytes                 their resident memory now
 *   record.cpu_pct                   their CPU time over the interval, a share of the machine's online CPUs
 *                                    (on four CPUs, 50 = two CPUs busy), as cpu.busy_pct
 *   record.read_bytes_per_s, record.write_bytes_per_s   their storage I/O (/proc/<pid>/io)
 * and at the end one summary line:
 *   record.exit_status or record.signal   how CMD ended
 *   record.wall_s                    from start to end
 *   record.user_s, record.system_s   CPU time of the whole tree: the cutime and cstime flightlog gained
 *                                    by waiting for CMD (every descendant waited for is in them), less
 *                                    what the helper commands of the modules took (nvidia-smi, ping…)
 *   record.helpers_cpu_s             that CPU time of the helper commands, when there was any. It is
 *                                    measured over each sampling pass; a pass during which CMD ended
 *                                    cannot be told apart, and its helpers stay in user_s/system_s
 *   record.peak_rss_bytes            the larger of: the tree's largest RSS total seen at a sample, and the
 *                                    largest VmHWM (peak RSS) of any one process seen; left out when
 *                                    CMD ended before any sample saw it (never 0)
 *   record.peak_mem_bytes            the peak of the memory the kernel charged to CMD's tree, exact to the
 *                                    instant (anonymous memory, the page cache it brought in, the kernel's
 *                                    own for it): where flightlog can make a memory cgroup for CMD
 *                                    (record-group.ts), left out elsewhere
 *   record.read_bytes, record.write_bytes   storage I/O of the whole tree (/proc/self/io gains each
 *                                    waited-for child's), with the few KB of the record's own lines
 *   record.samples, record.command
 * SIGINT and SIGTERM are passed on to CMD; flightlog waits for it and ends with its status.
 */
export async function runRecord(opts: RecordOptions): Promise<RecordResult> {
  const { config, intervalS } = opts;
  const now = opts.now ?? Date.now;
  const enabled = await enabledModules(config);
  const machine = new Sources('/');
  const src = new Sources(opts.root);
  const [bits, pageSize, host] = await Promise.all([
    kernelBits(src),
    readPageSize(machine),
    src.attribute('proc/sys/kernel/hostname'),
  ]);
  let snap: Snapshot = await readAll(new Sources(opts.root), enabled);

  const { execa } = await import('execa');
  const selfBefore = childTimes();
  const ioBefore = ownIo();
  const started = monotonicMs();
  const group = memoryGroup(opts.command, opts.args);
  const [file, argv] = group?.commandLine ?? [opts.command, [...opts.args]];
  const child = execa(file, argv, { stdio: 'inherit', reject: false, buffer: false });
  // CMD is waited for (and its CPU time added to ours) in the same callback that emits 'exit'
  let reaped = false;
  child.once('exit', () => {
    reaped = true;
  });
  // what the modules' helper commands cost, measured around each pass: they are waited for like CMD
  const helpers = { user: 0n, system: 0n };
  const measured = async <T>(pass: () => Promise<T>): Promise<T> => {
    const before = childTimes();
    const reapedBefore = reaped;
    const result = await pass();
    const after = childTimes();
    if (reaped === reapedBefore) {
      helpers.user += after.user - before.user;
      helpers.system += after.system - before.system;
    }
    return result;
  };
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  let ended = false;
  const done = child.then((r) => {
    ended = true;
    return r;
  });

  let samples = 0;
  let peakRss = 0;
  let maxHwm = 0;
  // the tree is timed by this process's monotonic clock: it lives on this machine whatever --root says
  const firstTree = child.pid === undefined ? undefined : await readTree(machine, child.pid, pageSize);
  let lastTree: { totals: TreeTotals; atS: number } | undefined = firstTree && {
    totals: firstTree,
    atS: monotonicMs() / 1000,
  };
  try {
    for (;;) {
      // samples fall just after a whole multiple of the interval on the wall clock, so two samples never
      // share an xid (whole seconds), even when one of them is late
      const periodMs = intervalS * 1000;
      const wait = (Math.floor(now() / periodMs) + 1) * periodMs + 5 - now();
      const timer = new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, wait)).unref());
      await Promise.race([timer, done]);
      if (ended || child.pid === undefined) break;
      const next = await measured(() => readAll(new Sources(opts.root), enabled));
      const tree = await readTree(machine, child.pid, pageSize);
      if (tree === undefined) continue;
      peakRss = Math.max(peakRss, tree.rssBytes);
      maxHwm = Math.max(maxHwm, tree.maxHwmBytes);
      const fields: Field[] = [
        ['record.procs', tree.procs],
        ['record.threads', tree.threads],
        ['record.rss_bytes', tree.rssBytes],
      ];
      const atS = monotonicMs() / 1000;
      if (lastTree !== undefined) fields.push(...treeRates(lastTree.totals, tree, atS - lastTree.atS));
      lastTree = { totals: tree, atS };
      const derived = deriveAll(enabled, next, baselinesOf(snap, new Map()), {
        uptimeS: next.uptimeS,
        kernelBits: bits,
        withRates: true,
      });
      snap = next;
      const timeMs = now();
      const modules: ModuleFields[] = [
        { module: 'record', fields },
        ...derived.filter((d) => d.fields.length > 0).map((d) => ({ module: d.module, fields: d.fields })),
      ];
      await opts.write({ xid: Math.floor(timeMs / 1000), timeMs, host: hostLabel(host || hostname()), modules });
      samples++;
    }
    const result = await done;
    const wallS = (monotonicMs() - started) / 1000;
    const peakMem = group?.peakBytes();
    const left = group?.remove();
    if (left !== undefined) say(left);
    const selfAfter = childTimes();
    const ioAfter = ownIo();
    const signal = result.signal ?? undefined;
    const notStarted = (result as { code?: string }).code === 'ENOENT' || child.pid === undefined;
    const exitCode = notStarted
      ? 127
      : signal !== undefined
        ? 128 + (constants.signals[signal] ?? 0)
        : (result.exitCode ?? 1);
    const summary: Field[] = [
      signal === undefined ? ['record.exit_status', exitCode] : ['record.signal', signal],
      ['record.wall_s', wallS],
      ['record.user_s', ticksToS(selfAfter.user - selfBefore.user - helpers.user)],
      ['record.system_s', ticksToS(selfAfter.system - selfBefore.system - helpers.system)],
      ...(helpers.user + helpers.system > 0n
        ? [['record.helpers_cpu_s', ticksToS(helpers.user + helpers.system)] as Field]
        : []),
      // never seen (a command that ended before the first sample): left out, not 0
      ...(Math.max(peakRss, maxHwm) > 0 ? [['record.peak_rss_bytes', Math.max(peakRss, maxHwm)] as Field] : []),
      ...(peakMem !== undefined ? [['record.peak_mem_bytes', peakMem] as Field] : []),
      ...(ioBefore !== undefined && ioAfter !== undefined
        ? [
            ['record.read_bytes', ioAfter.read - ioBefore.read] as Field,
            ['record.write_bytes', ioAfter.write - ioBefore.write] as Field,
          ]
        : []),
      ['record.samples', samples],
      ['record.command', [opts.command, ...opts.args].map(shellWord).join(' ')],
    ];
    if (notStarted)
      summary.push([
        'record.error',
        `cannot run ${opts.command}: ${(result as { code?: string }).code === 'ENOENT' ? 'no such command' : String((result as { shortMessage?: string }).shortMessage).split('\n')[0]}`,
      ]);
    const timeMs = now();
    await opts.write({
      xid: Math.floor(timeMs / 1000),
      timeMs,
      host: hostLabel(host || hostname()),
      modules: [{ module: 'record', fields: summary }],
    });
    return { exitCode, summary, samples };
  } finally {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  }
}

/**
 * The memory cgroup CMD runs in, made in flightlog's own, with the command line that starts CMD inside
 * it; undefined (and no group left) where there can be none: see makeRecordGroup and inGroup.
 */
function memoryGroup(
  command: string,
  args: readonly string[],
): (RecordGroup & { commandLine: [string, string[]] }) | undefined {
  let own: MemoryCgroup | undefined;
  try {
    own = ownMemoryCgroup(readFileSync('/proc/self/cgroup', 'utf8'), readFileSync('/proc/self/mountinfo', 'utf8'));
  } catch {
    return undefined;
  }
  const group = own && makeRecordGroup(own, process.pid);
  if (group === undefined) return undefined;
  const commandLine = inGroup(group, command, args);
  if (commandLine === undefined) {
    group.remove();
    return undefined;
  }
  return { ...group, commandLine };
}

/** A word as a shell would need it: quoted when it holds more than letters, digits and _./:=@%+,- . */
const shellWord = (word: string): string =>
  /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * This process's storage I/O (read_bytes, write_bytes of /proc/self/io), which the kernel adds a
 * child's to when the child is waited for, like its CPU time: the difference across CMD's run is the
 * whole tree's, short-lived children too (and the few KB of the record's own lines). Undefined where
 * the kernel has no I/O accounting.
 */
function ownIo(): { read: number; write: number } | undefined {
  try {
    const io = parseProcIo(readFileSync('/proc/self/io', 'utf8'));
    return io === undefined ? undefined : { read: Number(io.readBytes), write: Number(io.writeBytes) };
  } catch {
    return undefined;
  }
}

/** The CPU time of the children this process has waited for (cutime, cstime of /proc/self/stat), in ticks. */
function childTimes(): { user: bigint; system: bigint } {
  const s = parseProcStat(readFileSync('/proc/self/stat', 'utf8'));
  return { user: s.childUserTicks, system: s.childSystemTicks };
}
