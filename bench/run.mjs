// npm run bench: the cost of one `flightlog sample` next to `node -e 0`, sysstat's `sadc 1 1` and a
// same-work floor (bench/floor.cjs: the system work the sample did, recorded from it, done by a Node
// program with no library), measured the way cron runs it (a bare environment: no
// NODE_EXTRA_CA_CERTS), in paired repetitions (every subject once per round, in rotating order),
// reported as medians and ratios. Also the start-up cost of each library on the program's paths.
// Needs python3 (bench/measure.py) and sysstat for sadc.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.env.BENCH_RUNS ?? 30);
const tmp = mkdtempSync(join(tmpdir(), 'flb-'));
// the program's code cache in the bench's own directory: as root it would otherwise go to /var/cache
// BENCH_NODE=/path/to/node measures under that Node (its directory first on PATH), for Node 18 beside 20
const env = {
  PATH: `${process.env.BENCH_NODE ? `${dirname(process.env.BENCH_NODE)}:` : ''}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
  HOME: tmp,
  LANG: 'C',
  FLIGHTLOG_CACHE_DIR: join(tmp, 'cache'),
};
const cleanups = [() => rmSync(tmp, { recursive: true, force: true })];
const say = (line = '') => process.stdout.write(`${line}\n`);

function measure(argv) {
  const out = execFileSync(
    'python3',
    [join(root, 'bench', 'measure.py'), 'env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...argv],
    { encoding: 'utf8' },
  );
  return JSON.parse(out);
}

/** A syslog socket for the default output: the system's /dev/log, or (as root, where there is none) a private rsyslogd on it. */
function syslogSocket() {
  if (existsSync('/dev/log')) return 'the system syslog daemon on /dev/log';
  if (process.getuid?.() !== 0 || !existsSync('/usr/sbin/rsyslogd'))
    throw new Error('no /dev/log: start a syslog daemon, or run the bench as root with rsyslog installed');
  const conf = join(tmp, 'rsyslog.conf');
  writeFileSync(
    conf,
    `global(workDirectory="${tmp}")\nmodule(load="imuxsock" SysSock.Use="off")\ninput(type="imuxsock" Socket="/dev/log")\n*.* action(type="omfile" file="${tmp}/syslog.out")\n`,
  );
  spawnSync('/usr/sbin/rsyslogd', ['-f', conf, '-i', join(tmp, 'rsyslogd.pid')]);
  for (let i = 0; i < 200 && !existsSync('/dev/log'); i++) spawnSync('sleep', ['0.01']);
  // the socket exists a moment before rsyslogd reads it
  spawnSync('sleep', ['0.3']);
  cleanups.unshift(() => {
    try {
      process.kill(Number(readFileSync(join(tmp, 'rsyslogd.pid'), 'utf8')), 'SIGTERM');
    } catch {
      /* gone */
    }
    rmSync('/dev/log', { force: true });
  });
  return 'a private rsyslogd on /dev/log';
}

async function importBundles() {
  const libs = {
    yargs: "require('yargs/yargs')(process.argv.slice(2)).detectLocale(false).parse();",
    'winston + winston-syslog': "require('winston'); require('winston-syslog');",
    execa: "require('execa');",
    yaml: "require('yaml').parse('a: 1');",
  };
  const files = {};
  for (const [name, code] of Object.entries(libs)) {
    const outfile = join(tmp, `${name.replace(/\W+/g, '-')}.js`);
    await build({
      stdin: { contents: code, resolveDir: root, loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      minify: true,
      outfile,
      external: ['unix-dgram'],
      logLevel: 'error',
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    files[name] = outfile;
  }
  return files;
}

/** Why a subject failed: the same command again, its stderr kept. */
function why(argv) {
  const again = spawnSync(argv[0], argv.slice(1), { env, encoding: 'utf8' });
  return `status ${again.status}; stderr: ${again.stderr.trim() || '(none)'}`;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * The program as that Node runs it once installed with it: the checkout, or where unix-dgram's compiled
 * module here was built for another Node (BENCH_NODE=18 beside a checkout installed with 20), a copy
 * whose unix-dgram is built for that one, as npm builds it when that Node installs flightlog (node-gyp,
 * with the headers that come with Node's release). Otherwise the syslog lines would go through logger(1),
 * and the bench would measure a fallback no such install takes.
 */
function programFor() {
  const loads = (dir) =>
    spawnSync('node', ['-e', "require('unix-dgram/build/Release/unix_dgram.node')"], { cwd: dir, env }).status === 0;
  if (loads(root)) return root;
  const node = execFileSync('env', ['-i', `PATH=${env.PATH}`, 'node', '-p', 'process.execPath'], {
    encoding: 'utf8',
  }).trim();
  const prefix = dirname(dirname(node));
  const gyp = [
    join(prefix, 'lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    '/usr/share/nodejs/node-gyp/bin/node-gyp.js',
  ].find(existsSync);
  if (gyp === undefined || !existsSync(join(prefix, 'include/node/node.h')))
    throw new Error(
      `unix-dgram here does not load under ${node}, and node-gyp or that Node's headers are missing to build it`,
    );
  const copy = join(tmp, 'program');
  for (const dir of ['sbin', 'dist']) cpSync(join(root, dir), join(copy, dir), { recursive: true });
  mkdirSync(join(copy, 'node_modules'));
  for (const name of readdirSync(join(root, 'node_modules')))
    if (name !== 'unix-dgram') symlinkSync(join(root, 'node_modules', name), join(copy, 'node_modules', name));
  const dgram = join(copy, 'node_modules', 'unix-dgram');
  cpSync(join(root, 'node_modules', 'unix-dgram'), dgram, { recursive: true });
  rmSync(join(dgram, 'build'), { recursive: true, force: true });
  execFileSync(node, [gyp, 'rebuild', `--nodedir=${prefix}`], {
    cwd: dgram,
    env: { ...env, HOME: tmp },
    stdio: 'ignore',
  });
  if (!loads(copy)) throw new Error(`unix-dgram built for ${node} does not load`);
  return copy;
}

