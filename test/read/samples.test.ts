import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { gatherSamples, streamSamples } from '../../lib/read/samples';
import { keyMatcher, literalParts } from '../../lib/read/select';
import { tempDir } from '../helpers';

let cleanup = (): void => {};
afterEach(() => cleanup());

const line = (host: string, message: string): string =>
  `2026-11-23T08:20:00.123456+00:00 ${host} flightlog[42]: ${message}`;

it('passes over the lines that hold no pattern without decoding them, yet counts their samples, and never a malformed one', async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const log = join(tmp.dir, 'flightlog.log');
  writeFileSync(
    log,
    `${[
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
    ].join('\n')}\n`,
  );
  const seen = new Set<string>();
  const samples = await gatherSamples(
    streamSamples([log], { keep: keyMatcher(['cpu.busy_pct']), holds: literalParts(['cpu.busy_pct']), keysSeen: seen }),
  );
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
  expect(literalParts(['cpu.busy_pct', 'net.*.rx_bytes_per_s', 'psi.?o.some_pct', '*'])).toEqual([
    'cpu.busy_pct',
    '.rx_bytes_per_s',
    'o.some_pct',
    '',
  ]);
});

it('joins a sample split across files and far apart, keeps two runs of one second apart, and yields a late sample in its place', async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const at = (host: string, pid: number, message: string): string =>
    `2026-11-23T08:20:00Z ${host} flightlog[${pid}]: ${message}`;
  const older = join(tmp.dir, 'flightlog.log.1');
  const newer = join(tmp.dir, 'flightlog.log');
  // a: 100 starts in the older file and ends in the newer one (a rotation mid-run); 300 is a late
  // sample (spooled through an outage) after 400; two runs at 400 (pids 7 and 8); b's lines are far
  // apart: the filler puts 30,000 lines (more than five chunks) between them
  const filler = Array.from({ length: 30_000 }, (_, i) => `2026-11-23T08:20:00Z other cron[1]: line ${i}`);
  writeFileSync(older, `${[at('a', 7, 'xid=100 run.v=1'), at('b', 7, 'xid=100 run.v=1')].join('\n')}\n`);
  writeFileSync(
    newer,
    `${[
      at('a', 7, 'xid=100 cpu.busy_pct=1'),
      at('a', 7, 'xid=400 run.v=1 cpu.busy_pct=4'),
      at('a', 8, 'xid=400 run.v=1 cpu.busy_pct=5'),
      at('a', 7, 'xid=300 run.v=1 cpu.busy_pct=3'),
      ...filler,
      at('b', 7, 'xid=100 cpu.busy_pct=2'),
    ].join('\n')}\n`,
  );
  const batches: Array<Array<[string, string, number, Record<string, string>]>> = [];
  for await (const batch of streamSamples([older, newer]))
    batches.push(batch.map((s) => [s.host, s.pid, s.xid, Object.fromEntries(s.values)]));
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

it('finds the same values by looking plain keys up as by decoding every line', async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const log = join(tmp.dir, 'flightlog.log');
  const messages = [
    'xid=1 cpu.busy_pct=1 mem.used_pct=2',
    'xid=1 mem.used_pct=3',
    'xid=2 cpu.busy_pct=4 cpu.busy_pct=5',
    'xid=3 cpu.busy_pct= mem.used_pct=6  ',
    'xid=4 run.note="cpu.busy_pct=9" cpu.busy_pct=7',
    'xid=5 xcpu.busy_pct=8 cpu.busy_pct_max=9',
    'xid=6 cpu.busy_pct=10 sig=k:1:abc',
    'xid=7 event=oom_kill cpu.busy_pct=11',
    'xid=8 cpu.busy_pct=12 xid=9',
    'xid=10 cpu.busy_pct=1\t3 a.b=c',
    'xid=11 cpu.busy_pct=13 bad key=1',
  ];
  writeFileSync(log, `${messages.map((m, i) => line(i % 2 === 0 ? 'a' : 'b', m)).join('\n')}\n`);
  const keys = ['cpu.busy_pct', 'mem.used_pct'];
  const read = async (opts: object): Promise<unknown> =>
    (await gatherSamples(streamSamples([log], { keep: keyMatcher(keys), ...opts }))).map((s) => [
      s.host,
      s.xid,
      Object.fromEntries(s.values),
      s.events.map((e) => Object.fromEntries(e)),
    ]);
  const decoded = await read({});
  expect(await read({ holds: literalParts(keys), picks: keys })).toEqual(decoded);
  expect(decoded).toContainEqual(['a', 2, { 'cpu.busy_pct': '5' }, []]);
  expect(decoded).toContainEqual(['a', 4, { 'cpu.busy_pct': '7' }, []]);
});

