import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './mosquitto';

export const INFLUXD = '/usr/bin/influxd';
export const hasInfluxd = (): boolean => existsSync(INFLUXD);

export interface Influx {
  readonly url: string;
  query(q: string): Promise<unknown>;
  stop(): Promise<void>;
}

/** A private InfluxDB 1.x (Debian's influxdb): its own data directory and loopback ports, no reporting. */
export async function startInfluxd(dir: string, httpPort?: number): Promise<Influx> {
  const port = httpPort ?? (await freePort());
  const rpc = await freePort();
  const conf = join(dir, 'influxdb.conf');
  writeFileSync(
    conf,
    [
      'reporting-disabled = true',
      `bind-address = "127.0.0.1:${rpc}"`,
      '[meta]',
      `  dir = "${join(dir, 'meta')}"`,
      '[data]',
      `  dir = "${join(dir, 'data')}"`,
      `  wal-dir = "${join(dir, 'wal')}"`,
      '  query-log-enabled = false',
      '[http]',
      `  bind-address = "127.0.0.1:${port}"`,
      '  log-enabled = false',
      '[monitor]',
      '  store-enabled = false',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(INFLUXD, ['-config', conf], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 15_000;
  for (;;) {
    const ok = await fetch(`${url}/ping`).then(
      (r) => r.status === 204,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) throw new Error('influxd did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const query = async (q: string): Promise<unknown> => {
    const r = await fetch(`${url}/query?${new URLSearchParams({ db: 'flightlog', q })}`, { method: 'POST' });
    return r.json();
  };
  return {
    url,
    query,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
