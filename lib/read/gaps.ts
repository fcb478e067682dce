import { toNumber } from '../format/parse';
import type { ReadSample } from './samples';

/**
 * Whether a line drawn from the previous sample of the same host to this one would cross time the
 * machine did not record: a reboot (`run.boot=new`, or `run.first=1`: no earlier sample this boot),
 * runs that never happened (`run.missed` > 0), or a silence longer than 1.5 × the expected interval
 * (lines lost, or flightlog stopped).
 */
export function startsSegment(prev: ReadSample | undefined, curr: ReadSample, intervalS: number): boolean {
  if (prev === undefined) return true;
  if (curr.values.get('run.boot') === 'new' || curr.values.get('run.first') === '1') return true;
  if ((toNumber(curr.values.get('run.missed')) ?? 0) > 0) return true;
  return curr.xid - prev.xid > 1.5 * intervalS;
}

/** The usual spacing of samples from the gaps between them: their median (at least 1 s; 600 s with none). */
export function usualGap(gaps: readonly number[]): number {
  if (gaps.length === 0) return 600;
  return Math.max(1, [...gaps].sort((a, b) => a - b)[gaps.length >> 1] as number);
}

/** The usual spacing of a host's samples: the median of the gaps between them (600 s with fewer than two). */
export function typicalInterval(samples: readonly ReadSample[]): number {
  const steps: number[] = [];
  for (let i = 1; i < samples.length; i++)
    steps.push((samples[i] as ReadSample).xid - (samples[i - 1] as ReadSample).xid);
  return usualGap(steps);
}
