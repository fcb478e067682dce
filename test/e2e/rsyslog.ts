import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A private rsyslogd for the tests: its own config, unix socket and output file in `dir`, never the
 * system's /dev/log. Each line of `out.log` is "<facility>.<severity> <tag><message>".
 */
export interface Rsyslog {
  readonly socket: string;
  readonly out: string;
  stop(): void;
}

export const RSYSLOGD = '/usr/sbin/rsyslogd';
export const hasRsyslogd = (): boolean => existsSync(RSYSLOGD);

export async function startRsyslog(dir: string, extra = ''): Promise<Rsyslog> {
  const socket = join(dir, 'log.sock');
  const out = join(dir, 'out.log');
  const pidFile = join(dir, 'rsyslogd.pid');
  const conf = join(dir, 'rsyslog.conf');
  writeFileSync(conf, [
    `global(workDirectory="${dir}" processInternalMessages="on")`,
    'module(load="imuxsock" SysSock.Use="off")',
    `input(type="imuxsock" Socket="${socket}")`,
    extra,
    'template(name="facsev" type="string" string="%syslogfacility-text%.%syslogseverity-text% %syslogtag%%msg:::sp-if-no-1st-sp%%msg%\\n")',
    `*.* action(type="omfile" file="${out}" template="facsev")`,
    '',
  ].join('\n'));
  const started = spawnSync(RSYSLOGD, ['-f', conf, '-i', pidFile], { encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`rsyslogd did not start: ${started.stderr}`);
  await waitFor(() => existsSync(socket) && existsSync(pidFile), 5000, 'the rsyslogd socket');
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return {
    socket,
    out,
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

export const readLines = (path: string): string[] => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l !== '') : []);
