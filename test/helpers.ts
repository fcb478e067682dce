import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Config } from '../lib/config/config';
import type { Output } from '../lib/outputs/types';
import type { CommandRunner } from '../lib/sources/command';
import { sampleLines } from '../lib/format/sample-lines';
import type { Sample } from '../lib/core/sample';
import type { FsStats } from '../lib/sources/read';
import type { ModuleSettings } from '../lib/core/reading';
import { entryOf, settingsOf } from '../lib/modules/registry';

export const fixtureRoot = (...parts: string[]): string => join(__dirname, 'fixtures', ...parts);

/** A temporary directory, removed by the returned cleanup. Short, so that unix socket paths inside fit in 107 bytes. */
export function tempDir(prefix = 'fl'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** statfs answers by mount point relative to the root; a mount point not listed is ENOENT. */
export function fakeStatfs(root: string, table: Record<string, FsStats | Error>): (path: string) => Promise<FsStats> {
  return async (path) => {
    const rel = `/${relative(root, path)}`.replace(/\/$/, '') || '/';
    const answer = table[rel];
    if (answer === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    if (answer instanceof Error) throw answer;
    return answer;
  };
}

/** The basic fixture's filesystems, with the values the expected lines are worked out from. */
export const BASIC_STATFS: Record<string, FsStats> = {
  '/': { bsize: 4096, blocks: 1_000_000, bfree: 400_000, bavail: 350_000, files: 100_000, ffree: 75_000 },
  '/var/log': { bsize: 1024, blocks: 200_000, bfree: 200_000, bavail: 190_000, files: 0, ffree: 0 },
  '/srv/my data': { bsize: 4096, blocks: 2500, bfree: 500, bavail: 500, files: 10, ffree: 5 },
};

export function testConfig(dir: string, over: Partial<Config> = {}): Config {
  return {
    interval: 600,
    firstInterval: 0,
    state: join(dir, 'state.json'),
    outputs: [],
    syslog: {
      socket: join(dir, 'log.sock'),
      facility: 'local4',
      ident: 'flightlog',
      via: 'auto',
      port: 514,
      protocol: 'udp',
      timeout: 5,
    },
    prom: { dir },
    file: { path: join(dir, 'flightlog.log') },
    spool: { maxBytes: 1024 * 1024 },
    events: { maxPerModule: 10 },
    loadsensor: { values: {} },
    modules: {},
    ...over,
  };
}

/** An output that keeps what it is given (or fails, to exercise the spool). */
export function memoryOutput(fail = false): Output & { samples: Sample[] } {
  const samples: Sample[] = [];
  return {
    name: 'memory',
    samples,
    write: async (given) => {
      if (fail) throw new Error('memory output is down');
      samples.push(...given);
    },
  };
}

/** The value of one key in a sample, as written on the line. */
export function linesOf(sample: Sample): string[] {
  return sampleLines(sample);
}

/** A runner that answers from test/fixtures/commands: `command arg…` → file, anything else → not installed. */
export function recorded(table: Record<string, string>): CommandRunner & { calls: string[] } {
  const calls: string[] = [];
  const run = async (command: string, args: readonly string[]) => {
    const line = [command, ...args].join(' ');
    calls.push(line);
    const file = table[line];
    if (file === undefined) return undefined;
    return { stdout: readFileSync(fixtureRoot('commands', file), 'utf8'), exitCode: 0 };
  };
  return Object.assign(run, { calls });
}

/** A module's settings as a run gives them, its entry's defaults and then `over`: for calling its code directly. */
export function settingsFor<S extends ModuleSettings>(module: string, over: Partial<NoInfer<S>> = {}): S {
  const entry = entryOf(module);
  if (entry === undefined) throw new Error(`no module ${module} in the registry`);
  return settingsOf(entry, over as ModuleSettings) as S;
}