const sadc = ['/usr/lib/sysstat/sadc', '/usr/lib64/sa/sadc', '/usr/lib/sa/sadc'].find(existsSync);
const program = programFor();
const flightlog = join(program, 'sbin', 'flightlog');
const state = join(tmp, 'state.json');
/** A state file in a directory of its own. */
const stateOwn = (name) => {
  mkdirSync(join(tmp, name));
  return join(tmp, name, 'state.json');
};
const config = join(tmp, 'flightlog.yaml');
writeFileSync(
  config,
  'interval: 600\noutputs: [syslog]\nmodules:\n  net: {exclude: "^(lo|veth.*)$"}\n  fs: {exclude_types: [tmpfs, devtmpfs, overlay, squashfs, proc, sysfs, cgroup2]}\n',
);
// the way the .deb sends (it carries no compiled module): logger(1)
const viaLogger = join(tmp, 'logger.yaml');
writeFileSync(viaLogger, 'syslog: {via: logger}\n');
const where = syslogSocket();
const libs = await importBundles();

const subjects = {
  'node -e 0': ['node', '-e', '0'],
  ...(sadc ? { 'sadc 1 1': [sadc, '1', '1', join(tmp, 'sa.out')] } : {}),
  // its command comes from a warm sample's work, below; its place in the table is here
  'same-work floor': [],
  'flightlog sample': [flightlog, 'sample', '--state', state],
  // a config file's parsed copy is kept beside the state, for one file: each config has its own state
  // directory, as on a machine (sharing one, the two would parse their files again on every run)
  'flightlog sample, config file': [flightlog, 'sample', '--state', stateOwn('config'), '--config', config],
  'flightlog sample through logger(1), as the .deb': [
    flightlog,
    'sample',
    '--state',
    stateOwn('logger'),
    '--config',
    viaLogger,
  ],
  'flightlog sample --output stdout': [flightlog, 'sample', '--state', state, '--output', 'stdout'],
  ...Object.fromEntries(Object.entries(libs).map(([name, file]) => [`import ${name}`, ['node', file]])),
};
// warm states, parsed configs and code cache, as every cron run but the first finds them
for (const name of Object.keys(subjects).filter((n) => n.startsWith('flightlog sample'))) {
  for (let i = 0; i < 2; i++) {
    const m = measure(subjects[name]);
    if (m.status !== 0) {
      for (const fn of cleanups) fn();
      throw new Error(`${name} exited ${m.status} while warming up (again: ${why(subjects[name])})`);
    }
  }
}
subjects['same-work floor'] = sameWorkFloor();

/**
 * The floor's command: what a warm default sample asked of the system (recorded by bench/record-work.cjs
 * preloaded into one), the lines it sends (its stdout output) and the size of the state file it saves.
 */
function sameWorkFloor() {
  const work = join(tmp, 'work.json');
  const lines = join(tmp, 'lines.txt');
  const recorded = spawnSync(flightlog, ['sample', '--state', state], {
    env: {
      ...env,
      NODE_OPTIONS: `--require ${join(root, 'bench', 'record-work.cjs')}`,
      WORK_LIST: work,
      WORK_SKIP: `${program}/:${env.FLIGHTLOG_CACHE_DIR}/`,
    },
  });
  const printed = spawnSync(flightlog, ['sample', '--state', state, '--output', 'stdout'], { env, encoding: 'utf8' });
  if (recorded.status !== 0 || printed.status !== 0) throw new Error('the sample failed while its work was recorded');
  writeFileSync(lines, printed.stdout);
  const saves = join(tmp, 'floor');
  mkdirSync(saves);
  const dgram = join(program, 'node_modules', 'unix-dgram', 'build', 'Release', 'unix_dgram.node');
  return ['node', join(root, 'bench', 'floor.cjs'), work, lines, String(statSync(state).size), saves, dgram];
}

