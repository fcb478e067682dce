import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config/config';
import { entry as pacct } from '../modules/pacct/entry';
import { settingsOf } from '../modules/registry';
import { sendErrorText } from '../outputs/syslog';
import { entryAt, untrustedDir } from '../io/file';
import { loadState } from '../state/store';

/** What `flightlog check` found: `fatal` when this machine cannot record as configured, else advice. */
export interface Finding {
  readonly fatal: boolean;
  readonly what: string;
  /** what to do about it */
  readonly fix: string;
}

/** One line about the schedule, the routing, the last sample and the log, and the findings that stand in the way. */
export interface Checkup {
  readonly lines: string[];
  readonly findings: Finding[];
}

/**
 * The machine as a recorder, beyond the modules: can a run write its outputs and its state, does
 * something start it, is its last sample recent, is the log where the readers look and readable,
 * and do the event sources that look fine really produce. `root` is where /etc and /proc are read
 * (a container checking its host).
 */
export async function checkup(config: Config, root: string, opts: CheckupOptions = {}): Promise<Checkup> {
  const nowMs = opts.nowMs ?? Date.now();
  const lines: string[] = [];
  const findings: Finding[] = [];
  const at = (p: string): string => join(root, p);
  const statePath = recorderState(config, opts);
  if (statePath !== config.state)
    lines.push(
      `as uid ${process.getuid?.()}: about the machine's recorder, which runs as root (give --state for a recorder of this user's)`,
    );

  if (config.outputs.includes('syslog') && config.syslog.host === undefined) {
    const problem = await socketProblem(config.syslog.socket);
    if (problem !== undefined) {
      const installed = existsSync(at('usr/sbin/rsyslogd'));
      findings.push({
        fatal: true,
        what: `the syslog socket ${config.syslog.socket}: ${problem}: every sample would wait in the spool`,
        fix: installed
          ? 'start rsyslog (systemctl start rsyslog, or rsyslogd where no systemd runs), or set syslog.socket'
          : 'install and start a syslog daemon (apt install rsyslog), or set syslog.socket',
      });
    }
    const rule = rsyslogRule(at('etc/rsyslog.d'), config.syslog.facility);
    lines.push(
      `routing: ${rule === undefined ? `no rsyslog rule for ${config.syslog.facility} in /etc/rsyslog.d` : `${config.syslog.facility} routed by ${rule}`}`,
    );
    if (rule === undefined)
      findings.push({
        fatal: false,
        what: `no rsyslog rule sends ${config.syslog.facility} to ${config.file.path}: the lines go wherever the daemon's defaults put them`,
        fix: 'install rsyslog.d/30-flightlog.conf (the package does) and restart rsyslog',
      });
  }

  if (statePath === config.state) {
    const stateProblem = writableProblem(dirname(config.state));
    if (stateProblem !== undefined)
      findings.push({ fatal: true, what: `the state directory ${stateProblem.what}`, fix: stateProblem.fix });
  }

  const schedule = scheduleOf(root, opts.program);
  lines.push(`schedule: ${schedule.line}`);
  findings.push(...schedule.findings);

  const loaded = loadState(statePath);
  if (loaded.kind === 'ok') {
    const ageS = Math.max(0, (nowMs - loaded.state.timeMs) / 1000);
    lines.push(`last sample: ${ago(ageS)} ago (runs every ${ago(config.interval)})`);
    if (ageS > 2 * config.interval)
      findings.push({
        fatal: false,
        what: `the last sample is ${ago(ageS)} old, more than twice the interval of ${ago(config.interval)}`,
        fix: 'see that cron (or the timer) runs: grep flightlog /var/log/syslog, or systemctl status flightlog.timer',
      });
  } else
    lines.push(`last sample: ${loaded.kind === 'none' ? 'none yet' : `the state file cannot be read (${loaded.why})`}`);

  try {
    accessSync(config.file.path, constants.R_OK);
    lines.push(`log: ${config.file.path} (readable)`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    lines.push(`log: ${config.file.path} (${code === 'ENOENT' ? 'not there yet' : `not readable: ${code}`})`);
    if (code === 'EACCES')
      findings.push({
        fatal: false,
        what: `this user cannot read ${config.file.path}: grep, report and plot will not either`,
        fix: 'read as root, or join the adm group (sudo usermod -aG adm $USER)',
      });
  }

  findings.push(...eventSourceFindings(config, root));
  return { lines, findings };
}

/** What a check is told beyond the config: whether the user named a state, this program's path, the time. */
export interface CheckupOptions {
  readonly stateGiven?: boolean;
  /** the running program (its realpath is compared with what the schedule starts); undefined under another root */
  readonly program?: string;
  readonly nowMs?: number;
}

const ROOT_STATE = '/var/lib/flightlog/state.json';

/** The state a check speaks of: a user's check is about the machine's recorder, root's, unless the user named a state of its own. */
export const recorderState = (config: Config, opts: CheckupOptions): string =>
  (process.getuid?.() ?? 0) !== 0 && !opts.stateGiven ? ROOT_STATE : config.state;

/** A time span in words: 45 s, 12 min, 5 h, 3 days. */
export function ago(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 90) return `${s} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} days`;
}

