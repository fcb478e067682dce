import { readFileSync, renameSync } from 'node:fs';
import type { ModuleBaseline, SubjectBaseline } from '../derive/delta';
import type { SignChain } from '../format/sign';
import type { Ring } from '../core/sample';
import { writeAtomically } from '../io/file';
import type { Rule } from '../core/rule';
import { check } from '../core/rule-check';

export const STATE_VERSION = 1;

/** At most this many subjects per module are kept (NICs, disks, mounts), so the file stays small whatever the machine runs. */
export const MAX_SUBJECTS = 512;

/**
 * The state file: the previous sample's raw counters, never rates. JSON:
 *   { v, boot_id, time_ms, uptime_s,
 *     modules: { <module>: { uptime_s, subjects: { <subject or "">: { counters: { name: "decimal" }, identity? } } } },
 *     runs: { total, missed }, shutdown?: { boot_id, time_ms, uptime_s }, cursors?: { <module>: … },
 *     health?: { operational_s, crashfree_s, crashes, per_program: { <name>: n } },
 *     summaries?: { <module>: { window, runs, keys: { <key>: [min, sum, max, n] or "text" } } },
 *     sign?: { key_id, seq, mac }, delivery?: { spool_dropped, rejected } }
 * Counters are decimal strings (u64 do not fit a JSON number). Each module keeps the uptime of the
 * sample its counters came from: a module that failed keeps its older baseline.
 */
export interface State {
  readonly bootId: string;
  readonly timeMs: number;
  readonly uptimeS: number;
  readonly modules: ReadonlyMap<string, ModuleBaseline>;
  readonly runs: { readonly total: number; readonly missed: number };
  /** written by `flightlog mark-shutdown` as the machine goes down: which boot ended cleanly, and when */
  readonly shutdown?: { readonly bootId: string; readonly timeMs: number; readonly uptimeS: number };
  /** each event module's cursor (an offset, a sequence number), as the module wrote it */
  readonly cursors?: Readonly<Record<string, unknown>>;
  /** memfaultd's health figures, kept across reboots */
  readonly health?: Health;
  /** multi-rate modules: what each gathered in its current window (lib/sample/summary.ts), kept across reboots */
  readonly summaries?: Readonly<Record<string, Ring>>;
  /** signed lines: where the chain of this host's lines ends (lib/format/sign.ts) */
  readonly sign?: SignChain;
  /** what this run's delivery dropped from a full spool and set aside as refused: the next run line says it */
  readonly delivery?: { readonly spoolDropped: number; readonly rejected: number };
}

/** Operational and crash-free time (seconds), crashes in all and per program (at most MAX_SUBJECTS names). */
export interface Health {
  readonly operationalS: number;
  readonly crashfreeS: number;
  readonly crashes: number;
  readonly perProgram: Readonly<Record<string, number>>;
}

export type Loaded =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly state: State }
  | { readonly kind: 'bad'; readonly why: string };

export function loadState(path: string): Loaded {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'none' };
    return { kind: 'bad', why: (err as Error).message };
  }
  try {
    return { kind: 'ok', state: decode(JSON.parse(text)) };
  } catch (err) {
    return { kind: 'bad', why: (err as Error).message };
  }
}

export function saveState(path: string, state: State): void {
  writeAtomically(path, `${JSON.stringify(encode(state))}\n`, 0o600);
}

