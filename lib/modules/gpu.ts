import { SourceMissing } from '../core/errors';
import { GPU_QUERY, parseNvidiaSmi } from '../sources/nvidia-smi';
import type { Module, Reading } from './types';

const MIB = 1024 * 1024;

/**
 * gpu: NVIDIA GPUs, from `nvidia-smi --query-gpu=index,uuid,utilization.gpu,utilization.memory,
 * memory.used,memory.total,temperature.gpu,power.draw --format=csv,noheader,nounits`.
 * Subject: the GPU index (gpu.0.util_pct).
 * key               unit   kind   field
 * util_pct          %      gauge  utilization.gpu: share of the last sample period a kernel ran
 * mem_util_pct      %      gauge  utilization.memory: share of it the memory was read or written
 * mem_used_bytes    bytes  gauge  memory.used (MiB × 2^20)
 * mem_total_bytes   bytes  gauge  memory.total (MiB × 2^20)
 * temp_c            °C     gauge  temperature.gpu
 * power_w           W      gauge  power.draw
 * A field the GPU does not support ([N/A], [Not Supported]) gives no key. nvidia-smi runs only where the
 * driver is loaded (/proc/driver/nvidia/gpus exists); without it the module writes nothing.
 */
export const gpu: Module = {
  name: 'gpu',
  sources: ['/proc/driver/nvidia/gpus', 'nvidia-smi --query-gpu'],
  read: async (src) => {
    const present = await src.maybeList('proc/driver/nvidia/gpus');
    if (present === undefined || present.length === 0) throw new SourceMissing('/proc/driver/nvidia/gpus', 'no NVIDIA driver loaded');
    const out = await src.command('nvidia-smi', [`--query-gpu=${GPU_QUERY.join(',')}`, '--format=csv,noheader,nounits']);
    if (out === undefined) throw new SourceMissing('nvidia-smi', 'nvidia-smi is not installed');
    // nvidia-smi explains its failures on stdout ("NVIDIA-SMI has failed because it couldn't communicate…")
    if (out.exitCode !== 0) throw new Error(`nvidia-smi exited with ${out.exitCode}: ${out.stdout.trim().split('\n')[0] ?? ''}`);
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
};
