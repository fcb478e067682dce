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

it('joins a sample split across files and far apart, keeps two runs of one second apart, and yields a late sample in its place', async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const at = (host: string, pid: number, message: string): string => `2026-11-23T08:20:00Z ${host} flightlog[${pid}]: ${message}`;
  const older = join(tmp.dir, 'flightlog.log.1');
  const newer = join(tmp.dir, 'flightlog.log');
  // a: 100 starts in the older file and ends in the newer one (a rotation mid-run); 300 is a late
  // sample (spooled through an outage) after 400; two runs at 400 (pids 7 and 8); b's lines are far
  // apart: the filler puts 30,000 lines (more than five chunks) between them
  const filler = Array.from({ length: 30_000 }, (_, i) => `2026-11-23T08:20:00Z other cron[1]: line ${i}`);
  writeFileSync(older, `${[at('a', 7, 'xid=100 run.v=1'), at('b', 7, 'xid=100 run.v=1')].join('\n')}\n`);
  writeFileSync(newer, `${[
    at('a', 7, 'xid=100 cpu.busy_pct=1'),
    at('a', 7, 'xid=400 run.v=1 cpu.busy_pct=4'),
    at('a', 8, 'xid=400 run.v=1 cpu.busy_pct=5'),
    at('a', 7, 'xid=300 run.v=1 cpu.busy_pct=3'),
    ...filler,
    at('b', 7, 'xid=100 cpu.busy_pct=2'),
  ].join('\n')}\n`);
  const batches: Array<Array<[string, string, number, Record<string, string>]>> = [];
  for await (const batch of streamSamples([older, newer])) batches.push(batch.map((s) => [s.host, s.pid, s.xid, Object.fromEntries(s.values)]));
  // b's first part is complete once 20,000 lines passed it, and its second part comes apart
  expect(batches.flat()).toEqual([
    ['a', '7', 100, { 'run.v': '1', 'cpu.busy_pct': '1' }],
    ['b', '7', 100, { 'run.v': '1' }],
    ['a', '7', 300, { 'run.v': '1', 'cpu.busy_pct': '3' }],
    ['a', '7', 400, { 'run.v': '1', 'cpu.busy_pct': '4' }],
    ['a', '8', 400, { 'run.v': '1', 'cpu.busy_pct': '5' }],
    ['b', '7', 100, { 'cpu.busy_pct': '2' }],
  ]);
  const gathered = await gatherSamples(streamSamples([older, newer]));
  expect(gathered.map((s) => [s.host, s.pid, s.xid, Object.fromEntries(s.values)])).toEqual([
    ['a', '7', 100, { 'run.v': '1', 'cpu.busy_pct': '1' }],
    ['b', '7', 100, { 'run.v': '1', 'cpu.busy_pct': '2' }],
    ['a', '7', 300, { 'run.v': '1', 'cpu.busy_pct': '3' }],
    ['a', '7', 400, { 'run.v': '1', 'cpu.busy_pct': '4' }],
    ['a', '8', 400, { 'run.v': '1', 'cpu.busy_pct': '5' }],
  ]);
});
