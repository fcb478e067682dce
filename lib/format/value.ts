import type { Value } from '../core/sample';

/**
 * Values on a line: numbers as plain decimals with at most two decimals (never an exponent, never NaN),
 * strings bare when they are printable ASCII without space, `=`, `"` or `\`, else quoted with escapes.
 * The escapes are `\"`, `\\`, `\n`, `\t` and `\xNN` for every other control character (C0, DEL, C1), so
 * no value can end a line or forge a key. Other non-ASCII characters stay as UTF-8, readable with grep.
 */

/** Longest string value kept on a line, in characters before escaping; longer ones end in `…`. */
export const MAX_STRING_CHARS = 256;

export function formatNumber(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  // an integer is written as it is (×100 would lose digits above 2^53); String() switches to exponents at 1e21, BigInt never does
  const rounded = Number.isInteger(n) ? n : Math.round(n * 100) / 100;
  if (Number.isInteger(rounded))
    return Math.abs(rounded) < 1e21 ? String(rounded === 0 ? 0 : rounded) : BigInt(rounded).toString();
  return rounded.toFixed(2).replace(/0$/, '');
}

const BARE = /^[\x21-\x7e]+$/;
const NEEDS_QUOTES = /["=\\]/;

/** A surrogate without its pair (String.prototype.toWellFormed, which Node 18 lacks, does the same). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function formatString(raw: string): string {
  let s = raw.replace(LONE_SURROGATE, '\uFFFD');
  if (s.length > MAX_STRING_CHARS) s = `${s.slice(0, MAX_STRING_CHARS - 1)}…`;
  if (BARE.test(s) && !NEEDS_QUOTES.test(s)) return s;
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

export function formatValue(v: Value): string | undefined {
  return typeof v === 'number' ? formatNumber(v) : formatString(v);
}

/** Where the raw counters of a module sit on a line: `<module>[.<subject>].raw_<counter>` (lib/sample/raw.ts). */
export const RAW_PREFIX = 'raw_';

/**
 * A raw counter's value (`raw: true` writes `<key>.raw_<counter>=<decimal>`: u64, kept as text so no
 * digit is lost), or undefined for any other field. The outputs that have numbers write it as one.
 */
export function rawCounter(field: string, value: Value): bigint | undefined {
  return field.startsWith(RAW_PREFIX) &&
    field !== `${RAW_PREFIX}identity` &&
    typeof value === 'string' &&
    /^\d{1,20}$/.test(value)
    ? BigInt(value)
    : undefined;
}
