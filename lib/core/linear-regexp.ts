import { setV8Flag } from './v8-flag';

/**
 * A regular expression from a config file, run by V8's engine without backtracking (the `l` flag), so
 * that matching takes time linear in the text whatever the pattern: `^(a|a)*$` against a long
 * interface name would take V8's usual engine minutes. That engine lacks backreferences, lookarounds
 * and large repeat counts: a pattern with them is refused (a SyntaxError that says so).
 */
let enabled = false;

export function linearRegExp(source: string, flags = ''): RegExp {
  if (!enabled) {
    // the engine is V8's own, behind a flag set once before the first pattern is compiled
    setV8Flag('--enable-experimental-regexp-engine');
    enabled = true;
  }
  return new RegExp(source, `${flags}l`);
}
