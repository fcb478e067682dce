import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureRoot, tempDir } from '../helpers';
import { flightlog } from './cli';
import { hasInfluxd, startInfluxd, type Influx } from './influxdb';
import { hasMosquitto, startBroker, type Broker } from './mosquitto';
import { hasRsyslogd, readLines, startRsyslog, waitFor, type Rsyslog } from './rsyslog';

const undo: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const step of undo.splice(0).reverse()) await step();
});

function scratch(prefix: string): string {
  const tmp = tempDir(prefix);
  undo.push(tmp.cleanup);
  return tmp.dir;
}

/** A 64 KiB tmpfs at `dir` (a real full disk, as a test can make one), unmounted after the test. */
function smallDisk(dir: string): void {
  if (process.getuid?.() !== 0)
    throw new Error('the full-disk tests mount a tmpfs: run the suite as root (as .ci/run does)');
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', dir]);
  undo.push(() => void spawnSync('umount', ['-l', dir]));
}

/** Fills the filesystem of `dir` to its last byte. */
const fill = (dir: string): void =>
  void spawnSync('dd', ['if=/dev/zero', `of=${join(dir, 'fill')}`, 'bs=1024'], { stdio: 'ignore' });

const basic = ['--root', fixtureRoot('basic', 't1'), '--first-interval', '0'];

describe('a full disk', () => {
  /**
   * A first sample whose state lands on a small disk, the disk then made unusable by `spoil`, and a
   * second sample: it exits 4 with one line naming the disk and why, keeps the old state, and still
   * writes its lines to the file output (on another disk).
   */
  async function sampleOnSpoiledDisk(spoil: (disk: string) => void, code: string, why: string): Promise<string> {
    const dir = scratch('fld');
    const disk = join(dir, 'disk');
    smallDisk(disk);
    const state = join(disk, 'state.json');
    const log = join(dir, 'out.log');
    const args = ['sample', '--state', state, '--output', 'file', '--file', log, ...basic];
    expect((await flightlog(args)).status).toBe(0);
    const before = readFileSync(state, 'utf8');
    spoil(disk);
    const ran = await flightlog(args);
    expect(ran.status).toBe(4);
    expect(ran.stderr).toMatch(
      new RegExp(`^flightlog: state not saved to ${disk}: ${code} \\(${why}\\); the sample went to the outputs`),
    );
    expect(ran.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(state, 'utf8')).toBe(before);
    expect(readFileSync(log, 'utf8').match(/ run\.v=1 /g)).toHaveLength(2);
    return disk;
  }

  it('keeps the old state whole, still writes the sample to the outputs, and exits 4 naming the path', async () => {
    const disk = await sampleOnSpoiledDisk(fill, 'ENOSPC', 'the filesystem is full');
    expect(readdirSync(disk).sort()).toEqual(['fill', 'state.json']);
  });

  it('a read-only state directory: the same, EROFS named', async () => {
    await sampleOnSpoiledDisk(
      (disk) => void execFileSync('mount', ['-o', 'remount,ro', disk]),
      'EROFS',
      'the filesystem is read-only',
    );
  });

  it('never leaves a torn line in the file output: the sample is spooled and written whole once there is room', async () => {
    const dir = scratch('fld');
    const disk = join(dir, 'disk');
    smallDisk(disk);
    const log = join(disk, 'flightlog.log');
    // 4000 bytes of an older line: the page it sits in has room for 96 more, and then the disk is full
    const old = `${'x'.repeat(3999)}\n`;
    writeFileSync(log, old);
    fill(disk);
    const args = ['sample', '--state', join(dir, 'state.json'), '--output', 'file', '--file', log, ...basic];
    const full = await flightlog(args);
    expect(full.status).toBe(3);
    expect(full.stderr).toMatch(/output file failed: .*ENOSPC; 1 sample\(s\) wait in its spool/);
    expect(readFileSync(log, 'utf8')).toBe(old);
    rmSync(join(disk, 'fill'));
    const room = await flightlog(args);
    expect(room.status, room.stderr).toBe(0);
    const lines = readFileSync(log, 'utf8').slice(old.length).trimEnd().split('\n');
    // every line whole, the spooled sample first (run.first=1), each sample once
    expect(lines.every((l) => /^\S+Z fixture-host flightlog\[\d+\]: xid=\d+ \S+=/.test(l))).toBe(true);
    expect(lines.filter((l) => l.includes(' run.v=')).map((l) => / run\.first=(\d)/.exec(l)?.[1])).toEqual(['1', '0']);
  });
});

