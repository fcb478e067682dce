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
});

describe('toNumber', () => {
  it.each([['12.31', 12.31], ['0', 0], ['-3', -3], ['25276063744', 25276063744]])('reads %s', (text, n) => expect(toNumber(text)).toBe(n));
  it.each([[undefined], [''], ['same'], ['1e5'], ['NaN']])('leaves %s undefined', (text) => expect(toNumber(text)).toBeUndefined());
});
