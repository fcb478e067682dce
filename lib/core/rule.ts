/** One value's shape in a file flightlog reads: flightlog.yaml (its settings, a module's in its entry) and the state file; lib/core/rule-check.ts checks it. */
export type Rule =
  | { readonly kind: 'number'; readonly min: number; readonly max?: number; readonly integer?: boolean }
  | { readonly kind: 'url' }
  /** host:port, [v6]:port */
  | { readonly kind: 'hostport' }
  /** an absolute path */
  | { readonly kind: 'path' }
  | { readonly kind: 'string' }
  /** text that must match a pattern (a name that goes into another program's protocol) */
  | { readonly kind: 'word'; readonly pattern: { test(text: string): boolean }; readonly fix: string }
  | { readonly kind: 'boolean' }
  /** `lowerCase`: matched against text made lower case, so written in lower case (the linear engine has no `i` flag) */
  | { readonly kind: 'regex'; readonly lowerCase?: boolean }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  /** `length`: exactly so many items */
  | { readonly kind: 'list'; readonly of: Rule; readonly length?: number }
  /** a mapping with keys of its own choosing (kmsg pattern names) */
  | { readonly kind: 'map'; readonly key: RegExp; readonly keyFix: string; readonly of: Rule }
  /** every field optional but those `required` (a config file's sections may all be left out) */
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, Rule>>; readonly required?: readonly string[] }
  /** one of several shapes, `what` saying them in words */
  | { readonly kind: 'either'; readonly of: readonly Rule[]; readonly what: string }
  /** anything: what a module keeps for itself (an event module's cursor) */
  | { readonly kind: 'any' }
  /** a module: `false` turns it off, `true` on, an object sets its options */
  | { readonly kind: 'module'; readonly fields: Readonly<Record<string, Rule>> };
