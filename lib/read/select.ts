import { UsageError } from '../core/errors';
import { naturalOrder } from '../sources/read';
import type { ReadSample } from './samples';

/** Key patterns: `*` stands for any characters (dots too), `?` for one. `net.*.rx_bytes_per_s`, `cpu.*`. */
export function keyMatcher(patterns: readonly string[]): (key: string) => boolean {
  // a pattern without * or ? is a key: looked up, not matched
  const keys = new Set(patterns.filter((p) => !/[*?]/.test(p)));
  const res = patterns
    .filter((p) => /[*?]/.test(p))
    .map(
      (p) =>
        new RegExp(
          `^${p
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`,
        ),
    );
  return (key) => keys.has(key) || res.some((re) => re.test(key));
}

/** The patterns themselves where every one is a plain key (no `*` or `?`), else undefined. */
export const plainKeys = (patterns: readonly string[]): string[] | undefined =>
  patterns.some((p) => /[*?]/.test(p)) ? undefined : [...patterns];

/** The longest run of plain text in each pattern: a key that matches it holds that text (`net.` of `net.*.rx_bytes_per_s`). */
export const literalParts = (patterns: readonly string[]): string[] =>
  patterns.map((p) => p.split(/[*?]/).reduce((a, b) => (b.length > a.length ? b : a), ''));

/** Every key that the samples hold a value of. */
export function keysOf(samples: readonly ReadSample[]): Set<string> {
  const present = new Set<string>();
  for (const s of samples) for (const k of s.values.keys()) present.add(k);
  return present;
}

/** The keys present that match: pattern by pattern, in natural order within each; all keys without patterns. */
export function matchingKeys(present: ReadonlySet<string>, patterns: readonly string[]): string[] {
  const all = [...present].sort(naturalOrder);
  if (patterns.length === 0) return all;
  return [...new Set(patterns.flatMap((p) => all.filter(keyMatcher([p]))))];
}

/** A pattern that matches none of the keys present is an error that names the closest keys there. */
export function requireMatches(patterns: readonly string[], present: ReadonlySet<string>): void {
  for (const pattern of patterns) {
    const matches = keyMatcher([pattern]);
    if ([...present].some(matches)) continue;
    const stem = pattern.replace(/[*?].*$/, '');
    const shared = (k: string): number => {
      let n = 0;
      while (n < k.length && n < stem.length && k[n] === stem[n]) n++;
      return n;
    };
    const best = [...present].sort((a, b) => shared(b) - shared(a) || naturalOrder(a, b)).slice(0, 5);
    throw new UsageError(
      `no key matches ${JSON.stringify(pattern)}${best.length === 0 ? '' : `; keys present include: ${best.join(', ')}`}`,
    );
  }
}

const UNIT_S: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/**
 * A point in time for --since/--until, in epoch seconds: `-2h`/`-30m`/`-7d` (before now), `today`,
 * `yesterday` (local midnight), `now`, `@1763886000` (epoch), or an ISO 8601 date or time
 * (`2026-11-20`, `2026-11-20T08:00`; local time unless it has a zone).
 */
export function parseWhen(text: string, nowMs: number, option: string): number {
  const rel = /^-(\d+(?:\.\d+)?)([smhdw])$/.exec(text);
  if (rel) return Math.floor(nowMs / 1000 - Number(rel[1]) * (UNIT_S[rel[2] as string] as number));
  const midnight = (daysBack: number): number => {
    const d = new Date(nowMs);
    d.setHours(0, 0, 0, 0);
    d.setDate(d.getDate() - daysBack);
    return Math.floor(d.getTime() / 1000);
  };
  if (text === 'now') return Math.floor(nowMs / 1000);
  if (text === 'today') return midnight(0);
  if (text === 'yesterday') return midnight(1);
  if (/^@\d+$/.test(text)) return Number(text.slice(1));
  const iso = /^\d{4}-\d\d-\d\d$/.test(text) ? `${text}T00:00` : text;
  const ms = /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso) ? Date.parse(iso) : NaN;
  if (Number.isNaN(ms))
    throw new UsageError(
      `${option} ${JSON.stringify(text)}: expected -2h, -30m, -7d, today, yesterday, now, @EPOCH or an ISO 8601 date such as 2026-11-20T08:00`,
    );
  return Math.floor(ms / 1000);
}
