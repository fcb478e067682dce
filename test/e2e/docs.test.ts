import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logLines } from '../read/month';
import { fixtureRoot, tempDir } from '../helpers';
import { CLI } from './cli';
import { synopsis } from './synopsis';
import { COMMANDS, commandName } from '../../lib/cli/commands';

/*
 * Every command line the README's examples and the man page's EXAMPLES show, run as a user types it,
 * against a generated week of logs that ends now. Only what cannot be on a test machine is changed:
 * each line gets `--config` (the log, the state and the keys in a temp directory, never
 * /var/log or /var/lib), /srv/logs and /var/log/fleet point into the temp directory, and make and
 * ./train.py are small scripts. A line added to the docs fails here until it is known below.
 */
const repo = join(__dirname, '..', '..');

/** `flightlog …` lines of the README's code blocks and the man page's EXAMPLES, less synopses and comments. */
function documentedLines(): string[] {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```[a-z]*\n([\s\S]*?)^```/gm)].flatMap((m) => (m[1] as string).split('\n'));
  const man = readFileSync(join(repo, 'docs', 'flightlog.8.md'), 'utf8');
  const examples = man
    .slice(man.indexOf('## EXAMPLES'), man.indexOf('## SEE ALSO'))
    .split('\n')
    .filter((l) => l.startsWith('    '))
    .map((l) => l.trim());
  return [...blocks, ...examples]
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l.startsWith('flightlog ') && !/[[|…]/.test(l));
}

let dir = '';
let cleanup = (): void => {};
const env: NodeJS.ProcessEnv = {};

