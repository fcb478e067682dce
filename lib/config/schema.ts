import type { Rule } from '../core/rule';
import { isSamplingKey } from '../modules/keys';
import { MODULES, SAMPLING } from '../modules/registry';
import { OUTPUT_NAMES, SECTIONS } from '../outputs/registry';

/*
 * The shape of flightlog.yaml, checked by hand (it runs on every sample, so it must cost nothing at
 * start-up): every key optional, unknown keys refused with the keys that are allowed, regexes compiled.
 */
export type { Rule };

/** A Grid Engine complex and an HTCondor ClassAd attribute alike: a letter or _, then letters, digits and _. */
export const LOAD_VALUE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The names of the sampling modules, whose keys a load sensor can report. */
export const SAMPLING_MODULE_NAMES: readonly string[] = SAMPLING.map((m) => m.name);
/** A key of a sampling module as its registry entry documents it (`cpu.busy_pct`, `psi.io.some_pct`). */
const LOAD_VALUE_KEY = { test: isSamplingKey };
const str: Rule = { kind: 'string' };
const every: Rule = { kind: 'number', min: 2, max: 1440, integer: true };

/**
 * `modules:`, from the registry: each module's own settings; a sampling module also takes `every`
 * (multi-rate) and, unless it ranks its subjects, `raw` (raw counters too).
 */
const moduleRules = (): Record<string, Rule> =>
  Object.fromEntries(
    MODULES.map((m): [string, Rule] => {
      const own = Object.fromEntries(Object.entries(m.settings).map(([name, setting]) => [name, setting.rule]));
      const common: Record<string, Rule> =
        m.kind === 'event' ? {} : m.raw === false ? { every } : { every, raw: { kind: 'boolean' } };
      return [m.name, { kind: 'module', fields: { ...common, ...own } }];
    }),
  );

export const CONFIG_SCHEMA: Rule = {
  kind: 'object',
  fields: {
    interval: { kind: 'number', min: 1 },
    first_interval: { kind: 'number', min: 0 },
    state: str,
    outputs: { kind: 'list', of: { kind: 'enum', values: OUTPUT_NAMES } },
    ...Object.fromEntries(SECTIONS.map((section) => [section.name, { kind: 'object', fields: section.fields }])),
    spool: { kind: 'object', fields: { dir: str, max_bytes: { kind: 'number', min: 0, integer: true } } },
    modules: { kind: 'object', fields: moduleRules() },
    events: { kind: 'object', fields: { max_per_module: { kind: 'number', min: 0, integer: true } } },
    sign: { kind: 'object', fields: { key: { kind: 'path' } } },
    loadsensor: {
      kind: 'object',
      fields: {
        host: {
          kind: 'word',
          pattern: /^[A-Za-z0-9][A-Za-z0-9.-]*$/,
          fix: 'write a host name as the scheduler knows it (letters, digits, . and -)',
        },
        values: {
          kind: 'map',
          key: LOAD_VALUE_NAME,
          keyFix:
            'start with a letter or _, then letters, digits and _ (a Grid Engine complex or an HTCondor attribute name)',
          of: {
            kind: 'word',
            pattern: LOAD_VALUE_KEY,
            fix: `write a key of a sampling module, such as cpu.busy_pct or psi.io.some_pct (modules: ${SAMPLING_MODULE_NAMES.join(', ')})`,
          },
        },
      },
    },
  },
};
