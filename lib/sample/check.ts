import { existsSync } from 'node:fs';
import type { Config } from '../config/config';
import { readSecretBytes } from '../io/secret';
import { deadline } from '../core/deadline';
import { errorText, SourceMissing } from '../core/errors';
import { EVENT_MODULE_DEADLINE_MS } from '../events/collect';
import { EVENTS, MODULES, SAMPLING } from '../modules/registry';
import { unixDgramProblem } from '../outputs/syslog';
import { runCommand } from '../sources/command';
import { Sources } from '../sources/read';
import { parseUptime } from '../sources/uptime';
import { checkup, recorderState, type CheckupOptions } from './doctor';
import { enabledEventModules, enabledModules } from './enabled';
import { readAll } from './read-all';

/**
 * `flightlog check`: the config as flightlog understands it, what each module can read here (read the
 * way a sample reads it), and a checkup of the machine as a recorder (./doctor.ts). Exit 1 when it
 * cannot record as configured (no syslog socket, a state directory it cannot write). Changes nothing.
 */
export async function checkMachine(
  config: Config,
  root: string,
  opts: CheckupOptions = {},
): Promise<{ readonly lines: string[]; readonly exitCode: 0 | 1 }> {
  const lines = [
    `config:  ${config.source ?? 'no config file: built-in defaults'}`,
    `state:   ${recorderState(config, opts)}${existsSync(recorderState(config, opts)) ? '' : ' (not yet written)'}`,
    `outputs: ${config.outputs.join(', ')}`,
    ...(config.outputs.includes('syslog') ? [await syslogLine(config)] : []),
    ...(config.sign === undefined ? [] : [signLine(config.sign.key)]),
    `root:    ${root}`,
    'modules:',
  ];
  const snap = await readAll(new Sources(root), await enabledModules(config));
  const width = Math.max(...MODULES.map((m) => m.name.length));
  for (const entry of SAMPLING) {
    const name = entry.name.padEnd(width);
    const result = snap.results.get(entry.name);
    if (result === undefined)
      lines.push(
        `  ${name}  off      ${config.modules[entry.name] === false ? `modules.${entry.name} is false` : (entry.optIn ?? `turn it on with modules.${entry.name}: true`)}`,
      );
    else if (result.ok)
      lines.push(`  ${name}  ok       ${result.readings.length} subject(s) from ${entry.sources.join(', ')}`);
    else if (result.missing) lines.push(`  ${name}  absent   ${result.why}: the module writes nothing on this machine`);
    else lines.push(`  ${name}  error    ${result.error}`);
  }
  lines.push('event modules:', ...(await eventLines(config, root, width)));
  const { lines: more, findings } = await checkup(config, root, opts);
  lines.push(...more);
  const fatal = findings.filter((f) => f.fatal);
  lines.push(
    findings.length === 0
      ? 'this machine can record: nothing to fix'
      : fatal.length > 0
        ? 'this machine cannot record as configured:'
        : 'worth a look:',
  );
  for (const f of [...fatal, ...findings.filter((x) => !x.fatal)])
    lines.push(`  ${f.fatal ? 'problem' : 'note'}: ${f.what}; fix: ${f.fix}`);
  return { lines, exitCode: fatal.length > 0 ? 1 : 0 };
}

/**
 * What each event module finds here: each is asked as on a very first run (no cursor, no earlier
 * state), and nothing it reports is consumed (an app queue stays queued).
 */
async function eventLines(config: Config, root: string, width: number): Promise<string[]> {
  const src = new Sources(root);
  const bootId = (await src.attribute('proc/sys/kernel/random/boot_id')) ?? '';
  const uptimeS = parseUptime((await src.maybeText('proc/uptime')) ?? '0 0');
  const enabled = new Map((await enabledEventModules(config)).map((e) => [e.name, e]));
  const out: string[] = [];
  for (const entry of EVENTS) {
    if (entry.load === undefined) continue;
    const name = entry.name.padEnd(width);
    const on = enabled.get(entry.name);
    if (on === undefined) {
      out.push(`  ${name}  off      modules.${entry.name} is false`);
      continue;
    }
    try {
      // within the deadline a sample gives it: a module that hangs is what check must find, not hang on
      await deadline(
        on.module.collect({
          src,
          settings: on.settings,
          cursor: undefined,
          bootId,
          prev: undefined,
          sameBoot: false,
          nowMs: Date.now(),
          uptimeS,
          run: runCommand,
          statePath: config.state,
        }),
        EVENT_MODULE_DEADLINE_MS,
        `event module ${entry.name}`,
      );
      out.push(`  ${name}  ok       from ${entry.sources.join(', ')}`);
    } catch (err) {
      if (err instanceof SourceMissing)
        out.push(`  ${name}  absent   ${err.message}: the module writes nothing on this machine`);
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
