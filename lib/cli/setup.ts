import { existsSync, lstatSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../core/errors';
import { writeStdout } from '../io/stdout';
import { entryAt, makeDir, writeAtomically } from '../io/file';

export interface SetupArgs {
  readonly cron?: boolean;
  readonly timer?: boolean;
  readonly 'dry-run'?: boolean;
  readonly remove?: boolean;
  /** a config file of the admin's, named in the schedule's command line */
  readonly config?: string;
  /** where /etc is (a throw-away root, an image being built) */
  readonly root: string;
}

/** What setup writes: a file with its text, or an enabled unit's link. */
type Planned = { readonly path: string; readonly text: string } | { readonly path: string; readonly link: string };

/** The first line of every file setup writes: what is not marked is not setup's (the package's, an admin's), and is never replaced or removed. */
const MARK = '# installed by flightlog setup';

/** The files of the package beside the program (dist/..): the schedule, the routing, the rotation, the man page. */
const packageDir = (): string => join(__dirname, '..');

/**
 * `flightlog setup`: what the .deb installs, for the program where it actually is (an npm install puts it
 * in /usr/local/bin, or any prefix): the rsyslog rule, the logrotate rule, the man page, and the
 * schedule, either a cron file (`--cron`) or a systemd timer (`--timer`, enabled); without either, the
 * timer where systemd runs, else cron. Never both: one that is set up already is a reason to stop.
 * Files are written whole and marked; a file there that is not setup's is left alone and said; a run
 * again changes nothing (idempotent). `--dry-run` prints what it would write; `--remove` takes away what
 * setup wrote. The rsyslog rule takes effect when rsyslog restarts; setup says so.
 */
export async function setupCommand(args: SetupArgs): Promise<number> {
  if (args.cron && args.timer)
    throw new UsageError('setup: --cron or --timer, not both: the two would sample twice; fix: choose one');
  const root = resolve(args.root);
  if (root === '/' && (process.getuid?.() ?? 0) !== 0 && !args['dry-run'])
    throw new UsageError(
      'setup writes to /etc: run it as root (sudo flightlog setup), or see what it would write with --dry-run',
    );
  const program = resolve(process.argv[1] ?? 'flightlog');
  const at = (p: string): string => join(root, p);
  const timer = args.timer ?? (!args.cron && existsSync(at('run/systemd/system')));
  const out: string[] = [];
  if (args.remove) {
    for (const item of plan(program, args.config, true).concat(plan(program, args.config, false))) {
      if (!ours(at(item.path), item)) continue;
      if (!args['dry-run']) rmSync(at(item.path), { force: true });
      out.push(`${args['dry-run'] ? 'would remove' : 'removed'} ${item.path}`);
    }
    await writeStdout(`${[...new Set(out)].join('\n') || "nothing of setup's to remove"}\n`);
    return 0;
  }
  // the other schedule, set up already (by setup or the package), would make two samples a run
  const other = timer ? 'etc/cron.d/flightlog' : 'etc/systemd/system/timers.target.wants/flightlog.timer';
  if (entryAt(at(other)))
    throw new UsageError(
      `setup: /${other} is there already: ${timer ? 'cron' : 'the timer'} starts flightlog; fix: flightlog setup --remove (or remove it) first, or set up ${timer ? '--cron' : '--timer'}`,
    );
  for (const item of plan(program, args.config, timer)) {
    const path = at(item.path);
    if (entryAt(path) && !ours(path, item)) {
      out.push(`left alone ${item.path}: not setup's (the package's, or an admin's)`);
      continue;
    }
    if (same(path, item)) {
      out.push(`unchanged ${item.path}`);
      continue;
    }
    if (args['dry-run']) {
      out.push(
        'text' in item
          ? `would write ${item.path}:\n${item.text.replace(/^/gm, '    ')}`
          : `would link ${item.path} -> ${item.link}`,
      );
      continue;
    }
    if ('text' in item) writeAtomically(path, item.text, 0o644);
    else {
      makeDir(dirname(path));
      rmSync(path, { force: true });
      symlinkSync(item.link, path);
    }
    out.push(`${'text' in item ? 'wrote' : 'linked'} ${item.path}`);
  }
  out.push(
    timer
      ? 'next: systemctl daemon-reload && systemctl start flightlog.timer, and restart rsyslog (systemctl restart rsyslog)'
      : 'next: restart rsyslog (systemctl restart rsyslog, or kill -HUP the rsyslogd where no systemd runs)',
  );
  await writeStdout(`${out.join('\n')}\n`);
  return 0;
}

/** The files for this program: its path in the schedule's command, the config named when one was. */
function plan(program: string, config: string | undefined, timer: boolean): Planned[] {
  const shipped = (rel: string): string => readFileSync(join(packageDir(), rel), 'utf8');
  const command = `${program} sample${config === undefined ? '' : ` --config ${resolve(config)}`}`;
  const marked = (text: string): string => `${MARK} for ${program}\n${text}`;
  const files: Planned[] = [
    { path: 'etc/rsyslog.d/30-flightlog.conf', text: marked(shipped('rsyslog.d/30-flightlog.conf')) },
    { path: 'etc/logrotate.d/flightlog', text: marked(shipped('logrotate.d/flightlog')) },
  ];
  const man = join(packageDir(), 'dist', 'flightlog.8');
  // beside the program's prefix (/usr/local/bin/flightlog: /usr/local/share/man)
  if (existsSync(man))
    files.push({
      path: join(dirname(dirname(program)), 'share/man/man8/flightlog.8').slice(1),
      text: `.\\" ${MARK.slice(2)} for ${program}\n${readFileSync(man, 'utf8')}`,
    });
  if (timer) {
    files.push(
      {
        path: 'etc/systemd/system/flightlog.service',
        text: marked(shipped('systemd/flightlog.service').replace(/^ExecStart=.*$/m, `ExecStart=${command}`)),
      },
      { path: 'etc/systemd/system/flightlog.timer', text: marked(shipped('systemd/flightlog.timer')) },
      { path: 'etc/systemd/system/timers.target.wants/flightlog.timer', link: '/etc/systemd/system/flightlog.timer' },
    );
  } else {
    files.push({
      path: 'etc/cron.d/flightlog',
      text: marked(
        shipped('cron.d/flightlog')
          .replaceAll('/usr/bin/flightlog', program)
          .replace(/\|\| flightlog sample;/, `|| ${command};`),
      ),
    });
  }
  return files;
}

/** Whether what is at the path is setup's: a file whose first line is the mark, or the link it makes. */
function ours(path: string, item: Planned): boolean {
  try {
    if ('link' in item) return lstatSync(path).isSymbolicLink() && readlinkSync(path) === item.link;
    const first = readFileSync(path, 'utf8').split('\n', 1)[0] ?? '';
    return first.startsWith(MARK) || first.startsWith(`.\\" ${MARK.slice(2)}`);
  } catch {
    return false;
  }
}

/** Whether the path holds just what setup would write there. */
function same(path: string, item: Planned): boolean {
  try {
    return 'link' in item ? readlinkSync(path) === item.link : readFileSync(path, 'utf8') === item.text;
  } catch {
    return false;
  }
}
