import { describe, expect, it } from 'vitest';
import { MessageReader, parseMessage, toNumber } from '../../lib/format/parse';

describe('parseMessage', () => {
  it('reads a flightlog message', () => {
    const parsed = parseMessage('xid=1763886000 run.v=1 run.boot=same cpu.busy_pct=12.31');
    expect(parsed?.xid).toBe(1763886000);
    expect([...(parsed?.fields ?? [])]).toEqual([
      ['run.v', '1'],
      ['run.boot', 'same'],
      ['cpu.busy_pct', '12.31'],
    ]);
  });

  it.each([
    ["another program's line", 'Started Daily apt upgrade and clean activities.'],
    ['no xid', 'cpu.busy_pct=1'],
    ['a non-numeric xid', 'xid=abc cpu.busy_pct=1'],
    ['a torn quoted value', 'xid=1 fs.x.error="half a val'],
    ['an unknown escape', 'xid=1 a.b="x\\q"'],
    ['a bad key', 'xid=1 a b=1'],
    ['binary junk', '\u0000\u0001\u00ff=\u0002'],
  ])('returns undefined for %s', (_case, text) => expect(parseMessage(text)).toBeUndefined());

  it('does not take an xid= inside a quoted value for the sample id', () => {
    const parsed = parseMessage('xid=5 note.text="xid=9 cpu.busy_pct=0"');
    expect(parsed?.xid).toBe(5);
    expect(parsed?.fields.get('note.text')).toBe('xid=9 cpu.busy_pct=0');
    expect(parsed?.fields.has('cpu.busy_pct')).toBe(false);
  });

  it('keeps only the keys asked for (and event), tells every key of a whole line, none of a torn one', () => {
    const seen = new Set<string>();
    const keep = (key: string): boolean => key.startsWith('cpu.');
    const parsed = parseMessage('xid=7 run.v=1 cpu.busy_pct=12.5 mem.used_pct=40 cpu.idle_pct=87.5', keep, seen);
    expect(parsed?.xid).toBe(7);
    expect([...(parsed?.fields ?? [])]).toEqual([
      ['cpu.busy_pct', '12.5'],
      ['cpu.idle_pct', '87.5'],
    ]);
    expect([...seen].sort()).toEqual(['cpu.busy_pct', 'cpu.idle_pct', 'mem.used_pct', 'run.v']);
    // an event line keeps its event key, so a reader still knows it for one
    expect([...(parseMessage('xid=7 event=oom_kill comm=java', keep, seen)?.fields ?? [])]).toEqual([
      ['event', 'oom_kill'],
    ]);
    // a torn line is no message: its keys are not told
    expect(parseMessage('xid=8 torn.key=1 note.text="cut', keep, seen)).toBeUndefined();
    expect(seen.has('torn.key')).toBe(false);
    expect(seen.has('comm')).toBe(true);
  });
});

describe('toNumber', () => {
  it.each([
    ['12.31', 12.31],
    ['0', 0],
    ['-3', -3],
    ['25276063744', 25276063744],
  ])('reads %s', (text, n) => expect(toNumber(text)).toBe(n));
  it.each([[undefined], [''], ['same'], ['1e5'], ['NaN'], ['-'], ['1.'], ['.5'], ['1.2.3'], ['12a'], [' 1'], ['--1']])(
    'leaves %s undefined',
    (text) => expect(toNumber(text)).toBeUndefined(),
  );

  it('gives the number Number() gives, for every length of digits and decimals', () => {
    // a deterministic spread: 1 to 22 digits, 0 to 6 decimals, with and without a sign and leading zeros
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let k = 0; k < 20_000; k++) {
      const whole = String(next())
        .repeat(1 + (next() % 3))
        .slice(0, 1 + (next() % 22));
      const decimals = next() % 7;
      const text = `${next() % 4 === 0 ? '-' : ''}${whole}${decimals === 0 ? '' : `.${String(next()).padStart(10, '0').slice(0, decimals)}`}`;
      expect(toNumber(text), text).toBe(Number(text));
    }
    expect(Object.is(toNumber('-0'), -0)).toBe(true);
    expect(toNumber('0.1')).toBe(0.1);
    expect(toNumber('123456789012.345')).toBe(123456789012.345);
  });
});

describe('MessageReader', () => {
  it('reads line after line alike, whichever keys came before', () => {
    const reader = new MessageReader((key) => key.startsWith('cpu.'));
    const lines = [
      'xid=1 cpu.busy_pct=1 mem.used_pct=2',
      'xid=2 a b=1',
      'xid=3 cpu.busy_pct=3 b.c="x\\ty"',
      'xid=4 mem.used_pct=4 cpu.idle_pct=5',
      'xid=5 cpu.busy_pct',
    ];
    const read = lines.map((line) => reader.read(line));
    expect(read.map((p) => p && [p.xid, [...p.fields]])).toEqual([
      [1, [['cpu.busy_pct', '1']]],
      undefined,
      [3, [['cpu.busy_pct', '3']]],
      [4, [['cpu.idle_pct', '5']]],
      undefined,
    ]);
    // the same as each line read on its own
    expect(lines.map((line) => parseMessage(line, (key) => key.startsWith('cpu.')))).toEqual(read);
  });
});

describe('MessageReader over hostile text', () => {
  it('reads keys it does not remember (too many, too long) the same as those it does', () => {
    const reader = new MessageReader();
    const long = `a.${'b'.repeat(300)}`;
    for (let i = 0; i < 3; i++) {
      const parsed = reader.read(`xid=${i} ${long}=${i} k${i}.x=1`);
      expect(parsed?.fields.get(long)).toBe(String(i));
      expect([...(parsed?.fields.keys() ?? [])]).toEqual([long, `k${i}.x`]);
    }
  });
});
