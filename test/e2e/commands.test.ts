import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyOf, MONTH_START, writeMonth } from '../read/month';
import { fixtureRoot, tempDir } from '../helpers';
import { CLI, flightlog } from './cli';

/* Commands typed as people type them: keys then files, repeated options, typos, help. */
let dir = '';
let cleanup = (): void => {};
beforeAll(() => {
  const tmp = tempDir('flcmd');
  dir = tmp.dir;
  cleanup = tmp.cleanup;
  writeMonth(dir);
});
afterAll(() => cleanup());

const rows = (csv: string): string[] => csv.trim().split('\r\n');

describe('readers take files after the keys, as grep does', () => {
  it('grep KEY FILE reads that file, and FILE FILE reads both', async () => {
    const one = await flightlog(['grep', 'cpu.busy_pct', join(dir, 'flightlog.log.4.gz'), '--host', 'pi7', '--csv']);
    expect(one.status, one.stderr).toBe(0);
    // the oldest archive: the month's first samples; slot 1 is the first with a rate
    expect(rows(one.stdout)[2]).toBe(
      `${new Date((MONTH_START + 600) * 1000).toISOString().replace('.000Z', 'Z')},pi7,${busyOf(1)}`.replace(
        /Z,/,
        'Z,',
      ),
    );
    const two = await flightlog([
      'grep',
      'cpu.busy_pct',
      join(dir, 'flightlog.log.4.gz'),
      join(dir, 'flightlog.log.3.gz'),
      '--host',
      'pi7',
      '--csv',
    ]);
    expect(rows(two.stdout).length).toBeGreaterThan(rows(one.stdout).length);
  });

  it('--log takes one value and may repeat; a key after it stays a key', async () => {
    const ran = await flightlog([
      'grep',
      '--log',
      join(dir, 'flightlog.log.4.gz'),
      'cpu.busy_pct',
      '--log',
      join(dir, 'flightlog.log.3.gz'),
      '--host',
      'pi7',
      '--csv',
    ]);
    expect(ran.status, ran.stderr).toBe(0);
    expect(rows(ran.stdout)[0]).toBe('time,host,cpu.busy_pct');
  });

  it('a file that is not there is an error, not the default log', async () => {
    const ran = await flightlog(['grep', 'cpu.busy_pct', join(dir, 'nope.log')]);
    expect(ran.status).toBe(2);
    expect(ran.stderr).toBe(`flightlog: cannot read ${join(dir, 'nope.log')}: ENOENT\n`);
  });

  it('a key that matches nothing names the closest keys; a host that matches nothing lists the hosts', async () => {
    const key = await flightlog(['report', 'cpu.busy', '--log', dir]);
    expect(key.status).toBe(2);
    expect(key.stderr).toBe(
      'flightlog: no key matches "cpu.busy"; keys present include: cpu.busy_pct, disk.error, mem.used_bytes, note.text, run.boot\n',
    );
    // grep decodes only the keys asked for, and still knows every key there to name the closest
    const grepKey = await flightlog(['grep', 'cpu.busy', '--log', dir]);
    expect(grepKey.status).toBe(2);
    expect(grepKey.stderr).toBe(key.stderr);
    const host = await flightlog(['grep', 'cpu.busy_pct', '--log', dir, '--host', 'pi9']);
    expect(host.status).toBe(2);
    expect(host.stderr).toBe('flightlog: --host pi9: no such host in the logs; hosts there: pi7, pi8\n');
  });

  it('a relative time works as the README writes it: --since -2h', async () => {
    const ran = await flightlog(['grep', 'cpu.busy_pct', '--log', dir, '--since', '-2h']);
    // the month ended a week ago: nothing in the last two hours, and no error
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout.trim()).toBe('time  host  cpu.busy_pct');
  });

  it('a log the user may not read: an error that says how to get access', async () => {
    if (process.getuid?.() !== 0)
      throw new Error('this test runs flightlog as the user nobody: run the tests as root (CI does)');
    const { spawnSync } = await import('node:child_process');
    const log = join(dir, 'adm.log');
    writeFileSync(log, readFileSync(join(dir, 'flightlog.log')));
    chmodSync(log, 0o640);
    // as /var/log: the directory open to all, the file to root and the adm group
    chmodSync(dir, 0o755);
    const { NODE_EXTRA_CA_CERTS: _ca, ...env } = process.env;
    const ran = spawnSync(process.execPath, [CLI, 'grep', 'cpu.busy_pct', log], {
      uid: 65534,
      gid: 65534,
      encoding: 'utf8',
      env,
    });
    expect(ran.status).toBe(2);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toBe(
      `flightlog: cannot read ${log}: EACCES; flightlog's logs are root:adm 0640: read them as root, or as a member of the adm group (sudo usermod -aG adm $USER, then log in again)\n`,
    );
  });
});

describe('verify', () => {
  it('--key takes one value: the file after it is a log; stripped signatures fail', async () => {
    const key = join(dir, 'k.key');
    writeFileSync(key, 'key\n', { mode: 0o600 });
    const log = join(dir, 'signed.log');
    const config = join(dir, 'sign.yaml');
    writeFileSync(
      config,
      `outputs: [file]\nfile: {path: ${log}}\nsign: {key: ${key}}\nstate: ${join(dir, 'vs', 'state.json')}\n`,
    );
    expect(
      (
        await flightlog([
          'sample',
          '--config',
          config,
          '--state',
          join(dir, 'vs', 'state.json'),
          '--root',
          fixtureRoot('basic', 't1'),
        ])
      ).status,
    ).toBe(0);
    const ok = await flightlog(['verify', '--key', key, log]);
    expect(ok.status, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/in 1 file\(s\): all lines check\n$/);
    const stripped = join(dir, 'stripped.log');
    writeFileSync(stripped, readFileSync(log, 'utf8').replace(/ sig=\S+/g, ''));
    const bad = await flightlog(['verify', '--key', key, stripped]);
    expect(bad.status).toBe(1);
    const lines = readFileSync(log, 'utf8').trim().split('\n').length;
    expect(bad.stdout).toContain(`${stripped}:1: fixture-host: unsigned: a line without a signature\n`);
    expect(bad.stdout).toMatch(new RegExp(`: ${lines} problem\\(s\\)\\n$`));
  });
});

describe('help and mistakes', () => {
  it('bare flightlog prints a short usage and samples nothing', async () => {
    const ran = await flightlog([]);
    expect(ran.status).toBe(2);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toMatch(/^usage: flightlog COMMAND \[OPTIONS\]\n/);
  });

  it('-h, --help and help COMMAND show help; each command lists its own options', async () => {
    expect((await flightlog(['-h'])).stdout).toMatch(/flightlog sample {2,}take one sample/);
    const help = await flightlog(['help', 'event']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--state/);
    expect(help.stdout).not.toMatch(/--first-interval|--output/);
    expect((await flightlog(['export', '--help'])).stdout).not.toMatch(/Positionals|keys/);
  });

  it('a mistyped command or option gets a did-you-mean', async () => {
    const command = await flightlog(['smaple']);
    expect(command.status).toBe(2);
    expect(command.stderr).toBe(
      'flightlog: unknown command "smaple"; did you mean sample? (flightlog --help lists the commands)\n',
    );
    const option = await flightlog(['grep', 'cpu.busy_pct', '--sinse', '-2h']);
    expect(option.status).toBe(2);
    expect(option.stderr).toBe('flightlog: unknown option --sinse; did you mean --since?\n');
  });
});
