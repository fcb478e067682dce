import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureRoot, tempDir } from '../helpers';
import { CLI } from './cli';
import { readLines, startRsyslog, waitFor, type Rsyslog } from './rsyslog';

/** The official Node 18 binary that test/require-packages.sh fetched: what Debian 12 and Ubuntu 24.04 ship. */
const NODE18 = join(__dirname, '..', '..', '.cache', 'node18', 'bin', 'node');

let daemon: Rsyslog | undefined;
let cleanup = (): void => {};
afterEach(() => {
  daemon?.stop();
  daemon = undefined;
  cleanup();
});

async function underNode18(
  args: readonly string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  if (!existsSync(NODE18))
    throw new Error('no Node 18 in .cache/node18: run sh test/require-packages.sh (npm test does)');
  const { spawn } = await import('node:child_process');
  const { NODE_EXTRA_CA_CERTS: _ca, ...env } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(NODE18, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('the program under Node 18', () => {
  it('samples into a real rsyslogd and reads the lines back with grep', async () => {
    const tmp = tempDir('fl18');
    cleanup = tmp.cleanup;
    expect((await underNode18(['--version'])).status).toBe(0);
    daemon = await startRsyslog(tmp.dir, { format: 'default' });
    const { writeFileSync } = await import('node:fs');
    const config = join(tmp.dir, 'flightlog.yaml');
    writeFileSync(config, `syslog: {socket: ${daemon.socket}}\n`);
    const ran = await underNode18([
      'sample',
      '--config',
      config,
      '--state',
      join(tmp.dir, 'state.json'),
      '--root',
      fixtureRoot('basic', 't1'),
      '--first-interval',
      '0',
      '-v',
    ]);
    expect(ran.status, ran.stderr).toBe(0);
    // -v also says which way the lines went where it is not the native module's: here it was built for the Node that ran npm ci
    expect(ran.stderr).toMatch(
      /^flightlog: syslog through logger\(1\), because unix-dgram was built for another Node\.js \(module version \d+, this one takes 108\); fix: npm rebuild unix-dgram$/m,
    );
    const sent = ran.stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('xid='));
    expect(sent[0]).toMatch(/^xid=\d+ run\.v=1 /);
    await waitFor(
      () => readLines(daemon!.out).filter((l) => l.includes(' xid=')).length >= sent.length,
      5000,
      'the lines',
    );
    const grep = await underNode18(['grep', 'mem.used_pct', '--log', daemon.out, '--csv']);
    expect(grep.status, grep.stderr).toBe(0);
    // the basic fixture: MemTotal 4000000 kB, MemAvailable 2500000 kB: 37.5 % used (the host is the
    // daemon's: a local socket's messages carry none)
    expect(grep.stdout.trim().split('\r\n')[1]).toMatch(/^\S+,\S+,37\.5$/);
  });
});
