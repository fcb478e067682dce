// npm run bench, part two: grep, report and plot over a generated month of ten-minute samples
// (4,456 samples, a reboot and missed runs, five files of which three are .gz), as a person runs them.
// Target: under 2 s each. Needs python3 (bench/measure.py).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.env.BENCH_RUNS ?? 10);
const tmp = mkdtempSync(join(tmpdir(), 'flr-'));
const generator = join(tmp, 'month.cjs');
await build({ entryPoints: [join(root, 'test', 'read', 'month.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: generator, logLevel: 'error' });
const { createRequire } = await import('node:module');
createRequire(import.meta.url)(generator).writeMonth(tmp);

const flightlog = join(root, 'sbin', 'flightlog');
const subjects = {
  'grep cpu.busy_pct (table)': ['grep', 'cpu.busy_pct', '--log', tmp],
  'grep all keys --csv': ['grep', '--log', tmp, '--csv'],
  'report': ['report', '--log', tmp],
  'plot cpu.busy_pct mem.used_bytes -o month.png': ['plot', 'cpu.busy_pct', 'mem.used_bytes', '--log', tmp, '-o', join(tmp, 'month.png')],
  'plot cpu.busy_pct -o month.svg': ['plot', 'cpu.busy_pct', '--log', tmp, '-o', join(tmp, 'month.svg')],
  'plot cpu.busy_pct (terminal)': ['plot', 'cpu.busy_pct', '--log', tmp],
};
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
process.stdout.write(`\nreaders over a month (${rounds} runs each, medians)\n\n| command | wall ms | CPU ms | peak RSS MiB |\n|---|---:|---:|---:|\n`);
for (const [name, args] of Object.entries(subjects)) {
  const runs = Array.from({ length: rounds }, () => JSON.parse(execFileSync('python3', [join(root, 'bench', 'measure.py'), 'env', '-i', 'PATH=/usr/bin:/bin', `HOME=${tmp}`, 'TZ=UTC', flightlog, ...args], { encoding: 'utf8' })));
  if (runs.some((r) => r.status !== 0)) throw new Error(`${name} failed`);
  process.stdout.write(`| ${name} | ${median(runs.map((r) => r.wall_ms)).toFixed(0)} | ${median(runs.map((r) => r.cpu_ms)).toFixed(0)} | ${(median(runs.map((r) => r.rss_kib)) / 1024).toFixed(1)} |\n`);
}
rmSync(tmp, { recursive: true, force: true });
