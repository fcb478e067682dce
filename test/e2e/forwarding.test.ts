import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { findLogs } from '../../lib/read/files';
import { readSamples } from '../../lib/read/samples';
import { fixtureRoot, tempDir } from '../helpers';
import { flightlog } from './cli';
import { freePort, waitForPort } from './mosquitto';
import { readLines, startRsyslog, waitFor, type Rsyslog } from './rsyslog';

const daemons: Rsyslog[] = [];
let cleanup = (): void => {};
afterEach(() => {
  for (const d of daemons.splice(0)) d.stop();
  cleanup();
});

function tmp(): string {
  const t = tempDir('flf');
  cleanup = t.cleanup;
  return t.dir;
}

async function rsyslog(dir: string, options: Parameters<typeof startRsyslog>[1]): Promise<Rsyslog> {
  const d = await startRsyslog(dir, options);
  daemons.push(d);
  return d;
}

/** `flightlog sample -v` against the basic fixture with this config: the lines it sent. */
async function sampleWith(dir: string, config: string, root = fixtureRoot('basic', 't1')): Promise<string[]> {
  const file = join(dir, 'flightlog.yaml');
  writeFileSync(file, config);
  const ran = await flightlog([
    'sample',
    '--config',
    file,
    '--state',
    join(dir, 'state.json'),
    '--root',
    root,
    '--first-interval',
    '0',
    '-v',
  ]);
  expect(ran.status, ran.stderr).toBe(0);
  return ran.stderr.trim().split('\n');
}

