import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

export const MOSQUITTO = '/usr/sbin/mosquitto';
export const hasMosquitto = (): boolean => existsSync(MOSQUITTO);

/** A free loopback port: the kernel picks one. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port: number, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface Broker {
  readonly port: number;
  stop(): Promise<void>;
}

export type BrokerMode = { kind: 'anonymous' } | { kind: 'password'; user: string; password: string } | { kind: 'tls' };

/** TLS material made with openssl: a CA, and a server certificate for 127.0.0.1 signed by it. */
export function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const f = (name: string): string => join(dir, name);
  const ssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'ignore' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=flightlog test CA',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
  );
  ssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr'),
  );
  writeFileSync(f('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  ssl(
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    f('san.ext'),
    '-out',
    f('server.pem'),
  );
  return { ca: f('ca.pem'), cert: f('server.pem'), key: f('server.key') };
}

/** A private Mosquitto on a loopback port with its own config: anonymous, with a password file, or TLS; `extra` lines (a fault: max_packet_size). */
export async function startBroker(
  dir: string,
  mode: BrokerMode,
  port?: number,
  extra: readonly string[] = [],
): Promise<Broker> {
  const p = port ?? (await freePort());
  const lines = [`listener ${p} 127.0.0.1`, 'persistence false', 'log_dest stderr', ...extra];
  if (process.getuid?.() === 0) lines.push('user root');
  if (mode.kind === 'password') {
    const passwd = join(dir, 'passwd');
    execFileSync('mosquitto_passwd', ['-b', '-c', passwd, mode.user, mode.password], { stdio: 'ignore' });
    lines.push('allow_anonymous false', `password_file ${passwd}`);
  } else {
    lines.push('allow_anonymous true');
  }
  if (mode.kind === 'tls') {
    const { ca, cert, key } = makeCertificates(dir);
    lines.push(`cafile ${ca}`, `certfile ${cert}`, `keyfile ${key}`);
  }
  const conf = join(dir, `mosquitto-${p}.conf`);
  writeFileSync(conf, `${lines.join('\n')}\n`);
  const child: ChildProcess = spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' });
  await waitForPort(p);
  return {
    port: p,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