describe('an MQTT broker that drops the client', () => {
  it('settles the run: spooled, exit 3, lock released', async () => {
    if (!hasMosquitto()) throw new Error('mosquitto is not installed: apt-get install mosquitto mosquitto-clients');
    const dir = scratch('flm');
    // the first message over its packet limit makes Mosquitto hang up on the client mid-run
    const broker: Broker = await startBroker(dir, { kind: 'anonymous' }, undefined, ['max_packet_size 150']);
    undo.push(() => broker.stop());
    const config = join(dir, 'flightlog.yaml');
    writeFileSync(config, `outputs: [mqtt]\nmqtt: {url: "mqtt://127.0.0.1:${broker.port}", timeout: 5}\n`);
    const ran = await flightlog(['sample', '--config', config, '--state', join(dir, 'state.json'), ...basic]);
    expect(ran.status).toBe(3);
    expect(ran.stderr).toMatch(/output mqtt failed: mqtt:\/\/127\.0\.0\.1:\d+: .*; 1 sample\(s\) wait in its spool/);
    expect(existsSync(join(dir, 'spool', 'mqtt.jsonl'))).toBe(true);
    expect(existsSync(join(dir, 'state.json.lock'))).toBe(false);
    expect(existsSync(join(dir, 'state.json'))).toBe(true);
  });
});

describe('a syslog daemon stopped for a whole run', () => {
  it('delivers every line exactly once: what its socket queue took is not sent again', async () => {
    if (!hasRsyslogd()) throw new Error('rsyslogd is not installed: apt-get install rsyslog');
    const dir = scratch('flr');
    const daemon: Rsyslog = await startRsyslog(dir);
    undo.push(() => daemon.stop());
    const { enqueue } = await import('../../lib/events/queue');
    const state = join(dir, 'state.json');
    // a sample longer than any socket queue the kernel may have here (max_dgram_qlen, 10 to 512)
    const qlen = Number(readFileSync('/proc/sys/net/unix/max_dgram_qlen', 'utf8'));
    const notes = Math.min(qlen + 10, 600);
    for (let i = 0; i < notes; i++) enqueue(state, { kind: 'note', text: `note ${i}`, timeMs: 1_763_886_000_000 + i });
    const config = join(dir, 'flightlog.yaml');
    writeFileSync(config, `syslog: {socket: ${daemon.socket}, via: winston}\nevents: {max_per_module: ${notes}}\n`);
    const args = ['sample', '--config', config, '--state', state, ...basic, '-v'];
    const pid = Number(readFileSync(daemon.pidFile, 'utf8'));
    process.kill(pid, 'SIGSTOP');
    let first: Awaited<ReturnType<typeof flightlog>>;
    try {
      first = await flightlog(args);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect(first.status).toBe(3);
    const sentFirst = first.stderr.split('\n').filter((l) => l.startsWith('xid='));
    expect(JSON.parse(readFileSync(join(dir, 'spool', 'syslog.jsonl'), 'utf8')).linesSent).toBeGreaterThan(0);
    const second = await flightlog(args);
    expect(second.status, second.stderr).toBe(0);
    const sent = [...sentFirst, ...second.stderr.split('\n').filter((l) => l.startsWith('xid='))];
    await waitFor(
      () => readLines(daemon.out).filter((l) => l.includes(' xid=')).length >= sent.length,
      5000,
      'the lines',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(
      readLines(daemon.out)
        .filter((l) => l.includes(' xid='))
        .map((l) => l.replace(/^local4\.notice flightlog\[\d+\]: /, '')),
    ).toEqual(sent);
  }, 30_000);
});

describe('a sample InfluxDB refuses for good', () => {
  it('is set aside, the rest flows, and the next run line counts it', async () => {
    if (!hasInfluxd()) throw new Error('influxd is not installed: apt-get install influxdb');
    const dir = scratch('flx');
    mkdirSync(join(dir, 'influx'));
    const server: Influx = await startInfluxd(join(dir, 'influx'));
    undo.push(() => server.stop());
    await server.query('CREATE DATABASE flightlog');
    const config = join(dir, 'flightlog.yaml');
    writeFileSync(config, `influxdb: {url: "${server.url}", db: flightlog, timeout: 5}\n`);
    const args = [
      'sample',
      '--config',
      config,
      '--state',
      join(dir, 'state.json'),
      ...basic,
      '--output',
      'influxdb,json',
    ];
    const first = await flightlog(args);
    expect(first.status).toBe(0);
    // a spooled sample whose mem.total_bytes is text, where InfluxDB has it as a number (in the same
    // shard: a second before the first sample): HTTP 400, forever
    const xid = (JSON.parse(first.stdout) as { xid: number }).xid - 1;
    const poison = {
      xid,
      timeMs: xid * 1000,
      host: 'fixture-host',
      modules: [{ module: 'mem', fields: [['mem.total_bytes', 'lots']] }],
    };
    mkdirSync(join(dir, 'spool'), { recursive: true });
    writeFileSync(join(dir, 'spool', 'influxdb.jsonl'), `${JSON.stringify(poison)}\n`);
    const ran = await flightlog(args);
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stderr).toContain(`output influxdb refused sample xid=${xid} for good (`);
    expect(ran.stderr).toMatch(
      /HTTP 400 .*field type conflict.*; it is set aside in its spool's influxdb\.rejected\.jsonl/,
    );
    expect(existsSync(join(dir, 'spool', 'influxdb.jsonl'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'spool', 'influxdb.rejected.jsonl'), 'utf8')).xid).toBe(xid);
    const rows = (await server.query('SELECT total_bytes FROM mem')) as {
      results: Array<{ series: Array<{ values: unknown[][] }> }>;
    };
    expect(rows.results[0]!.series[0]!.values).toHaveLength(2);
    const next = await flightlog(args);
    expect(JSON.parse(next.stdout).values['run.rejected_new']).toBe(1);
  }, 60_000);
});