describe('syslog to a remote receiver, RFC 5424', () => {
  it.each([['udp'], ['tcp']] as const)(
    'delivers every line over %s, with the host name of the sampled machine',
    async (protocol) => {
      const dir = tmp();
      const port = await freePort();
      const input =
        protocol === 'udp'
          ? `module(load="imudp")\ninput(type="imudp" address="127.0.0.1" port="${port}")`
          : `module(load="imtcp")\ninput(type="imtcp" address="127.0.0.1" port="${port}")`;
      const receiver = await rsyslog(dir, { extra: input, format: 'host' });
      if (protocol === 'tcp') await waitForPort(port);
      else await new Promise((resolve) => setTimeout(resolve, 200));
      const sent = await sampleWith(dir, `syslog: {host: 127.0.0.1, port: ${port}, protocol: ${protocol}}\n`);
      await waitFor(
        () => readLines(receiver.out).filter((l) => l.includes(' xid=')).length >= sent.length,
        5000,
        'the lines',
      );
      const got = readLines(receiver.out).filter((l) => l.includes(' xid='));
      expect(got).toEqual(
        sent.map((line) =>
          expect.stringMatching(
            new RegExp(
              `^local4\\.notice fixture-host flightlog\\[\\d+\\]:? ${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
            ),
          ),
        ),
      );
    },
  );

  it('gives up within its bound when no TCP receiver listens, and spools', async () => {
    const dir = tmp();
    const port = await freePort();
    const file = join(dir, 'flightlog.yaml');
    writeFileSync(file, `syslog: {host: 127.0.0.1, port: ${port}, protocol: tcp, timeout: 2}\n`);
    const ran = await flightlog([
      'sample',
      '--config',
      file,
      '--state',
      join(dir, 'state.json'),
      '--root',
      fixtureRoot('basic', 't1'),
      '--first-interval',
      '0',
    ]);
    expect(ran.status).toBe(3);
    // at once, on the refused connection (not its 2 s time limit)
    expect(ran.stderr).toMatch(/output syslog failed: tcp 127\.0\.0\.1:\d+: connect ECONNREFUSED/);
    expect(existsSync(join(dir, 'spool', 'syslog.jsonl'))).toBe(true);
  });
});

describe('forwarding between two rsyslogd', () => {
  it("brings a sample written on the first, complete, into the second's file", async () => {
    const dir = tmp();
    const port = await freePort();
    const central = await rsyslog(dir, {
      name: 'central',
      extra: `module(load="imtcp")\ninput(type="imtcp" address="127.0.0.1" port="${port}")`,
      format: 'host',
    });
    await waitForPort(port);
    const edge = await rsyslog(dir, {
      name: 'edge',
      extra: `local4.* action(type="omfwd" target="127.0.0.1" port="${port}" protocol="tcp")`,
    });
    const sent = await sampleWith(dir, `syslog: {socket: ${edge.socket}}\n`);
    await waitFor(
      () => readLines(central.out).filter((l) => l.includes(' xid=')).length >= sent.length,
      10_000,
      'the forwarded lines',
    );
    const got = readLines(central.out).filter((l) => l.includes(' xid='));
    expect(got.map((l) => l.slice(l.indexOf(': ') + 2))).toEqual(sent);
    expect(got.every((l) => l.startsWith(`local4.notice ${hostname()} flightlog[`))).toBe(true);
  });
});

describe('the shipped rsyslog files, installed as the README says', () => {
  it('29-flightlog-forward.conf forwards every line, and 30-flightlog.conf keeps them in the local file and out of the rest', async () => {
    const dir = tmp();
    const port = await freePort();
    const central = await rsyslog(dir, {
      name: 'central',
      extra: `module(load="imtcp")\ninput(type="imtcp" address="127.0.0.1" port="${port}")`,
      format: 'host',
    });
    await waitForPort(port);
    // the two files as shipped, only the central host and the log's path made this test's
    const conf = join(dir, 'rsyslog.d');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(conf);
    const repo = join(__dirname, '..', '..');
    const local = join(dir, 'flightlog.log');
    writeFileSync(
      join(conf, '29-flightlog-forward.conf'),
      readFileSync(join(repo, 'etc/examples/rsyslog-forward.conf'), 'utf8').replaceAll(
        'target="logs.example.org" port="514"',
        `target="127.0.0.1" port="${port}"`,
      ),
    );
    writeFileSync(
      join(conf, '30-flightlog.conf'),
      readFileSync(join(repo, 'rsyslog.d/30-flightlog.conf'), 'utf8').replaceAll('/var/log/flightlog.log', local),
    );
    const edge = await rsyslog(dir, { name: 'edge', extra: `include(file="${conf}/*.conf")` });
    const sent = await sampleWith(dir, `syslog: {socket: ${edge.socket}}\n`);
    await waitFor(
      () => readLines(central.out).filter((l) => l.includes(' xid=')).length >= sent.length,
      10_000,
      'the forwarded lines',
    );
    await waitFor(() => readLines(local).length >= sent.length, 5000, 'the local file');
    expect(
      readLines(central.out)
        .filter((l) => l.includes(' xid='))
        .map((l) => l.slice(l.indexOf(': ') + 2)),
    ).toEqual(sent);
    expect(readLines(local).map((l) => l.slice(l.indexOf(': ') + 2))).toEqual(sent);
    expect(readLines(edge.out).filter((l) => l.includes(' xid='))).toEqual([]);
  });
});

describe('the shipped forwarding across a restart while the central host is away', () => {
  it('keeps every line in its disk queue through the restart and delivers them when the central host is back: each sample whole, none lost', async () => {
    const dir = tmp();
    const port = await freePort();
    const repo = join(__dirname, '..', '..');
    const forward = readFileSync(join(repo, 'etc/examples/rsyslog-forward.conf'), 'utf8').replaceAll(
      'target="logs.example.org" port="514"',
      `target="127.0.0.1" port="${port}"`,
    );
    const edgeOptions = { name: 'edge', extra: forward };
    let edge = await rsyslog(dir, edgeOptions);
    // three runs while the central host is down
    const sent: string[] = [];
    for (let i = 0; i < 3; i++) sent.push(...(await sampleWith(dir, `syslog: {socket: ${edge.socket}}\n`)));
    // the machine restarts: rsyslog is stopped (SIGTERM) and started again over the same work directory
    edge.stop();
    await waitFor(() => !existsSync(edge.pidFile), 10_000, 'the edge rsyslogd to stop');
    edge = await rsyslog(dir, edgeOptions);
    const central = await rsyslog(dir, {
      name: 'central',
      extra: `module(load="imtcp")\ninput(type="imtcp" address="127.0.0.1" port="${port}")`,
      format: 'default',
    });
    const forwarded = (): string[] =>
      readLines(central.out)
        .filter((l) => l.includes(' xid='))
        .map((l) => l.slice(l.indexOf(': ') + 2));
    await waitFor(() => sent.every((line) => forwarded().includes(line)), 40_000, 'every forwarded line');
    // at least once: a line in flight at the stop may come again, and never a line that was not sent
    const seen = forwarded();
    for (const line of seen) expect(sent).toContain(line);
    // the readers take each sample once, whole
    const samples = await readSamples([central.out]);
    expect(samples).toHaveLength(3);
    expect(samples.every((s) => s.values.get('run.v') === '1' && s.values.has('mem.used_pct'))).toBe(true);
  }, 90_000);
});

/** A CA of its own in `dir`, and certificates it signs for a DNS name. */
function tlsMaterial(dir: string, ca: string): { sign: (name: string, dns: string) => void } {
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
    `/CN=${ca}`,
    '-keyout',
    f(`${ca}.key`),
    '-out',
    f(`${ca}.pem`),
  );
  return {
    sign: (name, dns) => {
      ssl(
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        `/CN=${dns}`,
        '-keyout',
        f(`${name}.key`),
        '-out',
        f(`${name}.csr`),
      );
      writeFileSync(f(`${name}.ext`), `subjectAltName=DNS:${dns}\n`);
      ssl(
        'x509',
        '-req',
        '-in',
        f(`${name}.csr`),
        '-CA',
        f(`${ca}.pem`),
        '-CAkey',
        f(`${ca}.key`),
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        f(`${name}.ext`),
        '-out',
        f(`${name}.pem`),
      );
    },
  };
}

describe('the shipped TLS forwarding, with a private CA', () => {
  it('delivers every line encrypted to a central rsyslog that takes only senders its CA signed', async () => {
    if (spawnSync('sh', ['-c', 'ls /usr/lib/*/rsyslog/lmnsd_gtls.so'], { stdio: 'ignore' }).status !== 0)
      throw new Error('rsyslog-gnutls is not installed: apt-get install rsyslog-gnutls');
    const dir = tmp();
    const ours = tlsMaterial(dir, 'ca');
    ours.sign('central', 'logs.example.org');
    ours.sign('machine', 'pi7.example.org');
    // a machine with a certificate from another CA
    tlsMaterial(dir, 'other-ca').sign('stranger', 'pi8.example.org');
    const port = await freePort();
    const central = await rsyslog(dir, {
      name: 'central',
      format: 'default',
      extra: [
        'module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="x509/certvalid")',
        `input(type="imtcp" address="127.0.0.1" port="${port}" StreamDriver.CAFile="${dir}/ca.pem" StreamDriver.CertFile="${dir}/central.pem" StreamDriver.KeyFile="${dir}/central.key")`,
      ].join('\n'),
    });
    await waitForPort(port);
    const repo = join(__dirname, '..', '..');
    // as shipped, only the central host's address and the files' place made this test's; the name checked stays logs.example.org
    const shipped = (cert: string): string =>
      readFileSync(join(repo, 'etc/examples/rsyslog-forward-tls.conf'), 'utf8')
        .replaceAll('target="logs.example.org" port="6514"', `target="127.0.0.1" port="${port}"`)
        .replaceAll('/etc/flightlog/tls/ca.pem', `${dir}/ca.pem`)
        .replaceAll('/etc/flightlog/tls/machine', `${dir}/${cert}`)
        .replaceAll('flightlog_fwd_tls', `flightlog_fwd_${cert}`);
    const edge = await rsyslog(dir, { name: 'edge', extra: shipped('machine') });
    const sent = await sampleWith(dir, `syslog: {socket: ${edge.socket}}\n`);
    const forwarded = (): string[] =>
      readLines(central.out)
        .filter((l) => l.includes(' xid='))
        .map((l) => l.slice(l.indexOf(': ') + 2));
    await waitFor(() => forwarded().length >= sent.length, 15_000, 'the lines over TLS');
    expect(forwarded()).toEqual(sent);
    // the stranger's lines never arrive
    const stranger = await rsyslog(dir, {
      name: 'stranger',
      extra: shipped('stranger').replaceAll(`${dir}/ca.pem`, `${dir}/other-ca.pem`),
    });
    spawnSync(
      'logger',
      ['--socket-errors=on', '-u', stranger.socket, '-t', 'flightlog', '-p', 'local4.notice', 'xid=1 from a stranger'],
      { stdio: 'ignore' },
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(readLines(central.out).some((l) => l.includes('from a stranger'))).toBe(false);
  }, 60_000);
});

describe('rotation by a real logrotate', () => {
  it('loses no line while the log is rotated between samples, and leaves .gz archives that the readers read', async () => {
    if (!existsSync('/usr/sbin/logrotate')) throw new Error('logrotate is not installed: apt-get install logrotate');
    const dir = tmp();
    const daemon = await rsyslog(dir, { format: 'default' });
    const conf = join(dir, 'logrotate.conf');
    writeFileSync(
      conf,
      `${daemon.out} {\n  rotate 31\n  compress\n  delaycompress\n  missingok\n  notifempty\n  postrotate\n    kill -HUP $(cat ${daemon.pidFile})\n  endscript\n}\n`,
    );
    const sent: string[] = [];
    const steps = ['t0', 't1', 't0', 't1', 't0', 't1', 't0', 't1'];
    for (const [i, step] of steps.entries()) {
      sent.push(...(await sampleWith(dir, `syslog: {socket: ${daemon.socket}}\n`, fixtureRoot('basic', step))));
      if (i % 2 === 1) {
        await waitFor(() => existsSync(daemon.out), 5000, 'the log');
        execFileSync('/usr/sbin/logrotate', ['-f', '-s', join(dir, 'logrotate.state'), conf]);
      }
    }
    const files = (): string[] => findLogs([], daemon.out);
    const lines = (): string[] =>
      files()
        .flatMap((f) =>
          (f.endsWith('.gz') ? gunzipSync(readFileSync(f)).toString() : readFileSync(f, 'utf8')).split('\n'),
        )
        .filter((l) => l.includes(' xid='));
    await waitFor(() => lines().length >= sent.length, 10_000, 'every line in the log files');
    expect(
      lines()
        .map((l) => l.slice(l.indexOf(': ') + 2))
        .sort(),
    ).toEqual([...sent].sort());
    const archives = readdirSync(dir)
      .filter((f) => f.startsWith('rsyslogd.log.'))
      .sort();
    expect(archives).toEqual(['rsyslogd.log.1', 'rsyslogd.log.2.gz', 'rsyslogd.log.3.gz', 'rsyslogd.log.4.gz']);
    // the readers join lines by host, pid and xid: every run is one sample, two in the same second too
    const runs = sent.filter((l) => / run\.v=/.test(l)).map((l) => /^xid=(\d+)/.exec(l)?.[1]);
    const samples = await readSamples(files());
    expect(samples.map((s) => String(s.xid))).toEqual(runs);
  });
});

describe('prom output read by node_exporter', () => {
  it("is a textfile that node_exporter's textfile collector reads without error", async () => {
    const exporter = '/usr/bin/prometheus-node-exporter';
    if (!existsSync(exporter))
      throw new Error('node_exporter is not installed: apt-get install prometheus-node-exporter');
    const dir = tmp();
    // twice, so that rates and raw counters are there: every kind of metric flightlog writes
    await sampleWith(dir, `outputs: [prom]\nprom: {dir: ${dir}}\nmodules: {cpu: {raw: true}, net: {raw: true}}\n`);
    await sampleWith(dir, `outputs: [prom]\nprom: {dir: ${dir}}\nmodules: {cpu: {raw: true}, net: {raw: true}}\n`);
    // promtool's lint: no error (exit 1); what it may say are naming hints (exit 3) about flightlog's
    // keys, which keep their unit words (_s, _ms, _count), as the README says
    if (!existsSync('/usr/bin/promtool')) throw new Error('promtool is not installed: apt-get install prometheus');
    const lint = spawnSync('/usr/bin/promtool', ['check', 'metrics'], {
      input: readFileSync(join(dir, 'flightlog.prom')),
      encoding: 'utf8',
    });
    expect([0, 3]).toContain(lint.status);
    const hints = `${lint.stdout}${lint.stderr}`.split('\n').filter(Boolean);
    expect(
      hints.filter(
        (h) =>
          !/(should not contain abbreviated units|should not have "_count" suffix|use base unit "bytes" instead of "bits")$/.test(
            h,
          ),
      ),
    ).toEqual([]);
    const port = await freePort();
    const child = spawn(
      exporter,
      [
        `--web.listen-address=127.0.0.1:${port}`,
        '--collector.disable-defaults',
        '--collector.textfile',
        `--collector.textfile.directory=${dir}`,
      ],
      { stdio: 'ignore' },
    );
    try {
      await waitForPort(port);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toMatch(/^node_textfile_scrape_error 0$/m);
      expect(metrics).toMatch(/^flightlog_mem_used_pct 37\.5$/m);
      expect(metrics).toMatch(/^flightlog_net_up\{subject="eth0"\} 1$/m);
      // a raw counter is a counter
      expect(metrics).toMatch(/^# TYPE flightlog_cpu_raw_user_total counter$/m);
      expect(metrics).toMatch(/^flightlog_cpu_subject_raw_user_total\{subject="0"\} \d+$/m);
      // an event count is a counter that adds up every run's, never a gauge a scrape would add up again
      expect(metrics).toMatch(/^# TYPE flightlog_app_crashes_total counter$/m);
      expect(metrics).not.toMatch(/^flightlog_\w+_new[ {]/m);
      expect(metrics).toMatch(/^flightlog_text_info\{key="run\.version",value="\d+\.\d+\.\d+"\} 1$/m);
    } finally {
      child.kill();
    }
  });
});
