import { ParseError } from '../core/errors';

/**
 * A site file: `key = value` lines; `#` starts a comment line; blank lines are skipped. Keys keep
 * [A-Za-z0-9_-] (they become part of a key); values are taken as written, without surrounding spaces
 * or quotes.
 */
export function parseSiteFile(text: string, path: string): Array<[string, string]> {
  const tags: Array<[string, string]> = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^([A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(line);
    if (m === null)
      throw new ParseError(
        path,
        `line ${i + 1}: ${line}`,
        'expected "key = value" with a key of letters, digits, _ and -',
      );
    tags.push([m[1] as string, (m[2] as string).replace(/^"(.*)"$/, '$1')]);
  });
  return tags;
}
