import { linearRegExp } from './linear-regexp';
import type { Rule } from './rule';

/*
 * The one checker of values read from a file against their rules: the config file (lib/config/schema.ts)
 * and the state file (lib/state/store.ts). Every problem names the path of the value, what is wrong
 * and how to fix it.
 */

/** A value at a path that does not fit its rule: what is wrong and how to fix it. */
export interface Problem {
  readonly path: string;
  readonly what: string;
  readonly fix: string;
}

const describe = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'a list'
      : typeof v === 'object'
        ? 'a mapping'
        : `${typeof v} ${JSON.stringify(v)}`;

/** The option nearest to a mistyped word (an edit distance of 2 at most), for a did-you-mean. */
export function closest(word: string, options: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++) {
        const row = d[i] as number[];
        const up = d[i - 1] as number[];
        row[j] = Math.min(
          (up[j] as number) + 1,
          (row[j - 1] as number) + 1,
          (up[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
        );
      }
    return (d[a.length] as number[])[b.length] as number;
  };
  const best = options.map((o) => [o, distance(word, o)] as const).sort((x, y) => x[1] - y[1])[0];
  return best !== undefined && best[1] <= 2 ? best[0] : undefined;
}

/** Checks `value` against `rule`; returns the first problem, or undefined when it fits. */
export function check(value: unknown, rule: Rule, path: string): Problem | undefined {
  switch (rule.kind) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        return {
          path,
          what: `expected a number, found ${describe(value)}`,
          fix: `write a number, e.g. ${path.split('.').pop()}: ${rule.min + 1}`,
        };
      if (value < rule.min)
        return { path, what: `${value} is below the minimum ${rule.min}`, fix: `use ${rule.min} or more` };
      if (rule.max !== undefined && value > rule.max)
        return { path, what: `${value} is above the maximum ${rule.max}`, fix: `use ${rule.max} or less` };
      if (rule.integer && !Number.isInteger(value))
        return { path, what: `${value} is not a whole number`, fix: 'use a whole number' };
      return undefined;
    case 'string':
      return typeof value === 'string' && value !== ''
        ? undefined
        : {
            path,
            what: `expected a non-empty string, found ${describe(value)}`,
            fix: 'write a text value (quote it if it holds ": " or "#")',
          };
    case 'word':
      if (typeof value === 'string' && rule.pattern.test(value)) return undefined;
      return { path, what: `${describe(value)} cannot be used here`, fix: rule.fix };
    case 'url': {
      if (typeof value !== 'string' || !URL.canParse(value))
        return {
          path,
          what: `expected a URL, found ${describe(value)}`,
          fix: 'write a URL such as mqtt://broker:1883 or http://127.0.0.1:8086',
        };
      // a URL is printed in errors and kept in a file others may read: a secret in it would travel with it
      const { username, password } = new URL(value);
      if (username === '' && password === '') return undefined;
      const output = path.split('.')[0];
      return {
        path,
        what: 'the URL holds a user name or password',
        fix: `remove them from the URL and put "user:password" in a file only root can read, named by ${output}.credentials`,
      };
    }
    case 'hostport':
      if (
        typeof value === 'string' &&
        /^(\[[^\]]+\]|[^\s:[\]]+):\d{1,5}$/.test(value) &&
        Number(value.slice(value.lastIndexOf(':') + 1)) <= 65535
      )
        return undefined;
      return {
        path,
        what: `expected host:port, found ${describe(value)}`,
        fix: 'write it as "db.example.com:5432" or "[2001:db8::1]:22"',
      };
    case 'path':
      return typeof value === 'string' && value.startsWith('/')
        ? undefined
        : { path, what: `expected an absolute path, found ${describe(value)}`, fix: 'write a path that starts with /' };
    case 'boolean':
      return typeof value === 'boolean'
        ? undefined
        : { path, what: `expected true or false, found ${describe(value)}`, fix: 'write true or false' };
    case 'regex':
      if (typeof value !== 'string')
        return {
          path,
          what: `expected a regular expression as text, found ${describe(value)}`,
          fix: 'quote the pattern, e.g. "^(lo|veth.*)$"',
        };
      try {
        new RegExp(value);
      } catch (err) {
        return {
          path,
          what: `bad regular expression ${JSON.stringify(value)}: ${(err as Error).message}`,
          fix: 'write a JavaScript regular expression, e.g. "^(lo|veth.*)$"',
        };
      }
      try {
        linearRegExp(value);
      } catch {
        return {
          path,
          what: `the regular expression ${JSON.stringify(value)} cannot be matched in linear time (it holds a backreference, a lookaround or a repeat count over 1000)`,
          fix: 'write it without them, e.g. "^(?!lo)" as an exclude of "^lo$"',
        };
      }
      // an upper-case letter that is not an escape (\S, \W, \D) could never match text in lower case
      if (rule.lowerCase && /[A-Z]/.test(value.replace(/\\./g, '')))
        return {
          path,
          what: `the regular expression ${JSON.stringify(value)} has upper-case letters, and the text it is matched against is made lower case`,
          fix: `write it in lower case: ${JSON.stringify(value.replace(/\\.|[A-Z]/g, (c) => (c.length === 1 ? c.toLowerCase() : c)))}`,
        };
      return undefined;
    case 'enum':
      if (typeof value === 'string' && rule.values.includes(value)) return undefined;
      {
        const guess = typeof value === 'string' ? closest(value, rule.values) : undefined;
        return {
          path,
          what: `${describe(value)} is not one of ${rule.values.join(', ')}`,
          fix: guess ? `did you mean ${guess}?` : `use one of ${rule.values.join(', ')}`,
        };
      }
    case 'any':
      return undefined;
    case 'either':
      return rule.of.some((r) => check(value, r, path) === undefined)
        ? undefined
        : { path, what: `expected ${rule.what}, found ${describe(value)}`, fix: `write ${rule.what}` };
    case 'list':
      if (!Array.isArray(value))
        return {
          path,
          what: `expected a list, found ${describe(value)}`,
          fix: `write a list, e.g. ${path.split('.').pop()}: [a, b]`,
        };
      if (rule.length !== undefined && value.length !== rule.length)
        return {
          path,
          what: `expected a list of ${rule.length}, found ${value.length}`,
          fix: `write ${rule.length} items`,
        };
      for (const [i, item] of value.entries()) {
        const p = check(item, rule.of, `${path}[${i}]`);
        if (p) return p;
      }
      return undefined;
    case 'map': {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        return { path, what: `expected a mapping, found ${describe(value)}`, fix: 'write "name: value" lines' };
      for (const [key, v] of Object.entries(value)) {
        if (!rule.key.test(key)) return { path: `${path}.${key}`, what: 'not a valid name', fix: rule.keyFix };
        const p = check(v, rule.of, `${path}.${key}`);
        if (p) return p;
      }
      return undefined;
    }
    case 'module':
      if (typeof value === 'boolean') return undefined;
      return check(value, { kind: 'object', fields: rule.fields }, path);
    case 'object': {
      if (value === null || value === undefined) return undefined; // an empty section in YAML
      if (typeof value !== 'object' || Array.isArray(value))
        return {
          path,
          what: `expected a mapping, found ${describe(value)}`,
          fix: `write "key: value" lines under ${path || 'the top level'}`,
        };
      const allowed = Object.keys(rule.fields);
      const absent = rule.required?.find((key) => (value as Record<string, unknown>)[key] == null);
      if (absent !== undefined)
        return { path: path ? `${path}.${absent}` : absent, what: 'missing', fix: `add ${absent}` };
      for (const [key, v] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        const sub = rule.fields[key];
        if (sub === undefined) {
          const guess = closest(key, allowed);
          return {
            path: at,
            what: 'unknown key',
            fix: guess
              ? `did you mean ${guess}? (allowed here: ${allowed.join(', ') || 'none'})`
              : `remove it (allowed here: ${allowed.join(', ') || 'none'})`,
          };
        }
        const p = check(v, sub, at);
        if (p) return p;
      }
      return undefined;
    }
  }
}
