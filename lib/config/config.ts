import { linearRegExp } from '../core/linear-regexp';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { UsageError } from '../core/errors';
import type { ModuleSettings } from '../core/reading';
import type { Rule } from '../core/rule';
import { entryOf } from '../modules/registry';
import { DEFAULT_MAX_EVENTS } from '../events/collect';
import { parseWithCache } from './parsed-cache';
import { check } from '../core/rule-check';
import { CONFIG_SCHEMA } from './schema';
import {
  type InfluxdbSettings,
  type MqttSettings,
  type OutputName,
  SECTIONS,
  type SyslogSettings,
} from '../outputs/registry';

export type { OutputName };

export interface Config {
  /** the file this came from, or undefined for the built-in defaults */
  readonly source?: string;
  readonly interval: number;
  readonly firstInterval: number;
  readonly state: string;
  readonly outputs: readonly OutputName[];
  /** the outputs' settings (lib/outputs/registry.ts) */
  readonly syslog: SyslogSettings;
  readonly mqtt?: MqttSettings;
  readonly influxdb?: InfluxdbSettings;
  readonly prom: { readonly dir: string };
  readonly file: { readonly path: string };
  /** dir: where samples wait when no output took them (default: `spool/` beside the state file) */
  readonly spool: { readonly dir?: string; readonly maxBytes: number };
  readonly events: { readonly maxPerModule: number };
  /** signed lines: the key file (only root may read it) */
  readonly sign?: { readonly key: string };
  /** what `flightlog loadsensor` reports: the host name to report for, and complex/attribute name → key */
  readonly loadsensor: { readonly host?: string; readonly values: Readonly<Record<string, string>> };
  /** per module: false when turned off, else its settings */
  readonly modules: Readonly<Record<string, false | ModuleSettings>>;
}

export const DEFAULT_CONFIG_PATH = '/etc/flightlog/flightlog.yaml';

/** What the load sensor reports without a `loadsensor.values` section: Grid Engine complex / HTCondor attribute → key. */
export const DEFAULT_LOAD_VALUES: Readonly<Record<string, string>> = {
  cpu_busy_pct: 'cpu.busy_pct',
  mem_used_pct: 'mem.used_pct',
  mem_available_bytes: 'mem.available_bytes',
  psi_cpu_some_pct: 'psi.cpu.some_pct',
  psi_memory_some_pct: 'psi.memory.some_pct',
  psi_io_some_pct: 'psi.io.some_pct',
};

/** /var/lib/flightlog/state.json for root, else $XDG_STATE_HOME/flightlog/state.json (~/.local/state by default). */
export function defaultStatePath(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.() ?? 0): string {
  if (uid === 0) return '/var/lib/flightlog/state.json';
  const base = env.XDG_STATE_HOME?.startsWith('/') ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(base, 'flightlog', 'state.json');
}

type Raw = Record<string, unknown>;

/**
 * Reads and checks the config. With no `--config` and no file at the default path, the defaults apply;
 * a file named with `--config` must exist. Any problem is a UsageError naming the file, the key and the fix.
 * With `cacheDir` (the state's directory: the commands that sample) the parsed file is kept there for
 * the next run (parsed-cache.ts); the other commands parse it each time and write nothing.
 */
export async function loadConfig(path: string | undefined, cacheDir?: string): Promise<Config> {
  const file = path ?? DEFAULT_CONFIG_PATH;
  if (path === undefined && !existsSync(file)) return fromRaw({}, undefined);
  let raw: unknown;
  try {
    // refused before it is read: a config is a page of settings, and parsing tens of MB takes a minute and gigabytes
    const st = statSync(file);
    if (!st.isFile()) throw new UsageError(`not a plain file; fix: point --config at the YAML file`);
    if (st.size > MAX_CONFIG_BYTES)
      throw new UsageError(
        `${st.size} bytes, more than a config file can be (${MAX_CONFIG_BYTES}); fix: keep the settings only (the shipped /etc/flightlog/flightlog.yaml is 6 KB)`,
      );
    raw =
      (cacheDir === undefined
        ? await parseYaml(readFileSync(file, 'utf8'))
        : await parseWithCache(file, cacheDir, parseYaml)) ?? {};
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`${file}: ${err.message}`);
    throw new UsageError(`${file}: cannot read the config file: ${(err as Error).message}`);
  }
  const problem = check(raw, CONFIG_SCHEMA, '');
  if (problem) throw new UsageError(`${file}: ${problem.path}: ${problem.what}; fix: ${problem.fix}`);
  return fromRaw(raw as Raw, file);
}

