import { describe, expect, it } from 'vitest';
import { formatNumber, formatString, MAX_STRING_CHARS } from '../../lib/format/value';

describe('formatNumber', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [12, '12'],
    [12.3, '12.3'],
    [12.31, '12.31'],
    [12.305001, '12.31'],
    [0.004, '0'],
    [-1.5, '-1.5'],
    [1e-7, '0'],
    [25276063744, '25276063744'],
    [2 ** 53 + 2, '9007199254740994'],
    [1e21, '1000000000000000000000'],
    [1.23e25, '12300000000000000276824064'],
    [600.019999, '600.02'],
  ])('writes %d as %s', (n, text) => expect(formatNumber(n)).toBe(text));

  it.each([[NaN], [Infinity], [-Infinity]])('writes nothing for %d', (n) => expect(formatNumber(n)).toBeUndefined());
});

describe('formatString', () => {
  it.each([
    ['a bare word', 'same', 'same'],
    ['a version', '0.1.0', '0.1.0'],
    ['the empty string', '', '""'],
    ['a space', 'a b', '"a b"'],
    ['an equals sign', 'a=b', '"a=b"'],
    ['a quote', 'say "hi"', '"say \\"hi\\""'],
    ['a backslash', 'C:\\x', '"C:\\\\x"'],
    ['a newline that would start a line', 'x\ncpu.busy_pct=0', '"x\\ncpu.busy_pct=0"'],
    ['a tab', 'a\tb', '"a\\tb"'],
    ['a carriage return and NUL', 'a\r\0b', '"a\\x0d\\x00b"'],
    ['DEL and a C1 control', 'a\x7f\x85b', '"a\\x7f\\x85b"'],
    ['an escape sequence', '\x1b[31mred', '"\\x1b[31mred"'],
    ['non-ASCII text, kept readable', 'café', '"café"'],
    ['an undecodable byte (U+FFFD after decoding)', 'a\ufffdb', '"a\ufffdb"'],
    ['a lone surrogate', 'a\ud800b', '"a\ufffdb"'],
  ])('writes %s', (_case, raw, text) => expect(formatString(raw)).toBe(text));

  it('cuts a long value to a bounded length', () => {
    expect(formatString('x'.repeat(5000))).toBe(`"${'x'.repeat(MAX_STRING_CHARS - 1)}…"`);
  });
});
