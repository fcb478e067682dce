import { join } from 'node:path';
import { UsageError } from '../core/errors';
import type { Rule } from '../core/rule';
import type { Output } from './types';

/**
 * Every output flightlog has, as data: its name, the config section of its settings (their rules and
 * defaults), what it cannot work without, and an `open` that loads its code only when a run names it
 * (the syslog output loads winston only when it sends, mqtt loads MQTT.js). The config schema, its
 * defaults, `--output`'s check and every written list of the outputs (held by test/modules/docs.test.ts)
 * come from this list. Every output has a spool of its own (lib/sample/deliver.ts); the outputs that
 * write the sample's text lines carry their signatures (`signed`), the others their own formats.
 */

/** how lines reach the syslog socket: winston-syslog when unix-dgram loads (auto), or always one of them */
export const SYSLOG_VIA = ['auto', 'winston', 'logger'] as const;
export const FACILITIES = [
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
  'user',
  'daemon',
] as const;

/** `syslog:`: the local socket, or with `host` a remote syslog receiver (RFC 5424 over UDP or TCP) */
export interface SyslogSettings {
  readonly socket: string;
  readonly facility: (typeof FACILITIES)[number];
  readonly ident: string;
  readonly via: (typeof SYSLOG_VIA)[number];
  readonly host?: string;
  readonly port: number;
  readonly protocol: 'udp' | 'tcp';
  readonly timeout: number;
}

/** `mqtt:` */
export interface MqttSettings {
  readonly url: string;
  readonly topic: string;
  readonly payload: 'influx' | 'json';
  readonly ca?: string;
  readonly credentials?: string;
  readonly timeout: number;
}

/** `influxdb:` */
export interface InfluxdbSettings {
  readonly url: string;
  readonly db?: string;
  readonly org?: string;
  readonly bucket?: string;
  readonly token_file?: string;
  readonly credentials?: string;
  readonly timeout: number;
}

/** What the outputs are opened with: each section of their settings, as the config has them, and where spools are. */
export interface OutputSettings {
  readonly syslog: SyslogSettings;
  readonly file: { readonly path: string };
  readonly prom: { readonly dir: string };
  readonly mqtt?: MqttSettings;
  readonly influxdb?: InfluxdbSettings;
  readonly spoolDir: string;
}

export type OutputSection = 'syslog' | 'file' | 'prom' | 'mqtt' | 'influxdb';

/** A config section of output settings: the rule of each setting, and the defaults of those that have one. */
export interface SectionEntry {
  readonly name: OutputSection;
  readonly fields: Readonly<Record<string, Rule>>;
  readonly defaults: Readonly<Record<string, unknown>>;
  /**
   * present for a section an output cannot work without (mqtt, influxdb): there only when the config
   * has it, and what is missing from it then, as the usage error says it
   */
  readonly missing?: (section: Readonly<Record<string, unknown>>) => string | undefined;
}

export interface OutputEntry {
  readonly name: string;
  /** the section of its settings, where it has one (the file and stdout outputs take syslog's ident too) */
  readonly section?: OutputSection;
  /** whether its lines end in the sample's signatures (`sig=`, with `sign.key`): the text-line outputs */
  readonly signed: boolean;
  /** its code, loaded when a run names it */
  readonly open: (settings: OutputSettings) => Promise<Output>;
}

const str: Rule = { kind: 'string' };
const url: Rule = { kind: 'url' };
const seconds: Rule = { kind: 'number', min: 0.1, max: 600 };

