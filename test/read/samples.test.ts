import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { gatherSamples, streamSamples } from '../../lib/read/samples';
import { keyMatcher, literalParts } from '../../lib/read/select';
import { tempDir } from '../helpers';

let cleanup = (): void => {};
afterEach(() => cleanup());

const line = (host: string, message: string): string => `2026-11-23T08:20:00.123456+00:00 ${host} flightlog[42]: ${message}`;

it('passes over the lines that hold no pattern without decoding them, yet counts their samples, and never a malformed one', async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const log = join(tmp.dir, 'flightlog.log');
  writeFileSync(log, `${[
    line('a', 'xid=100 run.v=1 run.errors=0'),
    line('a', 'xid=100 cpu.busy_pct=12.5 cpu.user_pct=1'),
    // b's sample has no cpu line: a row with an empty cell
    line('b', 'xid=100 run.v=1 run.note="a \\"quoted\\" value"'),
    // not a flightlog message (a value with an unclosed quote): no sample for c
    line('c', 'xid=100 run.v="torn'),
    // not as flightlog writes one, but a message all the same: decoded, and its xid is the last (d at 300)
    line('d', 'xid=100  run.v=1 xid=300'),
    line('a', 'xid=200 run.v=1'),
    line('a', 'xid=200 event=coredump comm=x'),
  ].join('\n')}\n`);
  const seen = new Set<string>();
  const samples = await gatherSamples(streamSamples([log], { keep: keyMatcher(['cpu.busy_pct']), holds: literalParts(['cpu.busy_pct']), keysSeen: seen }));
  expect(samples.map((s) => [s.host, s.xid, Object.fromEntries(s.values), s.events.length])).toEqual([
    ['a', 100, { 'cpu.busy_pct': '12.5' }, 0],
    ['b', 100, {}, 0],
    ['a', 200, {}, 1],
    ['d', 300, {}, 0],
  ]);
  // only the decoded lines' keys: the cpu line's, the event line's and d's
  expect([...seen].sort()).toEqual(['comm', 'cpu.busy_pct', 'cpu.user_pct', 'event', 'run.v']);
});

it('takes the longest plain part of each pattern as the text its keys hold', () => {
  expect(literalParts(['cpu.busy_pct', 'net.*.rx_bytes_per_s', 'psi.?o.some_pct', '*'])).toEqual(['cpu.busy_pct', '.rx_bytes_per_s', 'o.some_pct', '']);
});
