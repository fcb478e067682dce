import { readFileSync, renameSync } from 'node:fs';
import type { ModuleBaseline, SubjectBaseline } from '../derive/delta';
import type { SignChain } from '../format/sign';
import type { Ring } from '../core/sample';
import { writeAtomically } from '../io/file';

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

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function need<T>(ok: boolean, value: T, what: string): T {
  if (!ok) throw new Error(`state file: ${what}`);
  return value;
}

function decode(raw: unknown): State {
  const o = need(isObject(raw), raw as Record<string, unknown>, 'not a JSON object');
  need(o.v === STATE_VERSION, 0, `version ${JSON.stringify(o.v)}, expected ${STATE_VERSION}`);
  const num = (v: unknown, what: string): number =>
    need(typeof v === 'number' && Number.isFinite(v), v as number, `${what} is not a number`);
  // a state file is trusted only as far as a real machine could have written it: no negative or absurd figures
  const inRange =
    (max: number) =>
    (v: unknown, what: string): number =>
      need(num(v, what) >= 0 && (v as number) <= max, v as number, `${what} is out of range: ${String(v)}`);
  const seconds = inRange(1e10); // 317 years
  const epochMs = inRange(1e14); // the year 5138
  const count = (v: unknown, what: string): number =>
    need(Number.isSafeInteger(inRange(Number.MAX_SAFE_INTEGER)(v, what)), v as number, `${what} is not a whole number`);
  const modules = new Map<string, ModuleBaseline>();
  for (const [name, m] of Object.entries(
    need(isObject(o.modules), o.modules as Record<string, unknown>, 'modules missing'),
  )) {
    const mod = need(isObject(m), m as Record<string, unknown>, `modules.${name} is not an object`);
    const subjects = new Map<string, SubjectBaseline>();
    for (const [subject, s] of Object.entries(
      need(isObject(mod.subjects), mod.subjects as Record<string, unknown>, `modules.${name}.subjects missing`),
    )) {
      const sub = need(
        isObject(s) && isObject(s.counters),
        s as Record<string, unknown>,
        `modules.${name}.${subject} has no counters`,
      );
      const counters: Record<string, bigint> = {};
      for (const [k, v] of Object.entries(sub.counters as Record<string, unknown>)) {
        counters[k] = BigInt(
          need(
            typeof v === 'string' && /^\d{1,20}$/.test(v) && BigInt(v) < 2n ** 64n,
            v as string,
            `counter ${name}.${subject}.${k} is not a u64 decimal string`,
          ),
        );
      }
      const identity = sub.identity;
      need(identity === undefined || typeof identity === 'string', 0, `identity of ${name}.${subject} is not a string`);
      subjects.set(subject, identity === undefined ? { counters } : { counters, identity: identity as string });
    }
    modules.set(name, { uptimeS: seconds(mod.uptime_s, `modules.${name}.uptime_s`), subjects });
  }
  const runs = need(isObject(o.runs), o.runs as Record<string, unknown>, 'runs missing');
  const sd =
    o.shutdown === undefined
      ? undefined
      : need(isObject(o.shutdown), o.shutdown as Record<string, unknown>, 'shutdown is not an object');
  const shutdown =
    sd === undefined
      ? {}
      : {
          shutdown: {
            bootId: need(typeof sd.boot_id === 'string', sd.boot_id as string, 'shutdown.boot_id missing'),
            timeMs: epochMs(sd.time_ms, 'shutdown.time_ms'),
            uptimeS: seconds(sd.uptime_s, 'shutdown.uptime_s'),
          },
        };
  const cursors =
    o.cursors === undefined
      ? {}
      : { cursors: need(isObject(o.cursors), o.cursors as Record<string, unknown>, 'cursors is not an object') };
  const hr =
    o.health === undefined
      ? undefined
      : need(isObject(o.health), o.health as Record<string, unknown>, 'health is not an object');
  const health =
    hr === undefined
      ? {}
      : {
          health: {
            operationalS: seconds(hr.operational_s, 'health.operational_s'),
            crashfreeS: seconds(hr.crashfree_s, 'health.crashfree_s'),
            crashes: count(hr.crashes, 'health.crashes'),
            perProgram: Object.fromEntries(
              Object.entries(
                need(isObject(hr.per_program), hr.per_program as Record<string, unknown>, 'health.per_program missing'),
              ).map(([k, v]) => [k, count(v, `health.per_program.${k}`)]),
            ),
          },
        };
  const summaries: Record<string, Ring> = {};
  for (const [name, r] of Object.entries(
    o.summaries === undefined
      ? {}
      : need(isObject(o.summaries), o.summaries as Record<string, unknown>, 'summaries is not an object'),
  )) {
    const ring = need(isObject(r) && isObject(r.keys), r as Record<string, unknown>, `summaries.${name} has no keys`);
    for (const [key, v] of Object.entries(ring.keys as Record<string, unknown>)) {
      need(
        typeof v === 'string' ||
          (Array.isArray(v) && v.length === 4 && v.every((n) => typeof n === 'number' && Number.isFinite(n))),
        0,
        `summaries.${name}.${key} is not [min, sum, max, n] or text`,
      );
    }
    summaries[name] = {
      window: count(ring.window, `summaries.${name}.window`),
      runs: count(ring.runs, `summaries.${name}.runs`),
      keys: ring.keys as Ring['keys'],
    };
  }
  const sr =
    o.sign === undefined
      ? undefined
      : need(isObject(o.sign), o.sign as Record<string, unknown>, 'sign is not an object');
  const sign =
    sr === undefined
      ? {}
      : {
          sign: {
            keyId: need(typeof sr.key_id === 'string', sr.key_id as string, 'sign.key_id missing'),
            seq: count(sr.seq, 'sign.seq'),
            mac: need(typeof sr.mac === 'string', sr.mac as string, 'sign.mac missing'),
          },
        };
  const dr =
    o.delivery === undefined
      ? undefined
      : need(isObject(o.delivery), o.delivery as Record<string, unknown>, 'delivery is not an object');
  const delivery =
    dr === undefined
      ? {}
      : {
          delivery: {
            spoolDropped: count(dr.spool_dropped, 'delivery.spool_dropped'),
            rejected: count(dr.rejected, 'delivery.rejected'),
          },
        };
  return {
    ...shutdown,
    ...delivery,
    ...cursors,
    ...health,
    ...sign,
    ...(Object.keys(summaries).length === 0 ? {} : { summaries }),
    bootId: need(typeof o.boot_id === 'string', o.boot_id as string, 'boot_id missing'),
    timeMs: epochMs(o.time_ms, 'time_ms'),
    uptimeS: seconds(o.uptime_s, 'uptime_s'),
    modules,
    runs: { total: count(runs.total, 'runs.total'), missed: count(runs.missed, 'runs.missed') },
  };
}
