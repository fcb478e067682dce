import { describe, expect, it } from 'vitest';
import { encodeLines, MAX_LINE_BYTES } from '../../lib/format/line';
import type { Field } from '../../lib/core/sample';
import { parseMessage } from '../../lib/format/parse';

const XID = 1763886000;

describe('encodeLines', () => {
  it('writes one line that starts with the xid', () => {
    expect(
      encodeLines(XID, [
        ['cpu.busy_pct', 12.31],
        ['run.boot', 'same'],
      ]),
    ).toEqual([`xid=${XID} cpu.busy_pct=12.31 run.boot=same`]);
  });

  it('writes nothing for a module without fields, and leaves out values that are not numbers', () => {
    expect(encodeLines(XID, [])).toEqual([]);
    expect(
      encodeLines(XID, [
        ['a.b', NaN],
        ['a.c', 1],
      ]),
    ).toEqual([`xid=${XID} a.c=1`]);
  });

  it('refuses a key that could forge another', () => {
    expect(() => encodeLines(XID, [['cpu.busy pct', 1]])).toThrow(/invalid key/);
    expect(() => encodeLines(XID, [['x\ncpu.busy_pct', 1]])).toThrow(/invalid key/);
    expect(() => encodeLines(XID, [['nodot', 1]])).toThrow(/invalid key/);
  });

  it('splits on key boundaries so that no line passes 1024 bytes, each piece starting with the xid', () => {
    const fields: Field[] = Array.from({ length: 300 }, (_, i) => [`net.veth${i}.rx_bytes_per_s`, 123456.78]);
    const lines = encodeLines(XID, fields);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) {
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_LINE_BYTES);
      expect(line.startsWith(`xid=${XID} `)).toBe(true);
    }
    // every field comes back, in order, exactly once
    const back = lines.flatMap((l) => [...(parseMessage(l)?.fields.keys() ?? [])]);
    expect(back).toEqual(fields.map(([k]) => k));
  });

  it('counts bytes, not characters, when it splits', () => {
    const fields: Field[] = Array.from({ length: 40 }, (_, i) => [`note.n${i}.text`, 'é'.repeat(40)]);
    for (const line of encodeLines(XID, fields)) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_LINE_BYTES);
  });

  it('keeps the longest possible string value under the limit', () => {
    const [line] = encodeLines(XID, [['run.warning', '\n'.repeat(10_000)]]);
    expect(Buffer.byteLength(line!)).toBeLessThanOrEqual(MAX_LINE_BYTES);
  });
});

describe('round trip', () => {
  const hostile = [
    'plain',
    'two words',
    'k=v',
    '"quoted"',
    'back\\slash',
    'x\ncpu.busy_pct=0',
    'tab\there',
    '\0\x01\x1f\x7f\x9f',
    'café ☕',
    'xid=1 cpu.busy_pct=0',
    '',
    ' leading and trailing ',
    '\\n literally',
    '"',
    '\\',
  ];
  it.each(hostile.map((s) => [JSON.stringify(s), s]))('parses %s back to the same value', (_name, value) => {
    const [line] = encodeLines(XID, [
      ['proc.top.comm', value],
      ['cpu.busy_pct', 1.5],
    ]);
    expect(line!.split('\n')).toHaveLength(1);
    const parsed = parseMessage(line!);
    expect(parsed?.xid).toBe(XID);
    expect(parsed?.fields.get('proc.top.comm')).toBe(value);
    expect(parsed?.fields.get('cpu.busy_pct')).toBe('1.5');
    expect(parsed?.fields.size).toBe(2);
  });
});
