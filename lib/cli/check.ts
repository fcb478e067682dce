import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../config/config';
import { readSecretBytes } from '../config/secret';
import { errorText, SourceMissing } from '../core/errors';
import { eventModules } from '../events/index';
import { isEnabled, SAMPLING_MODULES } from '../modules/index';
import { unixDgramProblem } from '../outputs/syslog';
import { writeStdout } from '../outputs/stdout';
import { readAll } from '../sample/read-all';
import { runCommand } from '../sources/command';
import { Sources } from '../sources/read';
import { parseUptime } from '../sources/uptime';
import type { CommonArgs } from './options';
import { resolveConfig } from './options';

/** How to turn on an opt-in module that needs more than `true`. */
const TURN_ON: Readonly<Record<string, string>> = {
  net_check: 'give it targets: modules.net_check: {ping: [host], tcp: ["host:port"]}',
  mount_check: 'give it mount points: modules.mount_check: {mounts: [/, /srv]}',
};

/**
 * `flightlog check`: the config as flightlog understands it, what each module can read here, and a
 * checkup of the machine as a recorder (lib/sample/doctor.ts). Exit 1 when it cannot record as
 * configured (no syslog socket, a state directory it cannot write), 2 for a config error. Changes nothing.
 */
export async function checkCommand(args: CommonArgs): Promise<number> {
  const config = await resolveConfig(args);
  const root = resolve(args.root);
  const lines = [
    `config:  ${config.source ?? 'no config file: built-in defaults'}`,
    `state:   ${config.state}${existsSync(config.state) ? '' : ' (not yet written)'}`,
    `outputs: ${config.outputs.join(', ')}`,
    ...(config.outputs.includes('syslog') ? [await syslogLine(config)] : []),
    ...(config.sign === undefined ? [] : [signLine(config.sign.key)]),
    `root:    ${root}`,
    'modules:',
  ];
  const enabled = SAMPLING_MODULES.filter((m) => isEnabled(m.name, config.modules[m.name]));
  const snap = await readAll(root, enabled.map((module) => ({ module, settings: config.modules[module.name] || {} })));
  const width = Math.max(...SAMPLING_MODULES.map((m) => m.name.length));
  for (const module of SAMPLING_MODULES) {
    const name = module.name.padEnd(width);
    const result = snap.results.get(module.name);
    if (result === undefined) lines.push(`  ${name}  off      ${config.modules[module.name] === false ? `modules.${module.name} is false` : TURN_ON[module.name] ?? `turn it on with modules.${module.name}: true`}`);
    else if (result.ok) lines.push(`  ${name}  ok       ${result.readings.length} subject(s) from ${module.sources.join(', ')}`);
    else if (result.missing) lines.push(`  ${name}  absent   ${result.why}: the module writes nothing on this machine`);
    else lines.push(`  ${name}  error    ${result.error}`);
  }
  lines.push('event modules:', ...(await eventLines(config, root, width)));
  const { checkup } = await import('../sample/doctor');
  const { lines: more, findings } = checkup(config, root);
  lines.push(...more);
  const fatal = findings.filter((f) => f.fatal);
  lines.push(findings.length === 0 ? 'this machine can record: nothing to fix' : fatal.length > 0 ? 'this machine cannot record as configured:' : 'worth a look:');
  for (const f of [...fatal, ...findings.filter((x) => !x.fatal)]) lines.push(`  ${f.fatal ? 'problem' : 'note'}: ${f.what}; fix: ${f.fix}`);
  await writeStdout(lines.map((l) => `${l}\n`).join(''));
  return fatal.length > 0 ? 1 : 0;
}

/**
 * What each event module finds here: each is asked as on a very first run (no cursor, no earlier
 * state), and nothing it reports is consumed (an app queue stays queued).
 */
async function eventLines(config: Config, root: string, width: number): Promise<string[]> {
  const src = new Sources(root);
  const bootId = (await src.attribute('proc/sys/kernel/random/boot_id')) ?? '';
  const uptimeS = parseUptime((await src.maybeText('proc/uptime')) ?? '0 0');
  const out: string[] = [];
  for (const module of eventModules(config.state)) {
    const name = module.name.padEnd(width);
    if (config.modules[module.name] === false) {
      out.push(`  ${name}  off      modules.${module.name} is false`);
      continue;
    }
    try {
      await module.collect({ src, settings: config.modules[module.name] || {}, cursor: undefined, bootId, prev: undefined, sameBoot: false, nowMs: Date.now(), uptimeS, run: runCommand });
      out.push(`  ${name}  ok       from ${module.sources.join(', ')}`);
    } catch (err) {
      if (err instanceof SourceMissing) out.push(`  ${name}  absent   ${err.message}: the module writes nothing on this machine`);
      else out.push(`  ${name}  error    ${errorText(err)}`);
    }
  }
  return out;
}

function signLine(path: string): string {
  try {
    readSecretBytes(path, 'sign.key');
    return `sign:    every line signed with the key in ${path}`;
  } catch (err) {
    return `sign:    ${(err as Error).message}`;
  }
}

async function syslogLine(config: Config): Promise<string> {
  const { socket, via, facility, ident } = config.syslog;
  const problem = via === 'logger' ? 'syslog.via is logger' : await unixDgramProblem();
  const how = problem === undefined ? 'winston-syslog (unix-dgram)' : `logger(1), because ${problem}`;
  const there = existsSync(socket) ? '' : ' — the socket does not exist now';
  return `syslog:  ${facility}.notice as ${ident} to ${socket} through ${how}${there}`;
}
