import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureRoot, tempDir } from '../helpers';
import { flightlog } from './cli';
import { hasRsyslogd, readLines, startRsyslog, waitFor, type Rsyslog } from './rsyslog';

let daemon: Rsyslog | undefined;
let cleanup = (): void => {};
afterEach(() => {
  daemon?.stop();
  daemon = undefined;
  cleanup();
});

async function setup(via: 'winston' | 'logger' | 'auto'): Promise<{ dir: string; args: string[]; common: string[] }> {
  if (!hasRsyslogd())
    throw new Error('rsyslogd is not installed: apt-get install rsyslog (npm test does it when run as root)');
  const tmp = tempDir('fls');
  cleanup = tmp.cleanup;
  daemon = await startRsyslog(tmp.dir);
  const config = join(tmp.dir, 'flightlog.yaml');
  writeFileSync(config, `syslog: {socket: ${daemon.socket}, via: ${via}}\n`);
  const common = ['--state', join(tmp.dir, 'state.json'), '--root', fixtureRoot('basic', 't1')];
  return { dir: tmp.dir, args: ['--config', config, ...common, '-v'], common };
}

/** Runs `flightlog sample` `runs` times and checks that every line of every run reached rsyslog's file, as local4.notice. */
async function everyLineArrives(via: 'winston' | 'logger' | 'auto', runs: number): Promise<void> {
  const { args } = await setup(via);
  const sent: string[] = [];
  for (let i = 0; i < runs; i++) {
    const ran = await flightlog(['sample', ...args, '--first-interval', '0']);
    // (that no run waits on winston-syslog's close(), which polls 200, 400 … 1,200 ms while a send is counted in flight
    // or queued, is held without a clock in test/outputs/syslog-congestion.test.ts)
    expect(ran.status, ran.stderr).toBe(0);
    // -v prints the sample's lines on stderr, the messages exactly as sent
    sent.push(
      ...ran.stderr
        .trim()
        .split('\n')
        .map((line) => `local4.notice flightlog[${'PID'}]: ${line}`),
    );
  }
  await waitFor(
    () => readLines(daemon!.out).filter((l) => l.includes(' xid=')).length >= sent.length,
    5000,
    "the lines in rsyslog's file",
  );
  const got = readLines(daemon!.out)
    .filter((l) => l.includes(' xid='))
    .map((l) => l.replace(/flightlog\[\d+\]/, 'flightlog[PID]'));
  expect(got).toEqual(sent);
}

