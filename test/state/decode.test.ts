import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { loadState, saveState, type State } from '../../lib/state/store';
import { tempDir } from '../helpers';

let cleanup = (): void => {};
afterEach(() => cleanup());

function dir(): string {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  return tmp.dir;
}

/** A state file's text with one part of a good one changed. */
const good = {
  v: 1,
  boot_id: 'b',
  time_ms: 1,
  uptime_s: 1,
  runs: { total: 1, missed: 0 },
  modules: { net: { uptime_s: 1, subjects: { eth0: { counters: { rx_bytes: '12' } } } } },
};
const changed = (over: Record<string, unknown>): string => JSON.stringify({ ...good, ...over });

describe('a damaged state file', () => {
  it.each([
    ['not JSON', '{"v":1,"boot_id":"b","time', /^Unexpected end of JSON input|Unterminated string/],
    ['another version', '{"v":99}', 'state file: version 99, expected 1'],
    ['no version', '[]', 'state file: version undefined, expected 1'],
    ['a part missing', '{"v":1}', 'state file: boot_id: missing'],
    ['a part null', changed({ runs: null }), 'state file: runs: missing'],
    [
      'a counter that is not a decimal string',
      changed({ modules: { net: { uptime_s: 1, subjects: { eth0: { counters: { rx_bytes: 12 } } } } } }),
      'state file: modules.net.subjects.eth0.counters.rx_bytes: number 12 cannot be used here',
    ],
    [
      'a counter past 2^64',
      changed({
        modules: { net: { uptime_s: 1, subjects: { eth0: { counters: { rx_bytes: '18446744073709551616' } } } } },
      }),
      'state file: modules.net.subjects.eth0.counters.rx_bytes: string "18446744073709551616" cannot be used here',
    ],
    ['a time before 1970', changed({ time_ms: -5 }), 'state file: time_ms: -5 is below the minimum 0'],
    [
      'a count that is not whole',
      changed({ runs: { total: 1.5, missed: 0 } }),
      'state file: runs.total: 1.5 is not a whole number',
    ],
    ['a key no version wrote', changed({ extra: 1 }), /^state file: extra: unknown key$/],
    [
      'a summary that is neither figures nor text',
      changed({ summaries: { cpu: { window: 1, runs: 1, keys: { busy_pct: [1, 2, 3] } } } }),
      'state file: summaries.cpu.keys.busy_pct: expected [min, sum, max, n] or text, found a list',
    ],
  ])('%s: is bad, and says where', (_case, text, why) => {
    const path = join(dir(), 'state.json');
    writeFileSync(path, text);
    const loaded = loadState(path);
    expect(loaded.kind).toBe('bad');
    if (typeof why === 'string') expect(loaded.kind === 'bad' && loaded.why).toBe(why);
    else expect(loaded.kind === 'bad' && loaded.why).toMatch(why);
  });
});

/** Any state a run can save: u64 counters, every optional part present or not. */
const name = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s !== '__proto__');
const whole = fc.integer({ min: 0, max: 1e9 });
const states: fc.Arbitrary<State> = fc.record(
  {
    bootId: fc.uuid(),
    timeMs: fc.integer({ min: 0, max: 4e12 }),
    uptimeS: fc.double({ min: 0, max: 1e9, noNaN: true }),
    modules: fc
      .dictionary(
        name,
        fc.record({
          uptimeS: fc.double({ min: 0, max: 1e9, noNaN: true }),
          subjects: fc
            .dictionary(
              fc.string({ maxLength: 8 }).filter((s) => s !== '__proto__'),
              fc.record(
                { counters: fc.dictionary(name, fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })), identity: fc.string() },
                { requiredKeys: ['counters'] },
              ),
            )
            .map((o) => new Map(Object.entries(o))),
        }),
      )
      .map((o) => new Map(Object.entries(o))),
    runs: fc.record({ total: whole, missed: whole }),
    shutdown: fc.record({ bootId: fc.uuid(), timeMs: whole, uptimeS: fc.double({ min: 0, max: 1e9, noNaN: true }) }),
    cursors: fc.dictionary(name, fc.jsonValue()),
    health: fc.record({
      operationalS: whole,
      crashfreeS: whole,
      crashes: whole,
      perProgram: fc.dictionary(name, whole),
    }),
    summaries: fc.dictionary(
      name,
      fc.record({
        window: whole,
        runs: whole,
        keys: fc.dictionary(
          name,
          fc.oneof(fc.string(), fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), whole, whole, whole)),
        ),
      }),
      { minKeys: 1 },
    ),
    sign: fc.record({ keyId: fc.string(), seq: whole, mac: fc.string() }),
    delivery: fc.record({ spoolDropped: whole, rejected: whole }),
  },
  { requiredKeys: ['bootId', 'timeMs', 'uptimeS', 'modules', 'runs'] },
);

describe('the state file', () => {
  it('reads back every state a run saves, exactly', () => {
    const path = join(dir(), 'state.json');
    fc.assert(
      fc.property(states, (state) => {
        saveState(path, state);
        const loaded = loadState(path);
        expect(loaded).toEqual({ kind: 'ok', state: JSON.parse(JSON.stringify(state, replacer), reviver) });
      }),
      { numRuns: 200 },
    );
  });
});

/** -0 is written as 0 by JSON: the state compared is the one JSON can hold (bigints and maps kept). */
const replacer = (_k: string, v: unknown): unknown =>
  typeof v === 'bigint' ? { $big: v.toString() } : v instanceof Map ? { $map: [...v] } : v;
const reviver = (_k: string, v: unknown): unknown => {
  const o = v as { $big?: string; $map?: Array<[string, unknown]> } | null;
  return o?.$big !== undefined ? BigInt(o.$big) : o?.$map !== undefined ? new Map(o.$map) : v;
};
