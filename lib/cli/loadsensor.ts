import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '../config/config';
import { formatValue } from '../format/value';
import { writeStdout } from '../io/stdout';
import { LoadSampler } from '../sample/loadsensor';
import { say } from '../core/say';

export interface LoadsensorArgs {
  readonly format: 'gridengine' | 'condor';
  readonly period?: number;
  readonly config?: string;
  readonly root: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * `flightlog loadsensor`: Grid Engine's load sensor protocol. For each line sge_execd writes, one
 * report: `begin`, `host:name:value` per configured value, `end`; `quit` or the end of input ends it
 * with status 0. `--format condor`: an HTCondor startd cron job: `Name = value` lines and `-`, once
 * (Periodic mode), or every `--period` seconds (WaitForExit mode). Only reports go to stdout; anything
 * else (a module's error) goes to stderr.
 */
export async function loadsensorCommand(args: LoadsensorArgs): Promise<number> {
  const config = await loadConfig(args.config);
  const warn = (line: string): void => say(line, 'flightlog loadsensor');
  const sampler = new LoadSampler(config, resolve(args.root), warn);
  const number = (v: number): string => formatValue(v) ?? '0';
  if (args.format === 'condor') {
    for (;;) {
      const values = await sampler.report(sleep);
      await writeStdout(`${values.map(([name, v]) => `${name} = ${number(v)}\n`).join('')}-\n`);
      if (args.period === undefined) return 0;
      await sleep(args.period * 1000);
    }
  }
  const host = config.loadsensor.host ?? hostname();
  await sampler.baseline();
  for await (const line of createInterface({ input: process.stdin, terminal: false })) {
    if (line.trim() === 'quit') break;
    const values = await sampler.report(sleep);
    await writeStdout(`begin\n${values.map(([name, v]) => `${host}:${name}:${number(v)}\n`).join('')}end\n`);
  }
  return 0;
}