describe('syslog output into a real rsyslogd', () => {
  it('delivers every line of 20 consecutive runs through winston-syslog', async () => {
    await everyLineArrives('winston', 20);
  });

  it("loads none of Node's child_process, net or streams on winston's path: only the logger path needs them", async () => {
    const { dir, args } = await setup('winston');
    const preload = join(dir, 'module-list.cjs');
    const list = join(dir, 'modules.txt');
    writeFileSync(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));\n`,
    );
    const loaded = async (via: string): Promise<string[]> => {
      writeFileSync(join(dir, 'flightlog.yaml'), `syslog: {socket: ${daemon!.socket}, via: ${via}}\n`);
      // quiet, as cron runs it: -v's lines on stderr (a pipe here) would bring Node's streams in
      const quiet = args.filter((arg) => arg !== '-v');
      const ran = await flightlog(['sample', ...quiet, '--first-interval', '0'], {
        NODE_OPTIONS: `--require ${preload}`,
      });
      expect(ran.status, ran.stderr).toBe(0);
      return readFileSync(list, 'utf8').split('\n');
    };
    const heavy = ['NativeModule child_process', 'NativeModule net', 'NativeModule stream'];
    expect((await loaded('winston')).filter((m) => heavy.includes(m))).toEqual([]);
    // the test can tell: logger's path loads them
    expect((await loaded('logger')).filter((m) => heavy.includes(m)).sort()).toEqual([...heavy].sort());
  });

  it('delivers every line through the logger(1) fallback', async () => {
    await everyLineArrives('logger', 5);
  });

  it('writes the pid of the flightlog run, not of a helper process, on both paths', async () => {
    for (const via of ['winston', 'logger'] as const) {
      const { args } = await setup(via);
      const ran = await flightlog(['sample', ...args, '--first-interval', '0', '--output', 'syslog,json']);
      expect(ran.status).toBe(0);
      await waitFor(() => readLines(daemon!.out).some((l) => l.includes(' run.v=')), 5000, 'the run line');
      const pids = new Set(
        readLines(daemon!.out)
          .filter((l) => l.includes(' xid='))
          .map((l) => /flightlog\[(\d+)\]/.exec(l)?.[1]),
      );
      expect(pids.size).toBe(1);
      daemon?.stop();
      cleanup();
    }
  });

  it.each([['winston'], ['logger']] as const)(
    'fails at once through %s when nothing listens on the socket, and spools',
    async (via) => {
      const { dir, common } = await setup(via);
      daemon!.stop();
      // a socket file that nobody reads: what a crashed daemon leaves behind
      const stale = join(dir, 'stale.sock');
      const { createSocket } = (await import('unix-dgram')) as {
        createSocket: (type: string) => { bind(path: string): void; close(): void };
      };
      const sock = createSocket('unix_dgram');
      sock.bind(stale);
      sock.close();
      const config = join(dir, 'stale.yaml');
      writeFileSync(config, `syslog: {socket: ${stale}, via: ${via}}\n`);
      const ran = await flightlog(['sample', ...common, '--config', config, '--first-interval', '0']);
      expect(ran.status).toBe(3);
      // at once, on the refusal: not by its own 5 s deadline ("did not answer")
      expect(ran.stderr).not.toMatch(/did not answer/);
      expect(ran.stderr).toMatch(/^flightlog: output syslog failed: .*; 1 sample\(s\) wait in its spool\n$/);
      // in words, not a bare errno
      if (via === 'winston')
        expect(ran.stderr).toContain('nothing listens on the socket: is the syslog daemon running? (send -111)');
    },
  );
});

describe('the syslog spool', () => {
  it('delivers what waited while rsyslog was down first, then the new sample, each once', async () => {
    const { dir, common } = await setup('auto');
    daemon!.stop();
    await waitFor(() => !existsSync(daemon!.socket), 5000, 'rsyslogd to remove its socket');
    const config = join(dir, 'flightlog.yaml');
    for (let i = 0; i < 2; i++)
      expect((await flightlog(['sample', ...common, '--config', config, '--first-interval', '0'])).status).toBe(3);
    daemon = await startRsyslog(dir);
    const ran = await flightlog([
      'sample',
      ...common,
      '--config',
      config,
      '--first-interval',
      '0',
      '--output',
      'syslog,json',
    ]);
    expect(ran.status, ran.stderr).toBe(0);
    await waitFor(
      () => readLines(daemon!.out).filter((l) => l.includes(' run.v=')).length >= 3,
      5000,
      'three run lines',
    );
    const runLines = readLines(daemon!.out).filter((l) => l.includes(' run.v='));
    expect(runLines).toHaveLength(3);
    expect(runLines.map((l) => /run\.first=(\d)/.exec(l)?.[1])).toEqual(['1', '0', '0']);
    expect(existsSync(join(dir, 'spool', 'syslog.jsonl')), ran.stderr).toBe(false);
  });
});

describe('a run that cannot sample', () => {
  it('says so in the log as well as on stderr: one run.error line, readable by the readers', async () => {
    await setup('auto');
    const { logNotSampled } = await import('../../lib/outputs/not-sampled');
    await logNotSampled(
      '/etc/flightlog/flightlog.yaml: modules.net.exlude: unknown key; fix: did you mean exclude?',
      daemon!.socket,
      1_763_886_000_000,
    );
    await waitFor(() => readLines(daemon!.out).some((l) => l.includes(' xid=')), 5000, 'the line');
    expect(readLines(daemon!.out).filter((l) => l.includes(' xid='))).toEqual([
      expect.stringMatching(
        /^local4\.notice flightlog\[\d+\]: xid=1763886000 run\.error="not sampled: \/etc\/flightlog\/flightlog\.yaml: modules\.net\.exlude: unknown key; fix: did you mean exclude\?"$/,
      ),
    ]);
  });
});

describe('a daemon that falls behind', () => {
  const QLEN = '/proc/sys/net/unix/max_dgram_qlen';
  it('sends again what its full socket queue refused, once it reads again: every line once, exit 0', async () => {
    const { readFileSync } = await import('node:fs');
    // the queue of a unix socket holds max_dgram_qlen datagrams (the kernel's default is 10, systemd's
    // 512): lowered to 10 where this may, and the sample made longer than the queue with queued notes
    const was = Number(readFileSync(QLEN, 'utf8'));
    let qlen = was;
    if (was > 10) {
      try {
        writeFileSync(QLEN, '10\n');
        qlen = 10;
      } catch {
        // not root, or /proc/sys read-only: a longer sample instead
      }
    }
    try {
      const { dir, args } = await setup('winston');
      const notes = qlen + 10;
      const { enqueue } = await import('../../lib/events/queue');
      for (let i = 0; i < notes; i++)
        enqueue(join(dir, 'state.json'), { kind: 'note', text: `note ${i}`, timeMs: 1_763_886_000_000 + i });
      const config = join(dir, 'long.yaml');
      writeFileSync(config, `syslog: {socket: ${daemon!.socket}, via: winston}\nevents: {max_per_module: ${notes}}\n`);
      const pid = Number(readFileSync(daemon!.pidFile, 'utf8'));
      process.kill(pid, 'SIGSTOP');
      const running = flightlog(['sample', ...args.slice(2), '--config', config, '--first-interval', '0']);
      await new Promise((resolve) => setTimeout(resolve, 700));
      process.kill(pid, 'SIGCONT');
      const ran = await running;
      expect(ran.status, ran.stderr).toBe(0);
      const sent = ran.stderr.trim().split('\n');
      expect(sent.length).toBeGreaterThan(qlen + 10);
      await waitFor(
        () => readLines(daemon!.out).filter((l) => l.includes(' xid=')).length >= sent.length,
        5000,
        'the lines',
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(
        readLines(daemon!.out)
          .filter((l) => l.includes(' xid='))
          .map((l) => l.replace(/^local4\.notice flightlog\[\d+\]: /, '')),
      ).toEqual(sent);
    } finally {
      if (qlen !== was) writeFileSync(QLEN, `${was}\n`);
    }
  });
});

describe('an install without the native unix-dgram module', () => {
  it('sends through logger(1) by itself, and check says so', async () => {
    const { dir, common } = await setup('auto');
    // the program as a package without node_modules would install it: sbin/ and dist/ only
    const { cpSync, mkdirSync } = await import('node:fs');
    const bare = join(dir, 'bare');
    mkdirSync(join(bare, 'sbin'), { recursive: true });
    cpSync(join(__dirname, '..', '..', 'sbin', 'flightlog'), join(bare, 'sbin', 'flightlog'));
    cpSync(join(__dirname, '..', '..', 'dist'), join(bare, 'dist'), {
      recursive: true,
      filter: (src) => !src.endsWith('.cache'),
    });
    const config = join(dir, 'flightlog.yaml');
    const ran = await flightlog(
      ['sample', ...common, '--config', config, '--first-interval', '0', '-v'],
      {},
      join(bare, 'sbin', 'flightlog'),
    );
    expect(ran.status, ran.stderr).toBe(0);
    // -v says which way the lines went, and why
    expect(ran.stderr).toMatch(/^flightlog: syslog through logger\(1\), because Cannot find module 'unix-dgram'/m);
    const sent = ran.stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('xid=')).length;
    await waitFor(() => readLines(daemon!.out).filter((l) => l.includes(' xid=')).length >= sent, 5000, 'the lines');
    expect(readLines(daemon!.out).filter((l) => l.startsWith('local4.notice flightlog[')).length).toBe(sent);
    const check = await flightlog(['check', ...common, '--config', config], {}, join(bare, 'sbin', 'flightlog'));
    expect(check.stdout).toMatch(/through logger\(1\), because Cannot find module 'unix-dgram'/);
  });

  it('finds unix-dgram built where bindings looks, not only in build/Release, and sends through winston-syslog', async () => {
    const { dir, common } = await setup('auto');
    const { cpSync, mkdirSync, renameSync } = await import('node:fs');
    const here = join(__dirname, '..', '..');
    const app = join(dir, 'app');
    mkdirSync(join(app, 'sbin'), { recursive: true });
    cpSync(join(here, 'sbin', 'flightlog'), join(app, 'sbin', 'flightlog'));
    cpSync(join(here, 'dist'), join(app, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.cache') });
    for (const pkg of ['unix-dgram', 'bindings', 'file-uri-to-path'])
      cpSync(join(here, 'node_modules', pkg), join(app, 'node_modules', pkg), { recursive: true });
    // a debug build: bindings finds it, the bundle's direct path does not
    const built = join(app, 'node_modules', 'unix-dgram', 'build');
    mkdirSync(join(built, 'Debug'));
    renameSync(join(built, 'Release', 'unix_dgram.node'), join(built, 'Debug', 'unix_dgram.node'));
    const config = join(dir, 'flightlog.yaml');
    const check = await flightlog(['check', ...common, '--config', config], {}, join(app, 'sbin', 'flightlog'));
    expect(check.stdout).toMatch(/through winston-syslog \(unix-dgram\)/);
    const ran = await flightlog(
      ['sample', ...common, '--config', config, '--first-interval', '0', '-v'],
      {},
      join(app, 'sbin', 'flightlog'),
    );
    expect(ran.status, ran.stderr).toBe(0);
    const sent = ran.stderr.trim().split('\n').length;
    await waitFor(() => readLines(daemon!.out).filter((l) => l.includes(' xid=')).length >= sent, 5000, 'the lines');
    expect(readLines(daemon!.out).filter((l) => l.startsWith('local4.notice flightlog[')).length).toBe(sent);
  });
});
