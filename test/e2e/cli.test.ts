import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMessage } from '../../lib/format/parse';
import { fixtureRoot, tempDir } from '../helpers';
import { CLI, flightlog } from './cli';
import { startRsyslog } from './rsyslog';

let cleanup = (): void => {};
afterEach(() => cleanup());

function setup(): { dir: string; state: string; args: string[] } {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const state = join(tmp.dir, 'state.json');
  return { dir: tmp.dir, state, args: ['--state', state, '--root', fixtureRoot('basic', 't1')] };
}

describe('flightlog sample, the built command', () => {
  it('writes one set of lines with rates on its very first run', async () => {
    const { args } = setup();
    const ran = await flightlog(['sample', ...args, '--output', 'stdout']);
    expect(ran.status).toBe(0);
    const messages = ran.stdout
      .trim()
      .split('\n')
      .map((l) => /^\S+Z fixture-host flightlog\[\d+\]: (xid=.*)$/.exec(l)?.[1]);
    expect(messages.every((m) => m !== undefined)).toBe(true);
    const run = parseMessage(messages[0]!);
    expect(run?.fields.get('run.first')).toBe('1');
    // the fixture does not change while the run waits: the rates are there, and zero
    expect(run?.fields.get('run.interval_s')).toBe('0');
    expect(ran.stdout).not.toContain('cpu.busy_pct');
    // the run's own time, from the process's start: within what the whole spawn took, seen from here
    const duration = Number(run?.fields.get('run.duration_ms'));
    expect(Number.isInteger(duration) && duration >= 0).toBe(true);
    expect(duration).toBeLessThanOrEqual(ran.ms);
  });

  it('says where the time went with -vv, stage by stage, the stages adding up to no more than the whole', async () => {
    const { args } = setup();
    const ran = await flightlog(['sample', ...args, '--output', 'stdout', '--first-interval', '0', '-vv']);
    expect(ran.status, ran.stderr).toBe(0);
    const line = /^flightlog: ms (.*)$/m.exec(ran.stderr)?.[1];
    const stages = (line ?? '').split(' ').map((pair) => pair.split('=') as [string, string]);
    expect(stages.every(([, ms]) => /^\d+\.\d$/.test(ms))).toBe(true);
    const names = stages.map(([name]) => name);
    // laps in order, each module's read and each event module within its lap, each output within deliver
    expect(names.filter((n) => !n.includes('.'))).toEqual([
      'start-up',
      'config',
      'outputs',
      'state',
      'read',
      'derive',
      'events',
      'deliver',
      'save',
      'total',
    ]);
    expect(names).toContain('read.cpu');
    expect(names).toContain('events.boot');
    expect(names).toContain('deliver.stdout');
    const ms = new Map(stages.map(([n, v]) => [n, Number(v)]));
    const laps = names.filter((n) => !n.includes('.') && n !== 'total').reduce((sum, n) => sum + (ms.get(n) ?? 0), 0);
    // each figure is rounded to 0.1 ms: the nine laps may pass the total by their rounding, never more
    expect(laps).toBeLessThanOrEqual((ms.get('total') ?? 0) + 0.5);
    expect(ms.get('read.cpu')).toBeLessThanOrEqual((ms.get('read') ?? 0) + 0.1);
  });

  it('writes JSON Lines with --output json', async () => {
    const { args } = setup();
    const ran = await flightlog(['sample', ...args, '--output', 'json', '--first-interval', '0']);
    const doc = JSON.parse(ran.stdout) as {
      xid: number;
      host: string;
      values: Record<string, unknown>;
      events: unknown[];
    };
    expect(doc.host).toBe('fixture-host');
    expect(doc.values['mem.used_pct']).toBe(37.5);
    expect(doc.values['run.version']).toBe(
      JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version,
    );
    expect(doc.events).toEqual([]);
  });

  it('lets one of two runs started together sample and sends the other away at once with 75', async () => {
    const { args } = setup();
    const [a, b] = await Promise.all([
      flightlog(['sample', ...args, '--output', 'stdout', '--first-interval', '2']),
      flightlog(['sample', ...args, '--output', 'stdout', '--first-interval', '2']),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([0, 75]);
    const loser = a.status === 75 ? a : b;
    expect(loser.stdout).toBe('');
    expect(loser.stderr).toMatch(
      /^flightlog: another flightlog run holds .*state\.json\.lock \(pid \d+\); this run exits without sampling\n$/,
    );
  });

  it('takes over a lock left by a run that was killed', async () => {
    const { args, state } = setup();
    writeFileSync(`${state}.lock`, '999999999 12345\n');
    const ran = await flightlog(['sample', ...args, '--output', 'stdout', '--first-interval', '0']);
    expect(ran.status).toBe(0);
    expect(existsSync(`${state}.lock`)).toBe(false);
  });

  it('exits 3 within a second when the syslog socket is missing, and keeps the sample for syslog alone', async () => {
    const { dir, args } = setup();
    const config = join(dir, 'flightlog.yaml');
    writeFileSync(config, `syslog: {socket: ${join(dir, 'nothing.sock')}}\n`);
    const failed = await flightlog(['sample', ...args, '--config', config, '--first-interval', '0']);
    expect(failed.status).toBe(3);
    expect(failed.stderr).toBe(
      `flightlog: output syslog failed: no syslog socket at ${join(dir, 'nothing.sock')}: is rsyslog (or another syslog daemon) running?; 1 sample(s) wait in its spool\n`,
    );
    expect(
      readFileSync(join(dir, 'spool', 'syslog.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(1);

    // stdout takes the next sample (exit 0); syslog still cannot, and keeps both, oldest first
    const again = await flightlog(['sample', ...args, '--config', config, '--output', 'syslog,stdout']);
    expect(again.status).toBe(0);
    expect(again.stdout.split('\n').filter((l) => l.includes(' run.v='))).toHaveLength(1);
    const kept = readFileSync(join(dir, 'spool', 'syslog.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { modules: Array<{ fields: Array<[string, unknown]> }> });
    expect(kept.map((s) => s.modules[0]!.fields.find(([k]) => k === 'run.first')?.[1])).toEqual([1, 0]);
    expect(existsSync(join(dir, 'spool', 'stdout.jsonl'))).toBe(false);
  });
});

describe('configuration errors exit 2 and name the file, the key and the fix', () => {
  it.each([
    [
      'an unknown key',
      'modules:\n  net:\n    exlude: "^lo$"\n',
      /flightlog\.yaml: modules\.net\.exlude: unknown key; fix: did you mean exclude\?/,
    ],
    [
      'a bad regex',
      'modules:\n  disk: {exclude: "^(loop"}\n',
      /flightlog\.yaml: modules\.disk\.exclude: bad regular expression "\^\(loop": .*; fix: write a JavaScript regular expression/,
    ],
    [
      'a wrong type',
      'interval: ten minutes\n',
      /flightlog\.yaml: interval: expected a number, found string "ten minutes"; fix: write a number/,
    ],
    [
      'an unknown output',
      'outputs: [syslog, sylog]\n',
      /flightlog\.yaml: outputs\[1\]: string "sylog" is not one of .*; fix: did you mean syslog\?/,
    ],
    ['broken YAML', 'modules: [\n', /flightlog\.yaml: not valid YAML/],
    [
      'a password in a URL',
      'mqtt: {url: "mqtt://alice:s3cret@127.0.0.1:1883"}\n',
      /^flightlog: .*flightlog\.yaml: mqtt\.url: the URL holds a user name or password; fix: .* named by mqtt\.credentials\n$/,
    ],
  ])('%s', async (_case, text, message) => {
    const { dir, args, state } = setup();
    const config = join(dir, 'flightlog.yaml');
    writeFileSync(config, text);
    const ran = await flightlog(['sample', ...args, '--config', config, '--output', 'stdout']);
    expect(ran.status).toBe(2);
    expect(ran.stderr).toMatch(message);
    expect(ran.stderr).not.toContain('s3cret');
    expect(ran.stdout).toBe('');
    expect(existsSync(state)).toBe(false);
  });

  it('a config file far larger than a config can be, refused before it is parsed', async () => {
    const { dir, args, state } = setup();
    const config = join(dir, 'flightlog.yaml');
    writeFileSync(config, `# ${'x'.repeat(2 * 1024 * 1024)}\ninterval: 600\n`);
    // 2 + 2097152 + 1 + 14 bytes
    const ran = await flightlog(['sample', ...args, '--config', config, '--output', 'stdout']);
    expect(ran.status).toBe(2);
    expect(ran.stderr).toBe(
      `flightlog: ${config}: 2097169 bytes, more than a config file can be (1048576); fix: keep the settings only (the shipped /etc/flightlog/flightlog.yaml is 6 KB)\n`,
    );
    expect(existsSync(state)).toBe(false);
  });

  it('a config file named with --config that does not exist', async () => {
    const { dir, args } = setup();
    const ran = await flightlog(['sample', ...args, '--config', join(dir, 'missing.yaml')]);
    expect(ran.status).toBe(2);
    expect(ran.stderr).toMatch(/missing\.yaml: cannot read the config file/);
  });

  it('an unknown output on the command line, and an unknown option', async () => {
    const { args } = setup();
    expect((await flightlog(['sample', ...args, '--output', 'stdout,carrier-pigeon'])).status).toBe(2);
    const ran = await flightlog(['sample', ...args, '--outptu', 'stdout']);
    expect(ran.status).toBe(2);
    expect(ran.stderr).toMatch(/unknown option --outptu; did you mean --output\?/);
  });

  it('a root that holds no /proc', async () => {
    const { dir, state } = setup();
    const ran = await flightlog(['sample', '--state', state, '--root', dir, '--output', 'stdout']);
    expect(ran.status).toBe(2);
    expect(ran.stderr).toMatch(/\/proc\/uptime does not exist: is --root the root of a Linux \/proc and \/sys\?/);
  });
});

describe("a user's trial run", () => {
  it("without outputs of its own prints its lines and writes nothing into the machine's log", async () => {
    if (process.getuid?.() !== 0)
      throw new Error('this test runs flightlog as the user nobody: run the tests as root (CI does)');
    const { spawnSync } = await import('node:child_process');
    const { chmodSync, cpSync, mkdirSync } = await import('node:fs');
    const tmp = tempDir('flus');
    try {
      chmodSync(tmp.dir, 0o777);
      // the machine's tree, with a kernel log only root may read (as /dev/kmsg is)
      const root = join(tmp.dir, 'root');
      cpSync(fixtureRoot('basic', 't1'), root, { recursive: true });
      mkdirSync(join(root, 'dev'), { recursive: true });
      writeFileSync(join(root, 'dev', 'kmsg'), '6,1,100,-;a kernel message\n', { mode: 0o600 });
      const { NODE_EXTRA_CA_CERTS: _ca, ...env } = process.env;
      // no socket at /dev/log is needed: the trial run never tries one
      const ran = spawnSync(process.execPath, [CLI, 'sample', '--root', root, '--first-interval', '0'], {
        uid: 65534,
        gid: 65534,
        encoding: 'utf8',
        env: {
          ...env,
          HOME: tmp.dir,
          XDG_STATE_HOME: join(tmp.dir, 'state'),
          FLIGHTLOG_CACHE_DIR: join(tmp.dir, 'cache'),
        },
      });
      expect(ran.stderr).toBe('');
      expect(ran.status).toBe(0);
      expect(ran.stdout).toMatch(/^\S+ fixture-host flightlog\[\d+\]: xid=\d+ run\.v=1 /);
      // the kernel's log is root's to read: for a user it is a source not there, not an error every run
      expect(ran.stdout).not.toMatch(/\.error=/);
      expect(ran.stdout).toMatch(/ run\.errors=0\n/);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('a user whose state directory cannot be made', () => {
  it('as Telegraf runs inputs.exec (a service user without a writable home): exit 2, and how to fix it', async () => {
    if (process.getuid?.() !== 0)
      throw new Error('this test runs flightlog as the user nobody: run the tests as root (CI does)');
    const { spawnSync } = await import('node:child_process');
    const { NODE_EXTRA_CA_CERTS: _ca, ...env } = process.env;
    const ran = spawnSync(
      process.execPath,
      [CLI, 'sample', '--output', 'influx', '--root', fixtureRoot('basic', 't1')],
      {
        uid: 65534,
        gid: 65534,
        encoding: 'utf8',
        env: { ...env, HOME: '/nonexistent', XDG_STATE_HOME: '' },
      },
    );
    expect(ran.status).toBe(2);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toBe(
      'flightlog: cannot write the state directory /nonexistent/.local/state/flightlog (EACCES); fix: run as a user who can, or give a writable path with --state FILE (or XDG_STATE_HOME, or state: in the config)\n',
    );
  });
});

describe('flightlog event from a service user', () => {
  it("reaches root's next sample, with the reporter's uid; one user cannot remove another's report", async () => {
    if (process.getuid?.() !== 0)
      throw new Error('this test reports as the user nobody: run the tests as root (CI does)');
    const { spawnSync } = await import('node:child_process');
    const { chmodSync, mkdirSync, readdirSync, readFileSync } = await import('node:fs');
    const tmp = tempDir('flev');
    try {
      chmodSync(tmp.dir, 0o755);
      const state = join(tmp.dir, 'state.json');
      // the reports directory as the package makes it
      mkdirSync(join(tmp.dir, 'reports'));
      chmodSync(join(tmp.dir, 'reports'), 0o1733);
      const { NODE_EXTRA_CA_CERTS: _ca, ...env } = process.env;
      const asNobody = (...args: string[]) =>
        spawnSync(process.execPath, [CLI, ...args], {
          uid: 65534,
          gid: 65534,
          encoding: 'utf8',
          env: { ...env, HOME: '/nonexistent' },
        });
      const reported = asNobody('event', 'crash', 'myapp', '--state', state);
      expect(reported.status, reported.stderr).toBe(0);
      expect((await flightlog(['event', 'note', 'from root', '--state', state])).status).toBe(0);
      const [rootReport] = readdirSync(join(tmp.dir, 'reports')).filter((f) =>
        readFileSync(join(tmp.dir, 'reports', f), 'utf8').includes('from root'),
      );
      expect(
        spawnSync('rm', ['-f', join(tmp.dir, 'reports', rootReport!)], { uid: 65534, gid: 65534 }).status,
      ).not.toBe(0);
      const ran = await flightlog([
        'sample',
        '--state',
        state,
        '--root',
        fixtureRoot('basic', 't1'),
        '--output',
        'stdout',
        '--first-interval',
        '0',
      ]);
      expect(ran.status, ran.stderr).toBe(0);
      expect(ran.stdout).toMatch(/ xid=\d+ event=crash name=myapp uid=65534 reported=\S+\n/);
      expect(ran.stdout).toMatch(/ xid=\d+ event=note text="from root" uid=0 reported=\S+\n/);
      // a user's crash report is its word: an event and app.crashes_new, never the machine's health
      expect(ran.stdout).toMatch(/ app\.crashes_new=1\n/);
      expect(ran.stdout).toMatch(/ health\.crashes=0 health\.crashes_new=0\n/);
      expect(readdirSync(join(tmp.dir, 'reports'))).toEqual([]);
    } finally {
      tmp.cleanup();
    }
  });

  it("cannot break root's runs, date a report, crowd out another's or have one counted twice", async () => {
    if (process.getuid?.() !== 0) throw new Error('this test plays another user: run the tests as root (CI does)');
    const { spawnSync } = await import('node:child_process');
    const { chmodSync, mkdirSync, readdirSync } = await import('node:fs');
    const tmp = tempDir('flev');
    try {
      chmodSync(tmp.dir, 0o755);
      const state = join(tmp.dir, 'state.json');
      const reports = join(tmp.dir, 'reports');
      mkdirSync(reports);
      chmodSync(reports, 0o1733);
      const asNobody = (script: string) =>
        spawnSync('sh', ['-c', script], { uid: 65534, gid: 65534, cwd: reports, encoding: 'utf8' });
      // a directory named as a report, a report dated 1e300 and one dated 1970, a FIFO, a link to root's
      // state, and 1,200 crash reports whose names sort before anyone's
      const hostile = asNobody(
        [
          'mkdir 0.json',
          'echo \'{"kind":"crash","name":"far","timeMs":1e300}\' > 1.json',
          'echo \'{"kind":"crash","name":"old","timeMs":0}\' > 2.json',
          'mkfifo 3.json',
          `ln -s ${state} 4.json`,
          'i=0; while [ $i -lt 1200 ]; do echo \'{"kind":"crash","name":"flood","timeMs":1}\' > 00$i.json; i=$((i+1)); done',
        ].join('; '),
      );
      expect(hostile.status, hostile.stderr).toBe(0);
      expect((await flightlog(['event', 'crash', 'rootapp', '--state', state])).status).toBe(0);
      const sample = () =>
        flightlog([
          'sample',
          '--state',
          state,
          '--root',
          fixtureRoot('basic', 't1'),
          '--output',
          'stdout',
          '--first-interval',
          '0',
        ]);
      const first = await sample();
      expect(first.status, first.stderr).toBe(0);
      expect(first.stderr).toBe('');
      // root's report is taken although 1,200 of nobody's sort before it; nobody's count is capped
      expect(first.stdout).toMatch(/ event=crash name=rootapp uid=0 /);
      expect(first.stdout).toMatch(/ app\.crashes_new=101 /);
      // the time is when the report arrived, whatever it says
      expect(first.stdout).not.toMatch(/reported=1970-/);
      expect(first.stdout).not.toContain('app.error');
      // only root's crash is the machine's
      expect(first.stdout).toMatch(/ health\.crashes=1 health\.crashes_new=1 health\.rootapp\.crashes=1\n/);
      // past 1,000 waiting, nobody's rest was removed unread and counted; what was not a report is gone
      expect(first.stdout).toMatch(/ app\.dropped_new=\d+/);
      const left = readdirSync(reports);
      expect(left.length).toBeLessThanOrEqual(1000);
      expect(left).not.toContain('0.json');
      expect(left).not.toContain('3.json');
      // the next runs take the rest, each report once
      let crashes = 101;
      for (let i = 0; i < 12 && readdirSync(reports).length > 0; i++) {
        const next = await sample();
        expect(next.status).toBe(0);
        crashes += Number(/ app\.crashes_new=(\d+)/.exec(next.stdout)?.[1]);
        expect(next.stdout).not.toContain('rootapp');
      }
      expect(readdirSync(reports)).toEqual([]);
      expect(crashes + Number(/ app\.dropped_new=(\d+)/.exec(first.stdout)?.[1])).toBe(1 + 1200 + 2);
    } finally {
      tmp.cleanup();
    }
  }, 120_000);

  it('says so when the report cannot be left', async () => {
    const tmp = tempDir('flev');
    try {
      const { writeFileSync } = await import('node:fs');
      // a file where the reports directory should be
      writeFileSync(join(tmp.dir, 'reports'), '');
      const ran = await flightlog(['event', 'crash', 'myapp', '--state', join(tmp.dir, 'state.json')]);
      expect(ran.status).toBe(2);
      expect(ran.stderr).toMatch(
        /^flightlog: event: the report could not be left in .*\/reports \((ENOTDIR|EEXIST)\); fix: as root, install -d -m 1733 /,
      );
    } finally {
      tmp.cleanup();
    }
  });
});

describe('flightlog check and --help', () => {
  it('shows the config and what each module can read', async () => {
    const { dir, args } = setup();
    const config = join(dir, 'flightlog.yaml');
    writeFileSync(config, `modules: {temp: false}\nsyslog: {socket: ${join(dir, 'none.sock')}}\n`);
    const ran = await flightlog(['check', ...args, '--config', config]);
    // no syslog daemon at that socket: this machine cannot record as configured, and check says how to fix it
    expect(ran.status).toBe(1);
    expect(ran.stdout).toContain(`config:  ${config}`);
    expect(ran.stdout).toContain(`syslog:  local4.notice as flightlog to ${join(dir, 'none.sock')} through `);
    expect(ran.stdout).toMatch(
      new RegExp(
        `  problem: the syslog socket ${join(dir, 'none.sock')}: no socket there: every sample would wait in the spool; fix: (start rsyslog|install and start a syslog daemon)`,
      ),
    );
    expect(ran.stdout).toMatch(/ {2}cpu +ok +3 subject\(s\) from \/proc\/stat/);
    expect(ran.stdout).toMatch(/ {2}temp +off +modules\.temp is false/);
    expect(ran.stdout).toMatch(/ {2}proc +off +turn it on with modules\.proc: true/);
  });

  it('is a doctor: a machine that can record exits 0; schedule, last sample, log and quiet event sources are reported', async () => {
    const { dir, args } = setup();
    const daemon = await startRsyslog(dir);
    try {
      const config = join(dir, 'flightlog.yaml');
      writeFileSync(
        config,
        `syslog: {socket: ${daemon.socket}}\nfile: {path: ${join(dir, 'flightlog.log')}}\ninterval: 600\n`,
      );
      // a root whose /etc has the cron line and no rsyslog rule, whose kernel dumps cores in place, whose accounting file is empty
      const root = join(dir, 'root');
      const { cpSync, mkdirSync } = await import('node:fs');
      cpSync(fixtureRoot('basic', 't1'), root, { recursive: true });
      mkdirSync(join(root, 'etc/cron.d'), { recursive: true });
      // the shipped cron file, and the program where it looks
      writeFileSync(
        join(root, 'etc/cron.d/flightlog'),
        readFileSync(join(__dirname, '..', '..', 'cron.d', 'flightlog'), 'utf8'),
      );
      mkdirSync(join(root, 'usr/bin'), { recursive: true });
      writeFileSync(join(root, 'usr/bin/flightlog'), '#!/bin/sh\n', { mode: 0o755 });
      // the cron daemon, as /proc shows it
      mkdirSync(join(root, 'proc/412'), { recursive: true });
      writeFileSync(join(root, 'proc/412/comm'), 'cron\n');
      writeFileSync(join(root, 'proc/sys/kernel/core_pattern'), 'core\n');
      mkdirSync(join(root, 'var/log/account'), { recursive: true });
      writeFileSync(join(root, 'var/log/account/pacct'), '');
      const at = args.indexOf('--root');
      const rest = [...args.slice(0, at), ...args.slice(at + 2)];
      const ran = await flightlog(['check', ...rest, '--root', root, '--config', config]);
      expect(ran.status, ran.stdout).toBe(0);
      expect(ran.stdout).toContain('schedule: cron (/etc/cron.d/flightlog, run by cron)\n');
      expect(ran.stdout).toContain('last sample: none yet\n');
      expect(ran.stdout).toContain(`log: ${join(dir, 'flightlog.log')} (not there yet)\n`);
      expect(ran.stdout).toContain('worth a look:\n');
      expect(ran.stdout).toContain('  note: no rsyslog rule sends local4 to ');
      expect(ran.stdout).toContain('  note: coredump: core_pattern is "core": cores do not go to systemd-coredump');
      expect(ran.stdout).toContain('  note: pacct: /var/log/account/pacct has not grown since this boot');
    } finally {
      daemon.stop();
    }
  });

  it('finds a machine that cannot record: a socket nothing reads, no cron daemon, a cron entry for a program not there, a timer without systemd', async () => {
    const { dir, args } = setup();
    const { cpSync, mkdirSync, symlinkSync } = await import('node:fs');
    // a socket left by a syslog daemon that died
    const stale = join(dir, 'stale.sock');
    const { createSocket } = (await import('unix-dgram')) as {
      createSocket: (type: string) => { bind(path: string): void; close(): void };
    };
    const sock = createSocket('unix_dgram');
    sock.bind(stale);
    sock.close();
    const config = join(dir, 'flightlog.yaml');
    writeFileSync(config, `syslog: {socket: ${stale}}\n`);
    const root = join(dir, 'root');
    cpSync(fixtureRoot('basic', 't1'), root, { recursive: true });
    mkdirSync(join(root, 'etc/cron.d'), { recursive: true });
    // the repository's cron line, on a machine where npm put the program in /usr/local/bin: /usr/bin/flightlog is not there
    writeFileSync(
      join(root, 'etc/cron.d/flightlog'),
      readFileSync(join(__dirname, '..', '..', 'cron.d', 'flightlog'), 'utf8'),
    );
    mkdirSync(join(root, 'etc/systemd/system/timers.target.wants'), { recursive: true });
    symlinkSync(
      '/lib/systemd/system/flightlog.timer',
      join(root, 'etc/systemd/system/timers.target.wants/flightlog.timer'),
    );
    const at = args.indexOf('--root');
    const rest = [...args.slice(0, at), ...args.slice(at + 2)];
    const ran = await flightlog(['check', ...rest, '--root', root, '--config', config]);
    expect(ran.status).toBe(1);
    expect(ran.stdout).toContain(
      'schedule: cron (/etc/cron.d/flightlog, but no cron daemon runs) and systemd timer (flightlog.timer, enabled, but systemd does not run here)\n',
    );
    expect(ran.stdout).toContain('this machine cannot record as configured:\n');
    expect(ran.stdout).toContain(
      `  problem: the syslog socket ${stale}: nothing listens on the socket: is the syslog daemon running? (connect -111): every sample would wait in the spool; fix: `,
    );
    expect(ran.stdout).toContain(
      '  problem: no cron daemon runs: /etc/cron.d/flightlog starts nothing; fix: start cron',
    );
    expect(ran.stdout).toContain(
      '  problem: /etc/cron.d/flightlog runs /usr/bin/flightlog, which is not there: it samples nothing;',
    );
    expect(ran.stdout).toContain(
      "  problem: flightlog.timer is enabled, but systemd is not this machine's init: the timer never fires;",
    );
  });

  it("as a user, speaks of the machine's recorder, not of the user's own state", async () => {
    if (process.getuid?.() !== 0)
      throw new Error('this test runs flightlog as the user nobody: run the tests as root (CI does)');
    const { spawnSync } = await import('node:child_process');
    const { NODE_EXTRA_CA_CERTS: _ca, ...env } = process.env;
    const ran = spawnSync(process.execPath, [CLI, 'check', '--root', fixtureRoot('basic', 't1')], {
      uid: 65534,
      gid: 65534,
      encoding: 'utf8',
      env: { ...env, HOME: '/nonexistent' },
    });
    expect(ran.stdout).toContain(
      "as uid 65534: about the machine's recorder, which runs as root (give --state for a recorder of this user's)\n",
    );
    expect(ran.stdout).not.toContain('/nonexistent/.local/state');
  });

  it('says what a machine lacks', async () => {
    const ran = await flightlog(['check', '--root', fixtureRoot('reboot', 't0'), '--state', '/nonexistent/state.json']);
    expect(ran.stdout).toMatch(
      /psi +absent +\/proc\/pressure does not exist here: the module writes nothing on this machine/,
    );
    expect(ran.stdout).toMatch(/cpu +error +FileMissing: \/proc\/stat does not exist/);
  });

  it('says which event modules find their sources, a Raspberry Pi told by its device tree', async () => {
    const pi = await flightlog(['check', '--root', fixtureRoot('pi', 't1'), '--state', '/nonexistent/state.json']);
    expect(pi.stdout).toMatch(/\n {2}pi +ok +from \/proc\/device-tree\/model/);
    expect(pi.stdout).toMatch(/\n {2}cpufreq +ok +1 subject\(s\)/);
    const other = await flightlog([
      'check',
      '--root',
      fixtureRoot('basic', 't1'),
      '--state',
      '/nonexistent/state.json',
    ]);
    expect(other.stdout).toMatch(/\n {2}pi +absent +not a Raspberry Pi: the module writes nothing on this machine/);
    expect(other.stdout).toMatch(/\n {2}inventory +ok /);
  });

  it('gives --help for sample, and for check only the options check takes', async () => {
    const sample = await flightlog(['sample', '--help']);
    expect(sample.status).toBe(0);
    expect(sample.stdout).toContain('--first-interval');
    const check = await flightlog(['check', '--help']);
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('--state');
    expect(check.stdout).not.toContain('--first-interval');
  });
});