describe('readers in bounded memory', () => {
  it('grep reads a log many times its heap, skips a 2 MB line and a gzip of newlines, and ends with the rows asked for', async () => {
    const dir = scratch('flg');
    const stamp = (xid: number): string => new Date(xid * 1000).toISOString();
    const line = (host: string, xid: number, rest: string): string =>
      `${stamp(xid)} ${host} flightlog[7]: xid=${xid} ${rest}\n`;
    const filler = Array.from({ length: 30 }, (_, i) => `cpu.${i}.busy_pct=${i}.5`).join(' ');
    const chunks: string[] = [];
    for (let i = 0; i < 150_000; i++) chunks.push(line('pi1', 1_790_000_000 + i, filler));
    chunks.splice(1000, 0, line('pi2', 1_790_001_000, 'mem.used_bytes=42'), `${'y'.repeat(2_000_000)}\n`);
    chunks.push(line('pi2', 1_790_300_000, 'mem.used_bytes=43'));
    writeFileSync(join(dir, 'flightlog.log'), chunks.join(''));
    writeFileSync(join(dir, 'flightlog.log.1.gz'), gzipSync(Buffer.alloc(32 * 1024 * 1024, 10)));
    // about 60 MB of log (and 32 MB of newlines) against a 48 MB heap: only a stream fits
    const ran = await flightlog(['grep', 'mem.used_bytes', '--log', dir, '--host', 'pi2', '--csv'], {
      NODE_OPTIONS: '--max-old-space-size=48',
      TZ: 'UTC',
    });
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toBe(
      'time,host,mem.used_bytes\r\n2026-09-21T14:30:00Z,pi2,42\r\n2026-09-25T01:33:20Z,pi2,43\r\n',
    );
    expect(ran.stderr).toContain("flightlog: 1 line(s) longer than 65536 bytes skipped: not flightlog's");
  }, 120_000);

  it('grep keeps every row of a log many times its heap: the rows hold their hosts and values, not the text they were cut from', async () => {
    const dir = scratch('flg');
    const filler = Array.from({ length: 60 }, (_, i) => `cpu.${i}.busy_pct=${i}.5`).join(' ');
    const T0 = 1_790_000_000;
    const rows = 30_000;
    const chunks: string[] = [];
    // hosts and values of 13 characters and more, as a slice of that length is a view into its text
    for (let i = 0; i < rows; i++)
      chunks.push(
        `${new Date((T0 + i) * 1000).toISOString()} node-${i % 2}.example.org flightlog[7]: xid=${T0 + i} fs.root.mount_path=/srv/volume-${String(i).padStart(6, '0')} ${filler}\n`,
      );
    writeFileSync(join(dir, 'flightlog.log'), chunks.join(''));
    // about 40 MB of log against a 48 MB heap, every sample a row
    const ran = await flightlog(['grep', 'fs.root.mount_path', '--log', dir, '--csv'], {
      NODE_OPTIONS: '--max-old-space-size=48',
      TZ: 'UTC',
    });
    expect(ran.status, ran.stderr).toBe(0);
    const out = ran.stdout.split('\r\n');
    expect(out.length).toBe(rows + 2);
    expect(out[1]).toBe('2026-09-21T14:13:20Z,node-0.example.org,/srv/volume-000000');
    expect(out[rows]).toBe(`2026-09-21T22:33:19Z,node-1.example.org,/srv/volume-0${rows - 1}`);
  }, 120_000);
});
