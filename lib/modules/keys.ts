import { count, gauge, type KeyDoc, mark, type ModuleEntry, text } from './entry';
import { MODULES } from './registry';

/**
 * The run line's keys (written by the run itself, not by a module), and the marks every module may
 * write: they are in the README's table and in Prometheus' help like the modules' keys.
 */
export const RUN_KEYS: readonly KeyDoc[] = [
  gauge('run.v', 'version', 'version of the line format (renaming or removing a key bumps it)'),
  text('run.version', "flightlog's version"),
  gauge('run.interval_s', 's', 'seconds since the previous sample (`/proc/uptime`)'),
  gauge('run.first', '0/1', '1 when there was no earlier sample this boot'),
  text('run.boot', '`same`, or `new` after a reboot (changed `boot_id`); absent on the very first run'),
  gauge(
    'run.missed',
    'count',
    'runs that should have happened in between and did not: round(interval / `interval`) − 1',
  ),
  gauge('run.duration_ms', 'ms', "the run's own time, start-up included, the first-run wait excluded"),
  gauge('run.errors', 'count', 'modules (or subjects) that failed this run'),
  text('run.warning', 'something was repaired (an unreadable state file was moved aside)'),
  text(
    'run.new_baseline',
    '`uptime_back`: `/proc/uptime` went back within the boot (a restored snapshot), so no rates this run',
  ),
  count('run.spool_dropped_new', 'samples the previous run dropped from a full spool (written when not 0)'),
  count('run.rejected_new', 'samples set aside because an output refused them for good (written when not 0)'),
  text('run.error', '`not sampled: …`: the run could not sample (a config mistake), and why'),
  gauge('run.uptime_s', 's', '`/proc/uptime` of the sample, written when a module has `raw: true`'),
  gauge('run.kernel_bits', 'bits', "the kernel's word size, written when a module has `raw: true`"),
];

/** Marks any module may write for itself or a subject. */
export const MARKS: readonly KeyDoc[] = [
  mark('<module>.new', 'the module had no previous sample: its rates are left out this run'),
  mark('<module>.<subject>.new', 'a subject the previous sample did not have: its rates are left out this run'),
  mark('<module>.reset', 'its counters stepped back: its rates are left out this run'),
  mark(
    '<module>.<subject>.reset',
    "the subject's counters restarted, or it is another device under its name (ifindex, diskseq)",
  ),
  text('<module>.error', 'the module failed this run, and why; every other module still writes'),
  text('<module>.<subject>.error', 'this subject alone could not be read'),
  count('<module>.events_omitted_new', 'events beyond `events.max_per_module` this run, only counted'),
  gauge(
    '<module>.subjects_left_out',
    'count',
    'subjects past the 512 a module keeps (by name): left out of the sample and the state, every run alike',
  ),
  gauge('<module>.summary_runs', 'count', 'multi-rate (`every: N`): the runs the window holds'),
  gauge('<module>.summary_s', 's', 'multi-rate (`every: N`): the time the window covers'),
];

/** What a placeholder in a documented key stands for: one word of a key, or part of one. */
const PLACEHOLDER = /<[A-Za-z]+>/g;
const HAS_PLACEHOLDER = /<[A-Za-z]+>/;

/** Each documented key as a pattern, with the module that documents it (none for the run line's keys and the marks). */
let patterns:
  | Array<{ readonly re: RegExp; readonly doc: KeyDoc; readonly literal: boolean; readonly module?: ModuleEntry }>
  | undefined;

/** The documented key a written key is an instance of, and its module. */
function lookUp(key: string): { readonly doc: KeyDoc; readonly module?: ModuleEntry } | undefined {
  patterns ??= [
    ...RUN_KEYS.map((doc) => ({ doc })),
    ...MODULES.flatMap((module) => module.docs().keys.map((doc) => ({ doc, module }))),
    ...MARKS.map((doc) => ({ doc })),
  ].map((p) => {
    const parts = p.doc[0].split(PLACEHOLDER).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return { ...p, re: new RegExp(`^${parts.join('[A-Za-z0-9_-]+?')}$`), literal: !HAS_PLACEHOLDER.test(p.doc[0]) };
  });
  // a literal key first (`nfs.rpc.calls_per_s` before `nfs.<version>.<op>_per_s`), then the patterns in order
  return patterns.find((p) => p.literal && p.re.test(key)) ?? patterns.find((p) => p.re.test(key));
}

/** The documented key a written key is an instance of (`net.eth0.rx_bytes_per_s` → `net.<if>.rx_bytes_per_s`), or undefined. */
export const keyDocOf = (key: string): KeyDoc | undefined => lookUp(key)?.doc;

/** Whether a key is one a sampling module writes, as its entry documents it (a load sensor reports only those). */
export const isSamplingKey = (key: string): boolean => lookUp(key)?.module?.kind === 'sampling';

/**
 * Prometheus' `# HELP` of a key: the key as documented, its unit and kind, and where it comes from. A
 * multi-rate summary (`cpu.busy_pct_max`) is described as the key it sums up.
 */
export function describeKey(key: string): string | undefined {
  const doc = keyDocOf(key);
  const summary = doc === undefined ? /^(.*)_(min|avg|max)$/.exec(key) : null;
  const of = summary === null ? doc : keyDocOf(summary[1] as string);
  if (of === undefined) return undefined;
  const [documented, unit, kind, source] = of;
  return `flightlog key ${documented}${summary === null ? '' : ` (its ${summary[2]} over the multi-rate window)`}, ${unit}, ${kind}: ${source}`;
}
