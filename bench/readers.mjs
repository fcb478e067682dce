// npm run bench, part two: grep, report and plot over a generated month of ten-minute samples
// (4,456 samples, a reboot and missed runs, five files of which three are .gz), as a person runs them.
// Target: under 2 s each. Then grep, report and report --html over a central log of 100 hosts for a
// month (bench/fleet.ts: 31 daily files, 29 of them .gz, about 446,000 samples of three machine shapes),
// against `zcat | grep -c` and a `zcat | mawk` script that computes every key's per-host average and
// maximum (bench/report.awk) over the same files: targets grep ≤ 2× the first, report ≤ 1× the second,
// every reader under 200 MiB. Needs python3 (bench/measure.py) and mawk.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.env.BENCH_RUNS ?? 10);
const tmp = mkdtempSync(join(tmpdir(), 'flr-'));
const generator = join(tmp, 'month.cjs');
await build({
  entryPoints: [join(root, 'test', 'read', 'month.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: generator,
  logLevel: 'error',
});
const { createRequire } = await import('node:module');
createRequire(import.meta.url)(generator).writeMonth(tmp);

const flightlog = join(root, 'sbin', 'flightlog');
// a bare environment as cron's, and the program's code cache in the bench's own directory (not /var/cache)
const bare = ['env', '-i', 'PATH=/usr/bin:/bin', `HOME=${tmp}`, 'TZ=UTC', `FLIGHTLOG_CACHE_DIR=${join(tmp, 'cache')}`];
const subjects = {
  'grep cpu.busy_pct (table)': ['grep', 'cpu.busy_pct', '--log', tmp],
  'grep all keys --csv': ['grep', '--log', tmp, '--csv'],
  report: ['report', '--log', tmp],
  'plot cpu.busy_pct mem.used_bytes -o month.png': [
    'plot',
    'cpu.busy_pct',
    'mem.used_bytes',
    '--log',
    tmp,
    '-o',
    join(tmp, 'month.png'),
  ],
  'plot cpu.busy_pct -o month.svg': ['plot', 'cpu.busy_pct', '--log', tmp, '-o', join(tmp, 'month.svg')],
  'plot cpu.busy_pct (terminal)': ['plot', 'cpu.busy_pct', '--log', tmp],
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
process.stdout.write(
  `\nreaders over a month (${rounds} runs each, medians)\n\n| command | wall ms | CPU ms | peak RSS MiB |\n|---|---:|---:|---:|\n`,
);
for (const [name, args] of Object.entries(subjects)) {
  const runs = Array.from({ length: rounds }, () =>
    JSON.parse(
      execFileSync('python3', [join(root, 'bench', 'measure.py'), ...bare, flightlog, ...args], { encoding: 'utf8' }),
    ),
  );
  if (runs.some((r) => r.status !== 0)) throw new Error(`${name} failed`);
  process.stdout.write(
    `| ${name} | ${median(runs.map((r) => r.wall_ms)).toFixed(0)} | ${median(runs.map((r) => r.cpu_ms)).toFixed(0)} | ${(median(runs.map((r) => r.rss_kib)) / 1024).toFixed(1)} |\n`,
  );
}

// the fleet: a month of 100 hosts of three shapes, every default module's keys (bench/fleet.ts)
const fleetGenerator = join(tmp, 'fleet.cjs');
await build({
  entryPoints: [join(root, 'bench', 'fleet.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: fleetGenerator,
  logLevel: 'error',
});
const fleet = join(tmp, 'fleet');
const made = createRequire(import.meta.url)(fleetGenerator).writeFleet(fleet);
const fleetRounds = Math.min(rounds, 3);
const cost = (argv) => {
  const runs = Array.from({ length: fleetRounds }, () =>
    JSON.parse(
      execFileSync('python3', [join(root, 'bench', 'measure.py'), ...bare, ...argv], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      }),
    ),
  );
  if (runs.some((r) => r.status !== 0)) throw new Error(`${argv.join(' ')} failed`);
  return { ms: median(runs.map((r) => r.wall_ms)), mib: median(runs.map((r) => r.rss_kib)) / 1024 };
};
const files = readdirSync(fleet).map((f) => join(fleet, f));
const zgrep = cost(['sh', '-c', 'zcat -f "$@" | grep -c cpu.busy_pct', 'sh', ...files]).ms;
const mawk = cost([
  'sh',
  '-c',
  `zcat -f "$@" | mawk -f ${join(root, 'bench', 'report.awk')} > /dev/null`,
  'sh',
  ...files,
]).ms;
process.stdout.write(
  `\nthe central log of 100 hosts for a month: ${made.samples} samples, ${(made.bytes / 2 ** 30).toFixed(2)} GiB of lines (${fleetRounds} runs each, medians)\n\n`,
);
process.stdout.write(
  `| command | wall ms | / zcat \\| grep -c | / zcat \\| mawk | peak RSS MiB |\n|---|---:|---:|---:|---:|\n`,
);
process.stdout.write(
  `| zcat \\| grep -c cpu.busy_pct | ${zgrep.toFixed(0)} | 1.0 | | |\n| zcat \\| mawk -f bench/report.awk | ${mawk.toFixed(0)} | | 1.0 | |\n`,
);
const page = join(tmp, 'fleet.html');
for (const [name, args] of Object.entries({
  'grep cpu.busy_pct --csv': ['grep', 'cpu.busy_pct', '--log', fleet, '--csv'],
  report: ['report', '--log', fleet],
  'report --html': ['report', '--log', fleet, '--html', page],
})) {
  const { ms, mib } = cost([flightlog, ...args]);
  process.stdout.write(
    `| ${name} | ${ms.toFixed(0)} | ${(ms / zgrep).toFixed(2)} | ${(ms / mawk).toFixed(2)} | ${mib.toFixed(0)} |\n`,
  );
}

// the fleet page opened in Debian's headless Chromium until it has drawn, against an empty page
const chromium = ['/usr/bin/chromium', '--headless', '--no-sandbox', '--disable-gpu', '--dump-dom'];
const empty = join(tmp, 'empty.html');
writeFileSync(empty, '<!DOCTYPE html><p>empty</p>');
const opened = cost([...chromium, `file://${page}`]).ms;
const floor = cost([...chromium, `file://${empty}`]).ms;
process.stdout.write(
  `\nthe fleet page: ${(statSync(page).size / 2 ** 20).toFixed(1)} MiB; Chromium opens and draws it in ${opened.toFixed(0)} ms (an empty page: ${floor.toFixed(0)} ms)\n`,
);
rmSync(tmp, { recursive: true, force: true });
