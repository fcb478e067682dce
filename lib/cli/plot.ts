import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { UsageError } from '../core/errors';
import { writeStdout } from '../io/stdout';
import { keysOf, matchingKeys, requireMatches } from '../read/select';
import { renderSvg, svgToPng } from '../plot/chart';
import { buildMarks, buildSeries } from '../plot/series';
import { renderTerminal } from '../plot/terminal';
import type { ReadArgs } from './read-options';
import { allSelectedSamples, readStatus } from './select-samples';

export interface PlotArgs extends ReadArgs {
  readonly out?: string;
  readonly width: number;
  readonly height: number;
}

/** `flightlog plot KEY…`: a PNG or SVG chart with -o, else a chart in the terminal. */
export async function plotCommand(args: PlotArgs): Promise<number> {
  if (!args.keys || args.keys.length === 0)
    throw new UsageError('plot needs at least one key, e.g. flightlog plot cpu.busy_pct');
  const samples = await allSelectedSamples(args);
  const present = keysOf(samples);
  requireMatches(args.keys, present);
  const keys = matchingKeys(present, args.keys);
  const series = buildSeries(samples, keys);
  if (series.length === 0) throw new UsageError(`no values of ${args.keys.join(', ')} in the selected logs`);
  if (args.out === undefined) {
    await writeStdout(`${renderTerminal(series, process.stdout.columns ?? 100)}\n`);
    return readStatus();
  }
  const kind = extname(args.out).toLowerCase();
  if (kind !== '.svg' && kind !== '.png') throw new UsageError(`-o ${args.out}: the file must end in .png or .svg`);
  const hosts = [...new Set(samples.map((s) => s.host))].sort();
  // the keys as the user named them (cpu.*), not all they matched: the legend lists those
  const svg = await renderSvg(
    series,
    args.keys.join(', '),
    { width: args.width, height: args.height },
    { hosts, marks: buildMarks(samples) },
  );
  writeFileSync(args.out, kind === '.svg' ? svg : await svgToPng(svg));
  return readStatus();
}