/** Where a default sample's time goes: `sample -vv` reports it stage by stage; the medians over the rounds. */
function stages() {
  const runs = [];
  for (let r = 0; r < rounds; r++) {
    const ran = spawnSync(flightlog, ['sample', '--state', state, '-vv'], { env, encoding: 'utf8' });
    const line = /^flightlog: ms (.*)$/m.exec(ran.stderr)?.[1];
    if (ran.status !== 0 || line === undefined)
      throw new Error(`flightlog sample -vv: status ${ran.status}; stderr: ${ran.stderr.trim()}`);
    runs.push(
      Object.fromEntries(
        line
          .split(' ')
          .map((pair) => pair.split('='))
          .map(([k, v]) => [k, Number(v)]),
      ),
    );
  }
  return Object.keys(runs[0]).map((stage) => [stage, median(runs.map((r) => r[stage] ?? 0))]);
}

/** Node's internal modules a default sample loads beyond what `node -e 0` loads (process.moduleLoadList). */
function internalModules() {
  const preload = join(tmp, 'module-list.cjs');
  writeFileSync(
    preload,
    "process.on('exit', () => require('node:fs').writeFileSync(process.env.MODULE_LIST, process.moduleLoadList.join('\\n')));\n",
  );
  const listOf = (argv) => {
    const file = join(tmp, 'modules.txt');
    spawnSync(argv[0], argv.slice(1), { env: { ...env, NODE_OPTIONS: `--require ${preload}`, MODULE_LIST: file } });
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((m) => m.startsWith('NativeModule '))
      .map((m) => m.slice('NativeModule '.length));
  };
  const bare = new Set(listOf(['node', '-e', '0']));
  return listOf(subjects['flightlog sample']).filter((m) => !bare.has(m));
}

const results = Object.fromEntries(Object.keys(subjects).map((k) => [k, []]));
const names = Object.keys(subjects);
let stageMedians;
let loaded;
try {
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      const m = measure(subjects[name]);
      if (m.status !== 0) throw new Error(`${name} exited ${m.status} (again: ${why(subjects[name])})`);
      results[name].push(m);
    }
  }
  stageMedians = stages();
  loaded = internalModules();
} finally {
  for (const fn of cleanups) fn();
}

const med = (name, field) => median(results[name].map((m) => m[field]));
const base = { wall: med('node -e 0', 'wall_ms'), cpu: med('node -e 0', 'cpu_ms'), rss: med('node -e 0', 'rss_kib') };
say(
  `flightlog ${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version} bench: ${rounds} paired rounds, medians; node ${execFileSync('env', ['-i', `PATH=${env.PATH}`, 'node', '--version'], { encoding: 'utf8' }).trim()}, ${process.arch}, ${cpus()[0]?.model ?? '?'} x${cpus().length}`,
);
say(`syslog output into ${where}; environment stripped as cron strips it\n`);
say('| subject | wall ms | CPU ms | peak RSS MiB | wall / node | CPU / node | RSS − node MiB | wall / sadc |');
say('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const name of names) {
  const wall = med(name, 'wall_ms');
  const cpu = med(name, 'cpu_ms');
  const rss = med(name, 'rss_kib');
  const vsSadc = sadc ? (wall / med('sadc 1 1', 'wall_ms')).toFixed(1) : 'n/a';
  say(
    `| ${name} | ${wall.toFixed(1)} | ${cpu.toFixed(1)} | ${(rss / 1024).toFixed(1)} | ${(wall / base.wall).toFixed(2)} | ${(cpu / base.cpu).toFixed(2)} | ${((rss - base.rss) / 1024).toFixed(1)} | ${vsSadc} |`,
  );
}
const floor = (field) => med('flightlog sample', field) / med('same-work floor', field);
say(
  `\nthe default sample over the same-work floor: wall ${floor('wall_ms').toFixed(2)}×, CPU ${floor('cpu_ms').toFixed(2)}×, peak RSS +${((med('flightlog sample', 'rss_kib') - med('same-work floor', 'rss_kib')) / 1024).toFixed(1)} MiB`,
);
say(
  `\nimport cost over node -e 0 (wall ms): ${Object.keys(libs)
    .map((n) => `${n} +${(med(`import ${n}`, 'wall_ms') - base.wall).toFixed(1)}`)
    .join(', ')}`,
);
say(
  `\nwhere a default sample's time goes (sample -vv, medians, ms; read.<module> and events.<module> lie within read and events):\n${stageMedians.map(([stage, ms]) => `${stage}=${ms.toFixed(1)}`).join(' ')}`,
);
say(`\nNode's internal modules it loads beyond node -e 0 (${loaded.length}): ${loaded.join(' ')}`);
if (!sadc) say('sadc not found: install sysstat (apt-get install sysstat) to compare with it');
