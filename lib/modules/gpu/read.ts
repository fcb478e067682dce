import { SourceMissing } from '../../core/errors';
import { GPU_QUERY, parseNvidiaSmi } from '../../sources/nvidia-smi';
import type { Module } from '../types';
import type { Reading } from '../../core/reading';
import { gaugesOnly } from '../../derive/types';

const MIB = 1024 * 1024;

/** gpu: see ./entry.ts for its keys, settings and sources. */
export const gpu: Module = {
  read: async (src) => {
    const present = await src.maybeList('proc/driver/nvidia/gpus');
    if (present === undefined || present.length === 0)
      throw new SourceMissing('/proc/driver/nvidia/gpus', 'no NVIDIA driver loaded');
    const out = await src.command('nvidia-smi', [
      `--query-gpu=${GPU_QUERY.join(',')}`,
      '--format=csv,noheader,nounits',
    ]);
    if (out === undefined) throw new SourceMissing('nvidia-smi', 'nvidia-smi is not installed');
    // nvidia-smi explains its failures on stdout ("NVIDIA-SMI has failed because it couldn't communicate…")
    if (out.exitCode !== 0)
      throw new Error(`nvidia-smi exited with ${out.exitCode}: ${out.stdout.trim().split('\n')[0] ?? ''}`);
    return parseNvidiaSmi(out.stdout).map((g): Reading => {
      const v = g.values;
      const gauges: Record<string, number> = {};
      const put = (key: string, value: number | undefined, scale = 1): void => {
        if (value !== undefined) gauges[key] = value * scale;
      };
      put('util_pct', v['utilization.gpu']);
      put('mem_util_pct', v['utilization.memory']);
      put('mem_used_bytes', v['memory.used'], MIB);
      put('mem_total_bytes', v['memory.total'], MIB);
      put('temp_c', v['temperature.gpu']);
      put('power_w', v['power.draw']);
      return { subject: g.index, gauges, counters: {} };
    });
  },
  derive: gaugesOnly,
};
