import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config/config';
import { untrustedDir } from '../state/file';
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
export function checkup(config: Config, root: string, nowMs = Date.now()): Checkup {
  const lines: string[] = [];
  const findings: Finding[] = [];
  const at = (p: string): string => join(root, p);

  if (config.outputs.includes('syslog') && config.syslog.host === undefined) {
    let socket = false;
    try {
      socket = statSync(config.syslog.socket).isSocket();
    } catch {
      // reported below
    }
    if (!socket) findings.push({ fatal: true, what: `no syslog socket at ${config.syslog.socket}: every sample would wait in the spool`, fix: 'start a syslog daemon (apt install rsyslog), or set syslog.socket' });
    const rule = rsyslogRule(at('etc/rsyslog.d'), config.syslog.facility);
    lines.push(`routing: ${rule === undefined ? `no rsyslog rule for ${config.syslog.facility} in /etc/rsyslog.d` : `${config.syslog.facility} routed by ${rule}`}`);
    if (rule === undefined) findings.push({ fatal: false, what: `no rsyslog rule sends ${config.syslog.facility} to ${config.file.path}: the lines go wherever the daemon's defaults put them`, fix: 'install rsyslog.d/30-flightlog.conf (the package does) and restart rsyslog' });
  }

  const stateDir = dirname(config.state);
  const stateProblem = writableProblem(stateDir);
  if (stateProblem !== undefined) findings.push({ fatal: true, what: `the state directory ${stateProblem}`, fix: 'run as a user who can write it, or point --state (or state: in the config) at a directory of this user\'s own' });

  const schedule = [
    existsSync(at('etc/cron.d/flightlog')) ? 'cron (/etc/cron.d/flightlog)' : undefined,
    existsSync(at('etc/systemd/system/timers.target.wants/flightlog.timer')) ? 'systemd timer (flightlog.timer, enabled)' : undefined,
  ].filter((s): s is string => s !== undefined);
  lines.push(`schedule: ${schedule.length === 0 ? 'none installed' : schedule.join(' and ')}`);
  if (schedule.length === 0) findings.push({ fatal: false, what: 'nothing starts flightlog sample: no /etc/cron.d/flightlog and no enabled flightlog.timer', fix: 'install cron.d/flightlog (the package does), or systemctl enable --now flightlog.timer' });

  const loaded = loadState(config.state);
  if (loaded.kind === 'ok') {
    const ageS = Math.max(0, (nowMs - loaded.state.timeMs) / 1000);
    lines.push(`last sample: ${Math.round(ageS)} s ago (interval ${config.interval} s)`);
    if (ageS > 2 * config.interval) findings.push({ fatal: false, what: `the last sample is ${Math.round(ageS)} s old, more than twice the interval of ${config.interval} s`, fix: 'see that cron (or the timer) runs: grep flightlog /var/log/syslog, or systemctl status flightlog.timer' });
  } else lines.push(`last sample: ${loaded.kind === 'none' ? 'none yet' : `the state file cannot be read (${loaded.why})`}`);

  try {
    accessSync(config.file.path, constants.R_OK);
    lines.push(`log: ${config.file.path} (readable)`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    lines.push(`log: ${config.file.path} (${code === 'ENOENT' ? 'not there yet' : `not readable: ${code}`})`);
    if (code === 'EACCES') findings.push({ fatal: false, what: `this user cannot read ${config.file.path}: grep, report and plot will not either`, fix: 'read as root, or join the adm group (sudo usermod -aG adm $USER)' });
  }

  findings.push(...eventSourceFindings(config, root));
  return { lines, findings };
}

/** The first file of rsyslog.d that routes the facility, or undefined. */
function rsyslogRule(dir: string, facility: string): string | undefined {
  try {
    return readdirSync(dir).sort().map((n) => join(dir, n)).find((p) => p.endsWith('.conf') && new RegExp(`^\\s*${facility}\\.`, 'm').test(readFileSync(p, 'utf8')));
  } catch {
    return undefined;
  }
}

/** Why a run could not keep its state in `dir`, or undefined when it can (made where it is missing). */
function writableProblem(dir: string): string | undefined {
  let probe = dir;
  while (!existsSync(probe) && dirname(probe) !== probe) probe = dirname(probe);
  const untrusted = probe === dir ? untrustedDir(dir) : undefined;
  if (untrusted !== undefined) return untrusted;
  try {
    accessSync(probe, constants.W_OK);
    return undefined;
  } catch (err) {
    return `${dir} cannot be ${probe === dir ? 'written' : `made (in ${probe})`}: ${(err as NodeJS.ErrnoException).code}`;
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
      out.push({ fatal: false, what: `coredump: core_pattern is ${JSON.stringify(pattern)}: cores do not go to systemd-coredump, so this module sees none (kmsg still counts segfaults)`, fix: 'apt install systemd-coredump' });
    }
  }
  if (config.modules.pacct !== false) {
    const path = config.modules.pacct?.path ?? '/var/log/account/pacct';
    try {
      const st = statSync(join(root, path));
      const bootMs = Date.now() - Number(readFileSync(join(root, 'proc/uptime'), 'utf8').split(' ')[0]) * 1000;
      if (st.size === 0 || st.mtimeMs < bootMs) {
        out.push({ fatal: false, what: `pacct: ${path} has not grown since this boot: process accounting looks off, and its counts would be zeros`, fix: `accton ${path} (or systemctl enable --now acct)` });
      }
    } catch {
      // no accounting file: the module says it is absent
    }
  }
  return out;
}