/**
 * Whether the syslog daemon takes datagrams at the socket, tried rather than stat'ed: a daemon that died
 * leaves its socket behind, and nothing reads it. Connecting says so without writing a line.
 */
async function socketProblem(path: string): Promise<string | undefined> {
  try {
    if (!statSync(path).isSocket()) return 'not a socket';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no socket there' : (err as Error).message;
  }
  try {
    const { createSocket } = (await import('unix-dgram')) as {
      createSocket: (type: string) => {
        on(e: 'error', f: (err: Error) => void): void;
        connect(p: string): void;
        close(): void;
      };
    };
    const sock = createSocket('unix_dgram');
    let failure: Error | undefined;
    sock.on('error', (err) => {
      failure ??= err;
    });
    sock.connect(path);
    sock.close();
    return failure === undefined ? undefined : sendErrorText(failure);
  } catch {
    // no native module here: logger(1) tries the socket with a line of the user facility's, at debug
    const tried = spawnSync(
      'logger',
      ['--socket-errors=on', '-u', path, '-p', 'user.debug', '-t', 'flightlog-check', 'socket check'],
      { encoding: 'utf8', timeout: 5000 },
    );
    return tried.status === 0
      ? undefined
      : tried.stderr.trim().split('\n').pop() || `logger exit status ${tried.status}`;
  }
}

/** The schedule as installed, and whether it will start this program. */
function scheduleOf(root: string, program: string | undefined): { line: string; findings: Finding[] } {
  const at = (p: string): string => join(root, p);
  const findings: Finding[] = [];
  const parts: string[] = [];
  const cronFile = at('etc/cron.d/flightlog');
  if (existsSync(cronFile)) {
    const daemon = cronDaemon(at('proc'));
    parts.push(
      `cron (/etc/cron.d/flightlog${daemon === undefined ? ', but no cron daemon runs' : `, run by ${daemon}`})`,
    );
    if (daemon === undefined)
      findings.push({
        fatal: true,
        what: 'no cron daemon runs: /etc/cron.d/flightlog starts nothing',
        fix: 'start cron (systemctl enable --now cron, or cron where no systemd runs), or use the timer: systemctl enable --now flightlog.timer',
      });
    findings.push(...startsThis('/etc/cron.d/flightlog', cronCommands(readFileSync(cronFile, 'utf8')), root, program));
  }
  if (entryAt(at('etc/systemd/system/timers.target.wants/flightlog.timer'))) {
    const systemd = existsSync(at('run/systemd/system'));
    parts.push(`systemd timer (flightlog.timer, enabled${systemd ? '' : ', but systemd does not run here'})`);
    if (!systemd)
      findings.push({
        fatal: true,
        what: "flightlog.timer is enabled, but systemd is not this machine's init: the timer never fires",
        fix: 'use cron instead: install cron.d/flightlog and start cron',
      });
    const unit = [
      'etc/systemd/system/flightlog.service',
      'lib/systemd/system/flightlog.service',
      'usr/lib/systemd/system/flightlog.service',
    ]
      .map(at)
      .find(existsSync);
    if (unit !== undefined)
      findings.push(
        ...startsThis(
          'flightlog.service',
          [...readFileSync(unit, 'utf8').matchAll(/^ExecStart=(.*)$/gm)].map((m) => ({
            command: m[1] as string,
            path: '/usr/bin:/bin',
          })),
          root,
          program,
        ),
      );
  }
  if (parts.length === 0)
    findings.push({
      fatal: true,
      what: 'nothing starts flightlog sample: no /etc/cron.d/flightlog and no enabled flightlog.timer',
      fix: 'install cron.d/flightlog (the package does), or systemctl enable --now flightlog.timer',
    });
  return { line: parts.length === 0 ? 'none installed' : parts.join(' and '), findings };
}

/** The process names of the cron daemons there are (cron, cronie's and busybox's crond, fcron). */
const CRON_DAEMONS = new Set(['cron', 'crond', 'fcron']);

