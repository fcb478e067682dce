import { gauge, type SamplingEntry } from '../entry';

/** gpu: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'gpu',
  kind: 'sampling',
  raw: false,
  sources: ['/proc/driver/nvidia/gpus', 'nvidia-smi --query-gpu'],
  settings: {},
  docs: () => ({
    summary: 'NVIDIA GPUs, from nvidia-smi',
    keys: [
      gauge('gpu.<N>.util_pct', '%', 'utilization.gpu: share of the last sample period a kernel ran'),
      gauge('gpu.<N>.mem_util_pct', '%', 'utilization.memory: share of it the memory was read or written'),
      gauge('gpu.<N>.mem_used_bytes', 'bytes', 'memory.used (MiB × 2^20)'),
      gauge('gpu.<N>.mem_total_bytes', 'bytes', 'memory.total (MiB × 2^20)'),
      gauge('gpu.<N>.temp_c', '°C', 'temperature.gpu'),
      gauge('gpu.<N>.power_w', 'W', 'power.draw'),
    ],
    notes:
      'A field the GPU does not support ([N/A], [Not Supported]) gives no key. nvidia-smi runs only where the driver is loaded (/proc/driver/nvidia/gpus exists); without it the module writes nothing.',
    rows: [
      [
        '`gpu.<N>.util_pct`, `mem_util_pct`, `mem_used_bytes`, `mem_total_bytes`, `temp_c`, `power_w`',
        'NVIDIA GPUs, from `nvidia-smi`, where the driver is loaded',
      ],
    ],
  }),
  load: async () => (await import('./read')).gpu,
};