export const SECTIONS: readonly SectionEntry[] = [
  {
    name: 'syslog',
    fields: {
      socket: str,
      facility: { kind: 'enum', values: FACILITIES },
      ident: {
        kind: 'word',
        pattern: /^[A-Za-z0-9_.-]{1,32}$/,
        fix: 'write a program name of at most 32 letters, digits, _, . and - (it is the syslog tag)',
      },
      via: { kind: 'enum', values: SYSLOG_VIA },
      host: str,
      port: { kind: 'number', min: 1, max: 65535, integer: true },
      protocol: { kind: 'enum', values: ['udp', 'tcp'] },
      timeout: seconds,
    },
    defaults: {
      socket: '/dev/log',
      facility: 'local4',
      ident: 'flightlog',
      via: 'auto',
      port: 514,
      protocol: 'udp',
      timeout: 5,
    },
  },
  { name: 'file', fields: { path: str }, defaults: { path: '/var/log/flightlog.log' } },
  { name: 'prom', fields: { dir: str }, defaults: { dir: '/var/lib/prometheus/node-exporter' } },
  {
    name: 'mqtt',
    fields: {
      url,
      topic: str,
      payload: { kind: 'enum', values: ['influx', 'json'] },
      ca: str,
      credentials: str,
      timeout: seconds,
    },
    defaults: { topic: 'flightlog/{host}/{module}', payload: 'influx', timeout: 5 },
    missing: (s) =>
      s.url === undefined
        ? 'the mqtt output needs mqtt.url in the config file, e.g. mqtt: {url: "mqtt://broker:1883"}'
        : undefined,
  },
  {
    name: 'influxdb',
    fields: { url, db: str, org: str, bucket: str, token_file: str, credentials: str, timeout: seconds },
    defaults: { timeout: 5 },
    missing: (s) =>
      s.url === undefined
        ? 'the influxdb output needs influxdb.url in the config file, e.g. influxdb: {url: "http://127.0.0.1:8086", db: flightlog}'
        : s.bucket !== undefined && (s.org === undefined || s.token_file === undefined)
          ? 'influxdb: an InfluxDB 2.x bucket needs org and token_file too'
          : undefined,
  },
];

/** The settings of a section an output needs, or the usage error that says what is missing. */
function needed<S>(settings: OutputSettings, section: 'mqtt' | 'influxdb'): S {
  const given = settings[section];
  const problem = SECTIONS.find((s) => s.name === section)?.missing?.({ ...given });
  if (given === undefined || problem !== undefined) throw new UsageError(problem ?? `${section} is not configured`);
  return given as S;
}

export const OUTPUTS = [
  {
    name: 'syslog',
    signed: true,
    section: 'syslog',
    open: async (s) =>
      s.syslog.host === undefined
        ? (await import('./syslog')).syslogOutput(s.syslog)
        : (await import('./syslog-remote')).remoteSyslogOutput(s.syslog),
  },
  {
    name: 'file',
    signed: true,
    section: 'file',
    open: async (s) => (await import('./file')).fileOutput(s.file.path, s.syslog.ident),
  },
  { name: 'stdout', signed: true, open: async (s) => (await import('./stdout')).stdoutOutput(s.syslog.ident) },
  { name: 'json', signed: false, open: async () => (await import('./json')).jsonOutput() },
  {
    name: 'mqtt',
    signed: false,
    section: 'mqtt',
    open: async (s) => (await import('./mqtt')).mqttOutput(needed<MqttSettings>(s, 'mqtt')),
  },
  {
    name: 'influxdb',
    signed: false,
    section: 'influxdb',
    open: async (s) => (await import('./influxdb')).influxdbOutput(needed<InfluxdbSettings>(s, 'influxdb')),
  },
  {
    name: 'prom',
    signed: false,
    section: 'prom',
    open: async (s) => (await import('./prom')).promOutput(s.prom.dir, join(s.spoolDir, 'prom-totals.json')),
  },
  { name: 'influx', signed: false, open: async () => (await import('./influx')).influxOutput() },
] as const satisfies readonly OutputEntry[];

export type OutputName = (typeof OUTPUTS)[number]['name'];
export const OUTPUT_NAMES: readonly OutputName[] = OUTPUTS.map((o) => o.name);

/**
 * The outputs a run names, each loaded only then, so a run pays at start-up only for the outputs it
 * uses. Settings an output cannot work without, and secrets files open to others, are usage errors
 * before any sampling.
 */
export function openOutputs(names: readonly OutputName[], settings: OutputSettings): Promise<Output[]> {
  return Promise.all(names.map((name) => (OUTPUTS.find((o) => o.name === name) as OutputEntry).open(settings)));
}