it('reads samples from every line format in one log, CRLF ends and other programs among them, within a period and for the hosts asked', async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const log = join(tmp.dir, 'flightlog.log');
  writeFileSync(
    log,
    [
      '2026-11-23T08:20:00.123456+00:00 pi1 flightlog[42]: xid=100 run.v=1 cpu.busy_pct=1',
      'Nov 23 08:20:00 pi2 flightlog[43]: xid=100 run.v=1 cpu.busy_pct=2',
      '<165>1 2026-11-23T08:20:00.1Z pi3.example.org flightlog 44 - - xid=100 run.v=1 cpu.busy_pct=3',
      '<165>1 2026-11-23T08:20:00.1Z pi3.example.org flightlog 44 ID47 [meta x="1"] xid=100 mem.used_pct=4',
      'Nov 23 08:20:01 pi2 CRON[811]: (root) CMD (flightlog sample)',
      '2026-11-23T08:30:00Z pi1 flightlog[45]: xid=700 run.v=1 cpu.busy_pct=5\r',
      'Nov 23 08:30:00 pi2 flightlog: xid=700 run.v=1 cpu.busy_pct=6\r',
      '2026-11-23T08:40:00Z pi1 flightlog[46]: xid=1300 run.v=1 cpu.busy_pct=7',
    ]
      .join('\n')
      .concat('\n'),
  );
  const hostsSeen = new Set<string>();
  const samples = await gatherSamples(
    streamSamples([log], { since: 100, until: 1300, hosts: ['pi1', 'pi2', 'pi3.example.org'], hostsSeen }),
  );
  expect(samples.map((s) => [s.host, s.pid, s.xid, Object.fromEntries(s.values)])).toEqual([
    ['pi1', '42', 100, { 'run.v': '1', 'cpu.busy_pct': '1' }],
    ['pi2', '43', 100, { 'run.v': '1', 'cpu.busy_pct': '2' }],
    ['pi3.example.org', '44', 100, { 'run.v': '1', 'cpu.busy_pct': '3', 'mem.used_pct': '4' }],
    ['pi1', '45', 700, { 'run.v': '1', 'cpu.busy_pct': '5' }],
    ['pi2', '', 700, { 'run.v': '1', 'cpu.busy_pct': '6' }],
  ]);
  expect([...hostsSeen].sort()).toEqual(['pi1', 'pi2', 'pi3.example.org']);
  const onlyPi2 = await gatherSamples(
    streamSamples([log], {
      hosts: ['pi2'],
      keep: keyMatcher(['cpu.busy_pct']),
      holds: literalParts(['cpu.busy_pct']),
      picks: ['cpu.busy_pct'],
    }),
  );
  expect(onlyPi2.map((s) => [s.host, s.xid, s.values.get('cpu.busy_pct')])).toEqual([
    ['pi2', 100, '2'],
    ['pi2', 700, '6'],
  ]);
});

it('takes a line of a sample sent twice (a syslog daemon killed mid-sample) once: no doubled event, no phantom sample', async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const log = join(tmp.dir, 'flightlog.log');
  const sample = [
    'xid=500 run.v=1 run.errors=0',
    'xid=500 cpu.busy_pct=3',
    'xid=500 event=crash name=app uid=0 reported=2026-11-23T08:19:59.000Z',
  ];
  // the first two lines went out, then the whole sample again on the next run; a second event of the same kind that differs stays
  const another = 'xid=500 event=crash name=app uid=0 reported=2026-11-23T08:19:59.500Z';
  writeFileSync(log, `${[...sample.slice(0, 2), ...sample, another].map((m) => line('a', m)).join('\n')}\n`);
  const samples = await gatherSamples(streamSamples([log]));
  expect(samples).toHaveLength(1);
  expect(Object.fromEntries(samples[0]!.values)).toEqual({ 'run.v': '1', 'run.errors': '0', 'cpu.busy_pct': '3' });
  expect(samples[0]!.events.map((e) => e.get('reported'))).toEqual([
    '2026-11-23T08:19:59.000Z',
    '2026-11-23T08:19:59.500Z',
  ]);
});
