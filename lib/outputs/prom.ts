import { join } from 'node:path';
import { sampleToProm } from '../format/prom';
import type { Sample } from '../core/sample';
import { describeKey } from '../modules/registry';
import { writeAtomically } from '../state/file';
import type { Output } from './types';

/**
 * `prom`: <dir>/flightlog.prom for node_exporter's textfile collector, replaced atomically (temp file
 * and rename) so the collector never reads half a file. It holds the newest sample only: a gauge has
 * one value at a time. Each metric's # HELP is its key's documentation in the module registry.
 */
export const promOutput = (dir: string): Output => ({
  name: 'prom',
  write: async (samples: readonly Sample[]) => {
    const newest = samples[samples.length - 1];
    if (newest !== undefined) writeAtomically(join(dir, 'flightlog.prom'), sampleToProm(newest, describeKey), 0o644);
  },
});
