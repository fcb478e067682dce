import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A private rsyslogd for the tests: its own config, unix socket and output file in `dir`, never the
 * system's /dev/log. Each line of `out.log` is "<facility>.<severity> <tag><message>".
 */
export interface Rsyslog {
  readonly socket: string;
  readonly out: string;
  readonly pidFile: string;
  stop(): void;
}

export const RSYSLOGD = '/usr/sbin/rsyslogd';
export const hasRsyslogd = (): boolean => existsSync(RSYSLOGD);

export interface RsyslogOptions {
  /** more configuration: inputs on loopback ports, forwarding actions */
  readonly extra?: string;
  /** the file's line format: "facsev" (facility.severity, tag, message), "host" (the same with the
   * sender's host name), or "default" (rsyslog's RSYSLOG_FileFormat, what flightlog's readers read) */
  readonly format?: 'facsev' | 'host' | 'default';
  /** a name of its own, so that two instances in one directory keep apart */
  readonly name?: string;
}

const TEMPLATES = {
  facsev: '%syslogfacility-text%.%syslogseverity-text% %syslogtag%%msg:::sp-if-no-1st-sp%%msg%\\n',
  host: '%syslogfacility-text%.%syslogseverity-text% %hostname% %syslogtag%%msg:::sp-if-no-1st-sp%%msg%\\n',
} as const;

export async function startRsyslog(dir: string, options: RsyslogOptions = {}): Promise<Rsyslog> {
  const { extra = '', format = 'facsev', name = 'rsyslogd' } = options;
  const socket = join(dir, `${name}.sock`);
  const out = join(dir, `${name}.log`);
  const pidFile = join(dir, `${name}.pid`);
  const conf = join(dir, `${name}.conf`);
  const work = join(dir, `${name}.work`);
  mkdirSync(work, { recursive: true });
  writeFileSync(
    conf,
    [
      `global(workDirectory="${work}" processInternalMessages="on")`,
      'module(load="imuxsock" SysSock.Use="off")',
      `input(type="imuxsock" Socket="${socket}")`,
      extra,
      ...(format === 'default'
        ? [`*.* action(type="omfile" file="${out}")`]
        : [
            `template(name="t" type="string" string="${TEMPLATES[format]}")`,
            `*.* action(type="omfile" file="${out}" template="t")`,
          ]),
      '',
    ].join('\n'),
  );
  const started = spawnSync(RSYSLOGD, ['-f', conf, '-i', pidFile], { encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`rsyslogd did not start: ${started.stderr}`);
  await waitFor(() => existsSync(socket) && existsSync(pidFile), 5000, 'the rsyslogd socket');
  // the socket exists a moment before rsyslogd reads it: wait until a probe datagram goes through
  await waitFor(
    () =>
      spawnSync('logger', ['--socket-errors=on', '-u', socket, '-t', 'probe', '-p', 'user.info', 'ready']).status === 0,
    5000,
    'rsyslogd to read its socket',
  );
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return {
    socket,
    out,
    pidFile,
    stop: () => {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

export async function waitFor(ok: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const readLines = (path: string): string[] =>
  existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];