/** The largest config file read: the shipped one, all comments, is a few KB. */
const MAX_CONFIG_BYTES = 1024 * 1024;

async function parseYaml(text: string): Promise<unknown> {
  // loaded here only: a run whose config is unchanged or absent never pays for the YAML parser
  const YAML = await import('yaml');
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) throw new UsageError(`not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  return doc.toJS();
}

export const spoolDir = (config: Config): string => config.spool.dir ?? join(dirname(config.state), 'spool');

/** A setting's value as a module is given it: a pattern compiled, in a list or a map too. */
function compiled(rule: Rule, value: unknown): unknown {
  if (rule.kind === 'regex') return linearRegExp(value as string);
  if (rule.kind === 'list') return (value as unknown[]).map((v) => compiled(rule.of, v));
  if (rule.kind === 'map')
    return Object.fromEntries(Object.entries(value as Raw).map(([k, v]) => [k, compiled(rule.of, v)]));
  return value;
}

function section(raw: Raw, key: string): Raw {
  return (raw[key] as Raw | null | undefined) ?? {};
}

function fromRaw(raw: Raw, source: string | undefined): Config {
  const spool = section(raw, 'spool');
  const state = (raw.state as string | undefined) ?? defaultStatePath();
  const modules: Record<string, false | ModuleSettings> = {};
  for (const [name, value] of Object.entries(section(raw, 'modules'))) {
    if (value === false) modules[name] = false;
    else if (value === true || value === null) modules[name] = {};
    else {
      // checked against the schema already: each value as its entry's rule makes it (patterns compiled)
      const own = entryOf(name)?.settings ?? {};
      modules[name] = Object.fromEntries(
        Object.entries(value as Raw).map(([key, v]) => [key, own[key] === undefined ? v : compiled(own[key].rule, v)]),
      );
    }
  }
  return {
    ...(source === undefined ? {} : { source }),
    interval: (raw.interval as number | undefined) ?? 600,
    firstInterval: (raw.first_interval as number | undefined) ?? 1,
    state,
    // root's runs go to the machine's log; another user's trial run, with no outputs of its own, to its terminal
    outputs: (raw.outputs as OutputName[] | undefined) ?? ((process.getuid?.() ?? 0) === 0 ? ['syslog'] : ['stdout']),
    // each output's section with its defaults (checked against its rules already); mqtt's and influxdb's
    // only where the config has them
    ...(Object.fromEntries(
      SECTIONS.filter((o) => o.missing === undefined || raw[o.name] != null).map((o) => [
        o.name,
        { ...o.defaults, ...section(raw, o.name) },
      ]),
    ) as unknown as Pick<Config, 'syslog' | 'file' | 'prom' | 'mqtt' | 'influxdb'>),
    spool: {
      ...(spool.dir === undefined ? {} : { dir: spool.dir as string }),
      maxBytes: (spool.max_bytes as number | undefined) ?? 10 * 1024 * 1024,
    },
    events: { maxPerModule: (section(raw, 'events').max_per_module as number | undefined) ?? DEFAULT_MAX_EVENTS },
    ...(section(raw, 'sign').key === undefined ? {} : { sign: { key: section(raw, 'sign').key as string } }),
    loadsensor: {
      ...(section(raw, 'loadsensor').host === undefined ? {} : { host: section(raw, 'loadsensor').host as string }),
      values: (section(raw, 'loadsensor').values as Record<string, string> | undefined) ?? DEFAULT_LOAD_VALUES,
    },
    modules,
  };
}
