/** One value's shape in flightlog.yaml: what lib/config/schema.ts checks, and what a module's registry entry declares of its settings. */
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
  | { readonly kind: 'list'; readonly of: Rule }
  /** a mapping with keys of its own choosing (kmsg pattern names) */
  | { readonly kind: 'map'; readonly key: RegExp; readonly keyFix: string; readonly of: Rule }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, Rule>> }
  /** a module: `false` turns it off, `true` on, an object sets its options */
  | { readonly kind: 'module'; readonly fields: Readonly<Record<string, Rule>> };
