import type { ModuleBaseline, SubjectBaseline } from '../derive/delta';
import { deadline } from '../core/deadline';
import { errorText, SourceMissing } from '../core/errors';
import { timed, type Timings } from '../core/timings';
import { uniqueSubjects } from '../format/subject';
import { MAX_SUBJECTS } from '../state/store';
import type { Module } from '../modules/types';
import type { ModuleSettings, Reading } from '../core/reading';
import type { Sources } from '../sources/read';
import { parseUptime } from '../sources/uptime';

export type ModuleResult =
  | { readonly ok: true; readonly readings: readonly Reading[]; readonly leftOut?: number }
  | { readonly ok: false; readonly missing: true; readonly why: string }
  | { readonly ok: false; readonly missing: false; readonly error: string };

/** Every module read at one instant, with the /proc/uptime they are compared by. */
export interface Snapshot {
  readonly uptimeS: number;
  readonly results: ReadonlyMap<string, ModuleResult>;
}

/** A sampling module the config turns on, its code loaded, with its settings. */
export interface Enabled {
  readonly name: string;
  readonly module: Module;
  readonly settings: ModuleSettings;
}

/**
 * However a module's sources behave (a helper command that hangs, a dead NFS server), it has this long:
 * then it is that module's error, and the run goes on with the others, saves and ends.
 */
export const MODULE_DEADLINE_MS = 30_000;

const U64_MAX = 2n ** 64n - 1n;

/**
 * The read stage: every enabled module through one Sources, the sample's (so shared files are read once). Each module runs in
 * its own try/catch: a module whose source this machine lacks is `missing`, any other failure is that
 * module's error, and the others are read all the same. With timings the modules are read one after
 * another, so that each one's time (`read.cpu`) is its own and not the others' too.
 */
export async function readAll(src: Sources, enabled: readonly Enabled[], timings?: Timings): Promise<Snapshot> {
  const uptimeS = parseUptime(await src.text('proc/uptime'));
  const readOne = async ({ name, module, settings }: Enabled): Promise<[string, ModuleResult]> => {
    try {
      const readings = await deadline(
        timed(timings, `read.${name}`, () => module.read(src, settings)),
        MODULE_DEADLINE_MS,
        `module ${name}`,
      );
      // kernel counters are u64: a larger number is not a kernel's (a hostile or broken source)
      for (const r of readings) {
        for (const [name, value] of Object.entries(r.counters))
          if (value > U64_MAX)
            throw new Error(
              `counter ${name}${r.subject === undefined ? '' : ` of ${r.subject}`} is above 2^64: ${value}`,
            );
      }
      const { kept, leftOut } = capSubjects(uniqueSubjects(readings));
      return [name, leftOut > 0 ? { ok: true, readings: kept, leftOut } : { ok: true, readings: kept }];
    } catch (err) {
      if (err instanceof SourceMissing) return [name, { ok: false, missing: true, why: err.message }];
      return [name, { ok: false, missing: false, error: errorText(err) }];
    }
  };
  if (timings === undefined) return { uptimeS, results: new Map(await Promise.all(enabled.map(readOne))) };
  const results: Array<[string, ModuleResult]> = [];
  for (const e of enabled) results.push(await readOne(e));
  return { uptimeS, results: new Map(results) };
}

/**
 * A module's first MAX_SUBJECTS subjects by name, and how many were left out: the state keeps no more
 * (its size is bounded whatever the machine runs), so a subject past them would be new on every run.
 * The same ones are kept every run, and the count is a key of its own (`<module>.subjects_left_out`).
 */
function capSubjects(readings: readonly Reading[]): { kept: Reading[]; leftOut: number } {
  const subjects = readings.filter((r) => r.subject !== undefined).map((r) => r.subject as string);
  if (subjects.length <= MAX_SUBJECTS) return { kept: [...readings], leftOut: 0 };
  const keep = new Set(subjects.sort().slice(0, MAX_SUBJECTS));
  return {
    kept: readings.filter((r) => r.subject === undefined || keep.has(r.subject)),
    leftOut: subjects.length - MAX_SUBJECTS,
  };
}

/**
 * The counters to keep for next time: each module read now, at this uptime; a module that failed keeps
 * the baseline it had (its next rates then cover the whole gap); a module this machine lacks keeps none.
 */
export function baselinesOf(
  snap: Snapshot,
  previous: ReadonlyMap<string, ModuleBaseline>,
): Map<string, ModuleBaseline> {
  const out = new Map<string, ModuleBaseline>();
  for (const [name, result] of snap.results) {
    if (result.ok) {
      const subjects = new Map<string, SubjectBaseline>();
      for (const r of result.readings) {
        if (r.error !== undefined || Object.keys(r.counters).length === 0) continue;
        subjects.set(
          r.subject ?? '',
          r.identity === undefined ? { counters: r.counters } : { counters: r.counters, identity: r.identity },
        );
      }
      out.set(name, { uptimeS: snap.uptimeS, subjects });
    } else if (!result.missing) {
      const kept = previous.get(name);
      if (kept !== undefined) out.set(name, kept);
    }
  }
  return out;
}