/** Moves an unreadable state file out of the way (kept for a look), returning its new name. */
export function moveAside(path: string, nowMs: number): string {
  const stamp = new Date(nowMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const aside = `${path}.bad-${stamp}`;
  renameSync(path, aside);
  return aside;
}

function encode(state: State): unknown {
  const modules: Record<string, unknown> = {};
  for (const [name, mod] of state.modules) {
    const subjects: Record<string, unknown> = {};
    for (const [subject, base] of [...mod.subjects].slice(0, MAX_SUBJECTS)) {
      const counters: Record<string, string> = {};
      for (const [k, v] of Object.entries(base.counters)) counters[k] = v.toString();
      subjects[subject] = base.identity === undefined ? { counters } : { counters, identity: base.identity };
    }
    modules[name] = { uptime_s: mod.uptimeS, subjects };
  }
  const shutdown =
    state.shutdown === undefined
      ? {}
      : {
          shutdown: {
            boot_id: state.shutdown.bootId,
            time_ms: state.shutdown.timeMs,
            uptime_s: state.shutdown.uptimeS,
          },
        };
  const cursors = state.cursors === undefined ? {} : { cursors: state.cursors };
  const h = state.health;
  const health =
    h === undefined
      ? {}
      : {
          health: {
            operational_s: h.operationalS,
            crashfree_s: h.crashfreeS,
            crashes: h.crashes,
            per_program: Object.fromEntries(Object.entries(h.perProgram).slice(0, MAX_SUBJECTS)),
          },
        };
  const summaries =
    state.summaries === undefined || Object.keys(state.summaries).length === 0 ? {} : { summaries: state.summaries };
  const sign =
    state.sign === undefined ? {} : { sign: { key_id: state.sign.keyId, seq: state.sign.seq, mac: state.sign.mac } };
  const delivery =
    state.delivery === undefined
      ? {}
      : { delivery: { spool_dropped: state.delivery.spoolDropped, rejected: state.delivery.rejected } };
  return {
    v: STATE_VERSION,
    boot_id: state.bootId,
    time_ms: state.timeMs,
    uptime_s: state.uptimeS,
    modules,
    runs: state.runs,
    ...shutdown,
    ...cursors,
    ...health,
    ...summaries,
    ...sign,
    ...delivery,
  };
}

// a state file is trusted only as far as a real machine could have written it: no negative or absurd figures
const seconds: Rule = { kind: 'number', min: 0, max: 1e10 }; // 317 years
const epochMs: Rule = { kind: 'number', min: 0, max: 1e14 }; // the year 5138
const count: Rule = { kind: 'number', min: 0, max: Number.MAX_SAFE_INTEGER, integer: true };
const text: Rule = { kind: 'word', pattern: { test: () => true }, fix: 'write text' };
const name = { key: /^/, keyFix: 'any name' } as const;
/** a u64 counter: a JSON number cannot hold one */
const u64: Rule = {
  kind: 'word',
  pattern: { test: (v: string) => /^\d{1,20}$/.test(v) && BigInt(v) < 2n ** 64n },
  fix: 'a counter is a decimal string below 2^64',
};

/** The state file's shape (see State), checked by the config file's checker before anything is taken from it. */
const STATE_RULE: Rule = {
  kind: 'object',
  required: ['v', 'boot_id', 'time_ms', 'uptime_s', 'modules', 'runs'],
  fields: {
    v: { kind: 'number', min: STATE_VERSION, max: STATE_VERSION },
    boot_id: text,
    time_ms: epochMs,
    uptime_s: seconds,
    modules: {
      kind: 'map',
      ...name,
      of: {
        kind: 'object',
        required: ['uptime_s', 'subjects'],
        fields: {
          uptime_s: seconds,
          subjects: {
            kind: 'map',
            ...name,
            of: {
              kind: 'object',
              required: ['counters'],
              fields: { counters: { kind: 'map', ...name, of: u64 }, identity: text },
            },
          },
        },
      },
    },
    runs: { kind: 'object', required: ['total', 'missed'], fields: { total: count, missed: count } },
    shutdown: {
      kind: 'object',
      required: ['boot_id', 'time_ms', 'uptime_s'],
      fields: { boot_id: text, time_ms: epochMs, uptime_s: seconds },
    },
    cursors: { kind: 'map', ...name, of: { kind: 'any' } },
    health: {
      kind: 'object',
      required: ['operational_s', 'crashfree_s', 'crashes', 'per_program'],
      fields: {
        operational_s: seconds,
        crashfree_s: seconds,
        crashes: count,
        per_program: { kind: 'map', ...name, of: count },
      },
    },
    summaries: {
      kind: 'map',
      ...name,
      of: {
        kind: 'object',
        required: ['window', 'runs', 'keys'],
        fields: {
          window: count,
          runs: count,
          keys: {
            kind: 'map',
            ...name,
            of: {
              kind: 'either',
              of: [text, { kind: 'list', length: 4, of: { kind: 'number', min: -Number.MAX_VALUE } }],
              what: '[min, sum, max, n] or text',
            },
          },
        },
      },
    },
    sign: { kind: 'object', required: ['key_id', 'seq', 'mac'], fields: { key_id: text, seq: count, mac: text } },
    delivery: {
      kind: 'object',
      required: ['spool_dropped', 'rejected'],
      fields: { spool_dropped: count, rejected: count },
    },
  },
};

/** The state file as written by encode, checked against STATE_RULE (an error names the value and what is wrong). */
interface Raw {
  readonly v: number;
  readonly boot_id: string;
  readonly time_ms: number;
  readonly uptime_s: number;
  readonly modules: Record<
    string,
    { uptime_s: number; subjects: Record<string, { counters: Record<string, string>; identity?: string }> }
  >;
  readonly runs: { total: number; missed: number };
  readonly shutdown?: { boot_id: string; time_ms: number; uptime_s: number };
  readonly cursors?: Record<string, unknown>;
  readonly health?: {
    operational_s: number;
    crashfree_s: number;
    crashes: number;
    per_program: Record<string, number>;
  };
  readonly summaries?: Record<string, { window: number; runs: number; keys: Ring['keys'] }>;
  readonly sign?: { key_id: string; seq: number; mac: string };
  readonly delivery?: { spool_dropped: number; rejected: number };
}

function decode(value: unknown): State {
  // a version of its own first: a file of another version is not this shape, and says so plainly
  const v = (value as { v?: unknown } | null)?.v;
  if (v !== STATE_VERSION) throw new Error(`state file: version ${JSON.stringify(v)}, expected ${STATE_VERSION}`);
  const problem =
    value === null || typeof value !== 'object'
      ? { path: '', what: 'not a JSON object' }
      : check(value, STATE_RULE, '');
  if (problem !== undefined) throw new Error(`state file: ${problem.path ? `${problem.path}: ` : ''}${problem.what}`);
  const o = value as Raw;
  const modules = new Map<string, ModuleBaseline>(
    Object.entries(o.modules).map(([module, m]) => [
      module,
      {
        uptimeS: m.uptime_s,
        subjects: new Map<string, SubjectBaseline>(
          Object.entries(m.subjects).map(([subject, s]) => {
            const counters = Object.fromEntries(Object.entries(s.counters).map(([k, c]) => [k, BigInt(c)]));
            return [subject, s.identity === undefined ? { counters } : { counters, identity: s.identity }];
          }),
        ),
      },
    ]),
  );
  return {
    ...(o.shutdown && {
      shutdown: { bootId: o.shutdown.boot_id, timeMs: o.shutdown.time_ms, uptimeS: o.shutdown.uptime_s },
    }),
    ...(o.delivery && {
      delivery: { spoolDropped: o.delivery.spool_dropped, rejected: o.delivery.rejected },
    }),
    ...(o.cursors && { cursors: o.cursors }),
    ...(o.health && {
      health: {
        operationalS: o.health.operational_s,
        crashfreeS: o.health.crashfree_s,
        crashes: o.health.crashes,
        perProgram: o.health.per_program,
      },
    }),
    ...(o.sign && { sign: { keyId: o.sign.key_id, seq: o.sign.seq, mac: o.sign.mac } }),
    ...(o.summaries && Object.keys(o.summaries).length > 0 && { summaries: o.summaries }),
    bootId: o.boot_id,
    timeMs: o.time_ms,
    uptimeS: o.uptime_s,
    modules,
    runs: { total: o.runs.total, missed: o.runs.missed },
  };
}
