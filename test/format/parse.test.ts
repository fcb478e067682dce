import { describe, expect, it } from 'vitest';
import { parseMessage, toNumber } from '../../lib/format/parse';

describe('parseMessage', () => {
  it('reads a flightlog message', () => {
    const parsed = parseMessage('xid=1763886000 run.v=1 run.boot=same cpu.busy_pct=12.31');
    expect(parsed?.xid).toBe(1763886000);
    expect([...(parsed?.fields ?? [])]).toEqual([['run.v', '1'], ['run.boot', 'same'], ['cpu.busy_pct', '12.31']]);
  });

  it.each([
    ['another program\'s line', 'Started Daily apt upgrade and clean activities.'],
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
    expect([...(parsed?.fields ?? [])]).toEqual([['cpu.busy_pct', '12.5'], ['cpu.idle_pct', '87.5']]);
    expect([...seen].sort()).toEqual(['cpu.busy_pct', 'cpu.idle_pct', 'mem.used_pct', 'run.v']);
    // an event line keeps its event key, so a reader still knows it for one
    expect([...(parseMessage('xid=7 event=oom_kill comm=java', keep, seen)?.fields ?? [])]).toEqual([['event', 'oom_kill']]);
    // a torn line is no message: its keys are not told
    expect(parseMessage('xid=8 torn.key=1 note.text="cut', keep, seen)).toBeUndefined();
    expect(seen.has('torn.key')).toBe(false);
    expect(seen.has('comm')).toBe(true);
  });
});

describe('toNumber', () => {
  it.each([['12.31', 12.31], ['0', 0], ['-3', -3], ['25276063744', 25276063744]])('reads %s', (text, n) => expect(toNumber(text)).toBe(n));
  it.each([[undefined], [''], ['same'], ['1e5'], ['NaN'], ['-'], ['1.'], ['.5'], ['1.2.3'], ['12a'], [' 1'], ['--1']])('leaves %s undefined', (text) => expect(toNumber(text)).toBeUndefined());
});