beforeAll(() => {
  const tmp = tempDir('fldoc');
  dir = tmp.dir;
  cleanup = tmp.cleanup;
  // `flightlog` and the helpers a user's examples run, first on the PATH
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const script = (name: string, text: string): void => {
    writeFileSync(join(bin, name), text);
    chmodSync(join(bin, name), 0o755);
  };
  script('flightlog', `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  script('make', '#!/bin/sh\nsleep 1.2\n');
  // long enough for one 5-second sample of its process tree
  writeFileSync(join(dir, 'train.py'), '#!/bin/sh\nsleep 5.5\n');
  chmodSync(join(dir, 'train.py'), 0o755);
  const { NODE_EXTRA_CA_CERTS: _ca, ...base } = process.env;
  Object.assign(env, base, { PATH: `${bin}:${process.env.PATH ?? ''}`, TZ: 'UTC' });

  // a week of ten-minute samples of pi7 up to now (each 300 s off a whole ten minutes before now, so
  // no sample sits on the edge of --since -2h), in the configured log and in a central one
  const now = Math.floor(Date.now() / 1000);
  const lines: string[] = [];
  for (let i = 7 * 144; i >= 0; i--) {
    const xid = now - 300 - i * 600;
    lines.push(
      ...logLines('pi7', xid, [
        ['run.v', 1],
        ['run.interval_s', 600],
        ['run.missed', 0],
      ]),
      ...logLines('pi7', xid, [
        ['cpu.busy_pct', (i * 7) % 100],
        ['psi.cpu.some_pct', i % 5],
        ['mem.used_pct', 40 + (i % 20)],
      ]),
      ...logLines('pi7', xid, [
        ['net.eth0.rx_bytes_per_s', 1000 * (i % 9)],
        ['disk.vda.read_bytes_per_s', 4096 * (i % 3)],
      ]),
    );
  }
  mkdirSync(join(dir, 'log'));
  writeFileSync(join(dir, 'log', 'flightlog.log'), `${lines.join('\n')}\n`);
  mkdirSync(join(dir, 'var/log/fleet/pi7'), { recursive: true });
  writeFileSync(join(dir, 'var/log/fleet/pi7/flightlog.log'), `${lines.join('\n')}\n`);
  // db1's recorded load, for replay: three ten-second samples
  mkdirSync(join(dir, 'srv/logs/db1'), { recursive: true });
  writeFileSync(
    join(dir, 'srv/logs/db1/flightlog.log'),
    `${[10, 40, 20]
      .flatMap((cpu, i) =>
        logLines('db1', now - 30 + 10 * i, [
          ['run.v', 1],
          ['run.interval_s', 10],
          ['cpu.busy_pct', cpu],
          ['cpu.count', 1],
          ['mem.used_bytes', (100 + i) * 1048576],
          ['disk.vda.write_bytes_per_s', 1048576],
        ]),
      )
      .join('\n')}\n`,
  );

  writeFileSync(
    join(dir, 'flightlog.yaml'),
    `state: ${join(dir, 'state', 'state.json')}\noutputs: [file]\nfile: {path: ${join(dir, 'log', 'flightlog.log')}}\n`,
  );
  // signed logs for verify: pi7's in /srv/logs/pi7 (keys pi7.key and an older one), and one configured
  for (const [name, text] of [
    ['pi7.key', 'a key of pi7\n'],
    ['pi7-old.key', 'the key pi7 had before\n'],
    ['sign.key', "this machine's key\n"],
  ]) {
    writeFileSync(join(dir, name as string), text as string, { mode: 0o600 });
  }
  const signed = (key: string, log: string, state: string): void => {
    const config = join(dir, `${state}.yaml`);
    writeFileSync(
      config,
      `state: ${join(dir, state, 'state.json')}\noutputs: [file]\nfile: {path: ${log}}\nsign: {key: ${join(dir, key)}}\n`,
    );
    for (let i = 0; i < 2; i++) {
      const ran = spawnSync(
        process.execPath,
        [CLI, 'sample', '--config', config, '--root', fixtureRoot('basic', 't1')],
        { env, encoding: 'utf8' },
      );
      expect(ran.status, ran.stderr).toBe(0);
    }
  };
  // pi7's central log: two signed samples of the basic fixture
  signed('pi7.key', join(dir, 'srv/logs/pi7/flightlog.log'), 'pi7-state');
  signed('sign.key', join(dir, 'signed.log'), 'signed-state');
});
afterAll(() => cleanup());

/** How a documented line runs here: the config it gets, and what it must print or leave. */
const KNOWN: Record<
  string,
  { config?: string; expect?: (out: string) => void; status?: readonly number[]; root?: boolean }
> = {
  // into a throw-away root, never this machine's /etc
  'flightlog setup --cron': {
    root: true,
    expect: () =>
      expect(readFileSync(join(dir, 'sysroot', 'etc', 'cron.d', 'flightlog'), 'utf8')).toMatch(
        / root \[ -x \/\S+\/flightlog \] && /,
      ),
  },
  'flightlog record -- make -j8': {},
  'flightlog record --interval 5 --out build.log -- ./train.py --epochs 3': {},
  'flightlog plot record.rss_bytes record.cpu_pct --log build.log -o build.png': {},
  // the samples 300, 900, … 6900 s before now: 12, and the header
  "flightlog grep cpu.busy_pct 'net.*.rx_bytes_per_s' --since -2h": {
    expect: (out) => expect(out.trim().split('\n')).toHaveLength(1 + 12),
  },
  'flightlog grep mem.used_pct --since yesterday --until today --csv > mem.csv': {},
  "flightlog grep 'fs.*' --json --log /srv/logs/pi7/": {
    expect: (out) => expect(out.trim().split('\n')).toHaveLength(2),
  },
  // 300 + 1007 × 600 s is within 7 days, 300 + 1008 × 600 s is not
  'flightlog report --since -7d': { expect: (out) => expect(out).toMatch(/^host pi7: 1008 samples from /) },
  'flightlog plot cpu.busy_pct psi.cpu.some_pct -o cpu.png --since -1d': {},
  'flightlog report --since -7d --html week.html': {
    expect: () => expect(readFileSync(join(dir, 'week.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/),
  },
  'flightlog verify': { config: 'signed-state.yaml', expect: (out) => expect(out).toMatch(/all lines check/) },
  'flightlog verify /srv/logs/pi7/ --key pi7.key --key pi7-old.key': {
    expect: (out) => expect(out).toMatch(/all lines check/),
  },
  'flightlog calibrate': {},
  'flightlog replay --log /srv/logs/db1/ --host db1 --speed 10 --validate': {},
  'flightlog sample --output stdout': { expect: (out) => expect(out).toMatch(/ flightlog\[\d+\]: xid=\d+ run\.v=1 /) },
  // exit 1 where this machine cannot record (a test machine has no cron daemon, no schedule installed): either way it says which
  'flightlog check': {
    status: [0, 1],
    expect: (out) =>
      expect(out).toMatch(
        /^(this machine can record: nothing to fix|worth a look:|this machine cannot record as configured:)$/m,
      ),
  },
  'flightlog mark-shutdown': {},
  // the lines that other examples (calibrate, event) wrote since have no cpu.busy_pct: an empty cell
  'flightlog grep cpu.busy_pct --since=-2h': {
    expect: (out) =>
      expect(
        out
          .trim()
          .split('\n')
          .filter((r) => /\d$/.test(r)),
      ).toHaveLength(12),
  },
  'flightlog report --log /var/log/fleet/pi7/ --since=-30d': {
    expect: (out) => expect(out).toMatch(/^host pi7: 1009 samples from /),
  },
  'flightlog plot mem.used_pct cpu.busy_pct --since=-1d -o day.png': {},
  'flightlog record --out build.log -- make -j8': {},
  'flightlog report --log build.log': { expect: (out) => expect(out).toMatch(/record\.exit_status/) },
  'flightlog event crash myapp': {},
};

describe('the man page', () => {
  it("has a synopsis made from every command's own options (npm run docs writes it)", () => {
    const path = join(repo, 'docs', 'flightlog.8.md');
    const text = readFileSync(path, 'utf8');
    const start = text.indexOf('## SYNOPSIS\n\n') + '## SYNOPSIS\n\n'.length;
    const end = text.indexOf('\n## DESCRIPTION');
    if (process.env.FLIGHTLOG_WRITE_DOCS === '1')
      writeFileSync(path, `${text.slice(0, start)}${synopsis()}${text.slice(end)}`);
    else expect(text.slice(start, end), 'docs/flightlog.8.md: npm run docs').toBe(synopsis());
  }, 60_000);
});

describe('the README', () => {
  it('has tables that render: no blank line between two rows of one table', () => {
    const lines = readFileSync(join(repo, 'README.md'), 'utf8').split('\n');
    const broken = lines.flatMap((line, i) =>
      line === '' &&
      lines[i - 1]?.startsWith('| ') &&
      lines[i + 1]?.startsWith('| ') &&
      !lines[i + 2]?.startsWith('|---')
        ? [i + 1]
        : [],
    );
    expect(broken).toEqual([]);
  });

  it('shows the options of every command', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    for (const command of COMMANDS.map(commandName)) {
      expect(readme, command).toMatch(new RegExp(`^flightlog ${command}\\b.*$`, 'm'));
    }
  });
});

describe('the command lines of the README and the man page', () => {
  const lines = documentedLines();

  it('are all known to this test', () => {
    expect(lines.filter((l) => KNOWN[l] === undefined)).toEqual([]);
    expect(lines.length).toBeGreaterThan(15);
  });

  it.each(lines.map((l) => [l]))(
    '%s',
    (line) => {
      const known = KNOWN[line] ?? {};
      const config = join(dir, known.config ?? 'flightlog.yaml');
      // --config goes before `--` (record's command) and before a redirection; the paths of a fleet into the temp directory
      const withConfig = line.includes(' -- ')
        ? line.replace(' -- ', ` --config ${config} -- `)
        : line.includes(' > ')
          ? line.replace(' > ', ` --config ${config} > `)
          : `${line} --config ${config}`;
      const typed = `${withConfig.replaceAll('/srv/logs/', `${dir}/srv/logs/`).replaceAll('/var/log/fleet/', `${dir}/var/log/fleet/`)}${known.root ? ` --root ${dir}/sysroot` : ''}`;
      const ran = spawnSync('sh', ['-c', typed], { cwd: dir, env, encoding: 'utf8' });
      expect(known.status ?? [0], `${typed}\n${ran.stderr}`).toContain(ran.status);
      known.expect?.(ran.stdout);
    },
    60_000,
  );
});
