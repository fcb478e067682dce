import type { Rule } from '../core/rule';
import type { EventModule } from '../events/types';
import type { Module } from './types';

/**
 * The shape of a module's entry (`lib/modules/<name>/entry.ts`): its name, where it reads, its
 * settings (their rules and defaults), its keys (unit, kind, source and formula) and docs, and a
 * `load` that imports its code only when it runs. The registry lists the entries; the config schema,
 * `check`, the load sensor's key check, the README and man page tables, docs/MODULES.md,
 * etc/flightlog.yaml's modules and Prometheus' `# HELP` all come from them.
 */

/** One key: `net.<if>.rx_bytes_per_s`; a word in angle brackets stands for a subject or a name. */
export type KeyDoc = readonly [key: string, unit: string, kind: KeyKind, source: string];

/**
 * gauge: a value now; rate: over the interval since the previous sample (per second or a share);
 * new: a count since the previous run; mark: 1 when something about this sample is so; text: words.
 */
export type KeyKind = 'gauge' | 'rate' | 'new' | 'mark' | 'text';

/**
 * A setting of a module: its rule in the config file, what it does, and its default, a value of the
 * rule's type (a test holds each default to its rule). A setting without a default is absent unless
 * the config gives it; `example` is what etc/flightlog.yaml shows for it then (YAML).
 */
export interface Setting {
  readonly rule: Rule;
  readonly doc: string;
  readonly default?: unknown;
  readonly example?: string;
}

export type Settings = Readonly<Record<string, Setting>>;

/** The value a rule admits, as the config hands it over: a regex compiled, a list and a map of them. */
export type ValueOf<R> = R extends { readonly kind: 'number' }
  ? number
  : R extends { readonly kind: 'boolean' }
    ? boolean
    : R extends { readonly kind: 'regex' }
      ? RegExp
      : R extends { readonly kind: 'list'; readonly of: infer O }
        ? readonly ValueOf<O>[]
        : R extends { readonly kind: 'map'; readonly of: infer O }
          ? Readonly<Record<string, ValueOf<O>>>
          : string;

/** The names of the settings that have a default. */
type Defaulted<S extends Settings> = {
  [K in keyof S]: S[K] extends { readonly default: unknown } ? K : never;
}[keyof S];

/** The settings a module's code is given, from its entry's: one with a default is always there, another only when set. */
export type SettingsOf<S extends Settings> = { readonly [K in Defaulted<S>]: ValueOf<S[K]['rule']> } & {
  readonly [K in Exclude<keyof S, Defaulted<S>>]?: ValueOf<S[K]['rule']>;
};

/** What a module writes, for people and for the programs that read its keys. */
export interface ModuleDocs {
  /** one sentence: what it records */
  readonly summary: string;
  readonly keys: readonly KeyDoc[];
  /** what else a reader of its keys must know (edge cases, what it writes when its source is absent) */
  readonly notes: string;
  /** its rows in the README's key table: [keys, meaning] */
  readonly rows: ReadonlyArray<readonly [string, string]>;
}

interface Entry {
  /** the module's name: its key prefix, its `modules.<name>` in the config, its folder's name */
  readonly name: string;
  /** where it reads, as `flightlog check` shows it */
  readonly sources: readonly string[];
  readonly settings: Settings;
  /** made when asked for (docs, Prometheus' help, the load sensor's keys): a sample does not pay for them */
  readonly docs: () => ModuleDocs;
}

export interface SamplingEntry extends Entry {
  readonly kind: 'sampling';
  /** how to turn it on: present only for a module that is off unless the config turns it on */
  readonly optIn?: string;
  /** false for a module with no counters to write raw (host, load, fs…), or whose counters are not kept per subject (proc ranks them): no `raw` setting */
  readonly raw?: false;
  /** its code, typed by its own settings (./<name>/entry.ts's Settings): it is given those of its entry */
  readonly load: () => Promise<Module>;
}

export interface EventEntry extends Entry {
  readonly kind: 'event';
  /** the module's code; health has none: the run computes it from the crashes the others saw */
  readonly load?: () => Promise<EventModule>;
}

export type ModuleEntry = SamplingEntry | EventEntry;

/** The rules of settings, with their kinds as types (ValueOf reads them). */
export const str = { kind: 'string' } as const;
export const regex = { kind: 'regex' } as const;

/** Seconds one check may take (net_check, mount_check). */
export const timeout = {
  rule: { kind: 'number', min: 0.1, max: 30 },
  doc: 'seconds one check may take',
  default: 2,
} as const;

export const rate = (key: string, unit: string, source: string): KeyDoc => [key, unit, 'rate', source];
export const gauge = (key: string, unit: string, source: string): KeyDoc => [key, unit, 'gauge', source];
export const count = (key: string, source: string): KeyDoc => [key, 'count', 'new', source];
export const text = (key: string, source: string): KeyDoc => [key, 'text', 'text', source];
export const mark = (key: string, source: string): KeyDoc => [key, '1', 'mark', source];
