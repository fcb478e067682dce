import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ParseError, SourceMissing } from '../../lib/core/errors';
import { mountCheck } from '../../lib/modules/mount_check/read';
import { netCheck } from '../../lib/modules/net_check/read';
import { site } from '../../lib/modules/site/read';
import { parsePing } from '../../lib/sources/ping';
import { Sources } from '../../lib/sources/read';
import { parseSiteFile } from '../../lib/sources/site-file';
import { fixtureRoot, recorded, tempDir, settingsFor } from '../helpers';

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});
function temp(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('site', () => {
  it('writes each tag of the file as text', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'site.conf'), '# where this is\nrack = b12\n\nrole = "build server"\nowner=ops-team\n');
    expect(await site.read(new Sources('/'), settingsFor('site', { path: join(dir, 'site.conf') }))).toEqual([
      { gauges: {}, counters: {}, labels: { rack: 'b12', role: 'build server', owner: 'ops-team' } },
    ]);
  });
  it('reads the default file under the root, as it reads /proc', async () => {
    const root = temp();
    mkdirSync(join(root, 'etc/flightlog'), { recursive: true });
    writeFileSync(join(root, 'etc/flightlog/site.conf'), 'room = b2\n');
    expect((await site.read(new Sources(root), settingsFor('site')))[0]!.labels).toEqual({ room: 'b2' });
  });
  it('writes nothing without a file', async () => {
    await expect(
      site.read(new Sources('/'), settingsFor('site', { path: '/nonexistent/site.conf' })),
    ).rejects.toBeInstanceOf(SourceMissing);
  });
  it.each(['rack b12', 'rack.row = 3', '= x'])('refuses the line %j, naming the file and the line', (line) =>
    expect(() => parseSiteFile(`a = 1\n${line}\n`, '/etc/flightlog/site.conf')).toThrow(
      /\/etc\/flightlog\/site\.conf.*line 2/,
    ),
  );
});

describe('net_check', () => {
  it.each([
    ['iputils, one reply lost', 'ping-iputils.txt', { lossPct: 33.3333, rttAvgMs: 0.53, rttMaxMs: 0.648 }],
    ['busybox', 'ping-busybox.txt', { lossPct: 0, rttAvgMs: 0.079, rttMaxMs: 0.095 }],
    ['no reply at all', 'ping-lost.txt', { lossPct: 100 }],
  ])('reads the ping summary of %s', (_case, file, expected) =>
    expect(parsePing(readFileSync(fixtureRoot('commands', file), 'utf8'))).toEqual(expected),
  );
  it('refuses a ping output without a summary', () =>
    expect(() => parsePing('ping: unknown host\n')).toThrow(ParseError));

  it('pings and connects for real: a reply, an open port, a closed port', async () => {
    const server: Server = createServer((s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => server.close());
    const open = (server.address() as { port: number }).port;
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const readings = await netCheck.read(
      new Sources('/'),
      settingsFor('net_check', {
        ping: ['127.0.0.1'],
        tcp: [`127.0.0.1:${open}`, `127.0.0.1:${closed}`],
        timeout: 2,
      }),
    );
    expect(readings.map((r) => r.subject)).toEqual([
      'ping_127_0_0_1',
      `tcp_127_0_0_1_${open}`,
      `tcp_127_0_0_1_${closed}`,
    ]);
    const [ping, up, down] = readings;
    expect(ping!.gauges).toMatchObject({ loss_pct: 0, ok: 1 });
    expect(ping!.gauges.rtt_ms).toBeGreaterThan(0);
    expect(up!.gauges.ok).toBe(1);
    expect(up!.gauges.connect_ms).toBeGreaterThan(0);
    expect(down!.gauges).toEqual({ ok: 0 });
  });

  it('says so on the subject when ping is missing or finds no host', async () => {
    const missing = await netCheck.read(
      new Sources('/', undefined, recorded({})),
      settingsFor('net_check', { ping: ['gw'] }),
    );
    expect(missing).toEqual([{ subject: 'ping_gw', gauges: {}, counters: {}, error: 'ping is not installed' }]);
    const unknown = await netCheck.read(
      new Sources('/', undefined, async () => ({ stdout: '', exitCode: 2 })),
      settingsFor('net_check', {
        ping: ['nosuch.invalid'],
      }),
    );
    expect(unknown[0]!.error).toBe('ping exited with 2 and no summary');
  });

  it('reports a host that never answers as lost, within the timeout', async () => {
    const run = recorded({ 'ping -n -q -c 3 -i 0.2 -W 1 -w 2 -- 10.9.9.9': 'ping-lost.txt' });
    expect(
      await netCheck.read(
        new Sources('/', undefined, run),
        settingsFor('net_check', { ping: ['10.9.9.9'], timeout: 1 }),
      ),
    ).toEqual([{ subject: 'ping_10_9_9_9', gauges: { loss_pct: 100, ok: 0 }, counters: {} }]);
  });
});

describe('mount_check', () => {
  /** A root whose mounts table lists /, /data (ro) and /nfs/hung, each a real directory under it. */
  function rootWithMounts(): string {
    const root = temp();
    for (const d of ['proc/self', 'data', 'nfs/hung']) mkdirSync(join(root, d), { recursive: true });
    writeFileSync(
      join(root, 'proc/self/mounts'),
      '/dev/vda1 / ext4 rw,relatime 0 0\n/dev/vdb1 /data ext4 ro,relatime 0 0\nfiler:/export /nfs/hung nfs4 rw,hard 0 0\n',
    );
    return root;
  }

  it('says which mounts are there, read-only, and answering', async () => {
    const readings = await mountCheck.read(
      new Sources(rootWithMounts()),
      settingsFor('mount_check', { mounts: ['/', '/data', '/backup'] }),
    );
    expect(
      readings.map((r) => [r.subject, { ...r.gauges, stat_ms: r.gauges.stat_ms === undefined ? undefined : 'timed' }]),
    ).toEqual([
      ['root', { present: 1, ro: 0, ok: 1, stat_ms: 'timed' }],
      ['data', { present: 1, ro: 1, ok: 1, stat_ms: 'timed' }],
      ['backup', { present: 0, stat_ms: undefined }],
    ]);
  });

  it('gives up on a stat that hangs after the timeout, and the run goes on', async () => {
    const root = rootWithMounts();
    // a stat(1) that sleeps on the "hung" mount, as one would on a dead NFS server
    const bin = temp();
    writeFileSync(join(bin, 'stat'), `#!/bin/sh\ncase "$2" in *hung*) exec sleep 30;; esac\nexec /usr/bin/stat "$@"\n`);
    chmodSync(join(bin, 'stat'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    cleanups.push(() => {
      process.env.PATH = path;
    });
    const start = performance.now();
    const readings = await mountCheck.read(
      new Sources(root),
      settingsFor('mount_check', { mounts: ['/nfs/hung', '/data'], timeout: 0.5 }),
    );
    const took = performance.now() - start;
    expect(readings.map((r) => [r.subject, r.gauges.ok])).toEqual([
      ['nfs_hung', 0],
      ['data', 1],
    ]);
    expect(readings[0]!.gauges).toEqual({ present: 1, ro: 0, ok: 0 });
    // it waited out its own timeout (0.5 s) for the hung mount, then gave up on it: ok=0, the run goes on
    expect(took).toBeGreaterThanOrEqual(500);
  });
});
