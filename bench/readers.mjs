// npm run bench, part two: grep, report and plot over a generated month of ten-minute samples
// (4,456 samples, a reboot and missed runs, five files of which three are .gz), as a person runs them.
// Target: under 2 s each. Then grep and report over a central log of 100 hosts for a month (31 daily
// files, 29 of them .gz, 446,400 samples), against `zcat | grep -c` over the same files: the ratio is
// what a user of a central log feels. Needs python3 (bench/measure.py).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
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
// a bare environment as cron's, and the program's code cache in the bench's own directory (not /var/cache)
const bare = ['env', '-i', 'PATH=/usr/bin:/bin', `HOME=${tmp}`, 'TZ=UTC', `FLIGHTLOG_CACHE_DIR=${join(tmp, 'cache')}`];
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
  const runs = Array.from({ length: rounds }, () => JSON.parse(execFileSync('python3', [join(root, 'bench', 'measure.py'), ...bare, flightlog, ...args], { encoding: 'utf8' })));
  if (runs.some((r) => r.status !== 0)) throw new Error(`${name} failed`);
  process.stdout.write(`| ${name} | ${median(runs.map((r) => r.wall_ms)).toFixed(0)} | ${median(runs.map((r) => r.cpu_ms)).toFixed(0)} | ${(median(runs.map((r) => r.rss_kib)) / 1024).toFixed(1)} |\n`);
}

/** A month of a fleet's central log: 100 hosts, two lines a sample, one file a day, all but the last two gzipped. */
function writeFleet(dir) {
  mkdirSync(dir);
  const start = 1_792_800_000;
  for (let day = 0; day < 31; day++) {
    const lines = [];
    for (let slot = 0; slot < 144; slot++) {
      const xid = start + (day * 144 + slot) * 600;
      const stamp = `${new Date(xid * 1000).toISOString().replace('Z', '')}000+00:00`;
      for (let h = 0; h < 100; h++) {
        const host = `node${String(h).padStart(3, '0')}`;
        lines.push(`${stamp} ${host} flightlog[4000]: xid=${xid} run.v=1 run.version=0.1.0 run.interval_s=600 run.first=0 run.boot=same run.missed=0 run.duration_ms=50 run.errors=0`);
        lines.push(`${stamp} ${host} flightlog[4000]: xid=${xid} cpu.busy_pct=${((slot * 37 + h) % 100) + 0.25} cpu.user_pct=1.5 cpu.system_pct=0.5 mem.used_bytes=${1e9 + slot * 5000} mem.used_pct=12.5 load.1m=0.5`);
      }
    }
    const text = `${lines.join('\n')}\n`;
    const age = 30 - day;
    if (age >= 2) writeFileSync(join(dir, `flightlog.log.${age}.gz`), gzipSync(text));
    else writeFileSync(join(dir, age === 1 ? 'flightlog.log.1' : 'flightlog.log'), text);
  }
}

const fleet = join(tmp, 'fleet');
writeFleet(fleet);
const fleetRounds = Math.min(rounds, 3);
const cost = (argv) => {
  const runs = Array.from({ length: fleetRounds }, () => JSON.parse(execFileSync('python3', [join(root, 'bench', 'measure.py'), ...bare, ...argv], { encoding: 'utf8', maxBuffer: 1 << 26 })));
  if (runs.some((r) => r.status !== 0)) throw new Error(`${argv.join(' ')} failed`);
  return { ms: median(runs.map((r) => r.wall_ms)), mib: median(runs.map((r) => r.rss_kib)) / 1024 };
};
const files = readdirSync(fleet).map((f) => join(fleet, f));
const zgrep = cost(['sh', '-c', 'zcat -f "$@" | grep -c cpu.busy_pct', 'sh', ...files]).ms;
process.stdout.write(`\nthe central log of 100 hosts for a month (${fleetRounds} runs each, medians)\n\n| command | wall ms | / zcat \\| grep -c | peak RSS MiB |\n|---|---:|---:|---:|\n`);
process.stdout.write(`| zcat \\| grep -c cpu.busy_pct | ${zgrep.toFixed(0)} | 1.0 | |\n`);
const page = join(tmp, 'fleet.html');
for (const [name, args] of Object.entries({ 'grep cpu.busy_pct --csv': ['grep', 'cpu.busy_pct', '--log', fleet, '--csv'], report: ['report', '--log', fleet], 'report --html': ['report', '--log', fleet, '--html', page] })) {
  const { ms, mib } = cost([flightlog, ...args]);
  process.stdout.write(`| ${name} | ${ms.toFixed(0)} | ${(ms / zgrep).toFixed(1)} | ${mib.toFixed(0)} |\n`);
}

// the fleet page opened in Debian's headless Chromium until it has drawn, against an empty page
const chromium = ['/usr/bin/chromium', '--headless', '--no-sandbox', '--disable-gpu', '--dump-dom'];
const empty = join(tmp, 'empty.html');
writeFileSync(empty, '<!DOCTYPE html><p>empty</p>');
const opened = cost([...chromium, `file://${page}`]).ms;
const floor = cost([...chromium, `file://${empty}`]).ms;
process.stdout.write(`\nthe fleet page: ${(statSync(page).size / 2 ** 20).toFixed(1)} MiB; Chromium opens and draws it in ${opened.toFixed(0)} ms (an empty page: ${floor.toFixed(0)} ms)\n`);
rmSync(tmp, { recursive: true, force: true });