/** The cron daemon running under this /proc, by its name, or undefined. */
function cronDaemon(proc: string): string | undefined {
  let pids: string[];
  try {
    pids = readdirSync(proc).filter((n) => /^\d+$/.test(n));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    try {
      const comm = readFileSync(join(proc, pid, 'comm'), 'utf8').trim();
      if (CRON_DAEMONS.has(comm)) return comm;
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** The commands of a cron.d file, each with the PATH it runs under (the file's own, else cron's default). */
function cronCommands(text: string): Array<{ command: string; path: string }> {
  let path = '/usr/bin:/bin';
  const out: Array<{ command: string; path: string }> = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const env = /^PATH\s*=\s*(.*)$/.exec(line);
    if (env) path = (env[1] as string).replace(/^["']|["']$/g, '');
    else if (!/^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(line)) {
      const fields = line.split(/\s+/);
      const command = (fields[0] as string).startsWith('@') ? fields.slice(2).join(' ') : fields.slice(6).join(' ');
      if (command.includes('flightlog')) out.push({ command, path });
    }
  }
  return out;
}

/**
 * Whether the schedule's commands run this program: every flightlog they name (a path, or a bare name
 * looked up in their PATH) must be there and, on this machine's own root, be this program.
 */
function startsThis(
  where: string,
  commands: ReadonlyArray<{ command: string; path: string }>,
  root: string,
  program: string | undefined,
): Finding[] {
  const findings: Finding[] = [];
  const mine = program === undefined ? undefined : realOrSelf(program);
  for (const { command, path } of commands) {
    const named = [...new Set(command.split(/[\s;&|()[\]{}]+/).filter((w) => /(^|\/)flightlog$/.test(w)))];
    // a path that is not there (a guard such as `[ -x /usr/bin/flightlog ]`) says all there is to say of the command
    const paths = named.filter((w) => w.includes('/'));
    const missing = paths.filter((p) => !executable(join(root, p)));
    for (const word of missing.length > 0 ? missing : named) {
      const found = word.includes('/') ? [word] : path.split(':').map((d) => join(d, word));
      const there = found.find((p) => executable(join(root, p)));
      if (there === undefined) {
        findings.push({
          fatal: true,
          what: `${where} runs ${word}, which is not there${word.includes('/') ? '' : ` in its PATH (${path})`}: it samples nothing`,
          fix:
            mine === undefined
              ? `point ${where} at the installed flightlog`
              : `point ${where} at ${program} (flightlog setup does it)`,
        });
      } else if (mine !== undefined && realOrSelf(join(root, there)) !== mine) {
        findings.push({
          fatal: false,
          what: `${where} runs ${there}, another flightlog than this one (${program})`,
          fix: `point ${where} at ${program}, or remove the other`,
        });
      }
    }
  }
  return findings;
}

const executable = (p: string): boolean => {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

const realOrSelf = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};

/** The first file of rsyslog.d that routes the facility, or undefined. */
function rsyslogRule(dir: string, facility: string): string | undefined {
  try {
    return readdirSync(dir)
      .sort()
      .map((n) => join(dir, n))
      .find((p) => p.endsWith('.conf') && new RegExp(`^\\s*${facility}\\.`, 'm').test(readFileSync(p, 'utf8')));
  } catch {
    return undefined;
  }
}

/** Why a run could not keep its state in `dir`, and the fix that applies, or undefined when it can (made where it is missing). */
function writableProblem(dir: string): { what: string; fix: string } | undefined {
  let probe = dir;
  while (!existsSync(probe) && dirname(probe) !== probe) probe = dirname(probe);
  const untrusted = probe === dir ? untrustedDir(dir) : undefined;
  if (untrusted !== undefined)
    return {
      what: untrusted,
      fix: "chown it to this user and chmod go-w it, or point --state (or state: in the config) at a directory of this user's own",
    };
  try {
    accessSync(probe, constants.W_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const what = `${dir} cannot be ${probe === dir ? 'written' : `made (in ${probe})`}: ${code}`;
    if (code === 'EROFS')
      return {
        what: `${what}, the filesystem is read-only`,
        fix: 'remount it read-write, or point --state (or state: in the config) at a writable filesystem',
      };
    return {
      what,
      fix: "run as a user who can write it, or point --state (or state: in the config) at a directory of this user's own",
    };
  }
}

/** Event sources that answer but would never report: core dumps that go elsewhere, accounting that is off. */
function eventSourceFindings(config: Config, root: string): Finding[] {
  const out: Finding[] = [];
  if (config.modules.coredump !== false) {
    let pattern = '';
    try {
      pattern = readFileSync(join(root, 'proc/sys/kernel/core_pattern'), 'utf8').trim();
    } catch {
      // no such file under this root: nothing to say
    }
    if (pattern !== '' && !pattern.includes('systemd-coredump')) {
      out.push({
        fatal: false,
        what: `coredump: core_pattern is ${JSON.stringify(pattern)}: cores do not go to systemd-coredump, so this module sees none (kmsg still counts segfaults)`,
        fix: 'apt install systemd-coredump',
      });
    }
  }
  if (config.modules.pacct !== false) {
    const path = String(settingsOf(pacct, config.modules.pacct).path);
    try {
      const st = statSync(join(root, path));
      const bootMs = Date.now() - Number(readFileSync(join(root, 'proc/uptime'), 'utf8').split(' ')[0]) * 1000;
      if (st.size === 0 || st.mtimeMs < bootMs) {
        out.push({
          fatal: false,
          what: `pacct: ${path} has not grown since this boot: process accounting looks off, and its counts would be zeros`,
          fix: `accton ${path} (or systemctl enable --now acct)`,
        });
      }
    } catch {
      // no accounting file: the module says it is absent
    }
  }
  return out;
}
