import { count, gauge, rate, type SamplingEntry } from '../entry';

/** mem: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'mem',
  kind: 'sampling',
  sources: ['/proc/meminfo', '/proc/vmstat', '/proc/self/auxv'],
  settings: {},
  docs: () => ({
    summary: 'memory and swap',
    keys: [
      gauge('mem.total_bytes', 'bytes', 'MemTotal'),
      gauge('mem.free_bytes', 'bytes', 'MemFree'),
      gauge('mem.available_bytes', 'bytes', 'MemAvailable (kernels since 3.14)'),
      gauge(
        'mem.used_bytes',
        'bytes',
        'MemTotal − MemAvailable; without MemAvailable, MemTotal − MemFree − Buffers − Cached − SReclaimable',
      ),
      gauge('mem.used_pct', '%', 'used_bytes / total_bytes × 100'),
      gauge('mem.buffers_bytes', 'bytes', 'Buffers'),
      gauge('mem.cached_bytes', 'bytes', 'Cached'),
      gauge('mem.shmem_bytes', 'bytes', 'Shmem'),
      gauge('mem.dirty_bytes', 'bytes', 'Dirty'),
      gauge('mem.swap_total_bytes', 'bytes', 'SwapTotal'),
      gauge('mem.swap_used_bytes', 'bytes', 'SwapTotal − SwapFree'),
      gauge('mem.swap_used_pct', '%', 'swap_used_bytes / swap_total_bytes × 100 (only with swap)'),
      rate('mem.swap_in_bytes_per_s', 'bytes/s', 'vmstat pswpin × page size'),
      rate('mem.swap_out_bytes_per_s', 'bytes/s', 'vmstat pswpout × page size'),
      rate('mem.major_faults_per_s', '1/s', 'vmstat pgmajfault'),
      count('mem.oom_kills_new', 'vmstat oom_kill (kernels since 4.13)'),
    ],
    notes:
      '/proc/meminfo is in kB, converted to bytes; /proc/vmstat in pages, times the page size from /proc/self/auxv AT_PAGESZ (4096 if unreadable). A meminfo line the kernel does not print leaves its key out; a part larger than its whole (MemAvailable > MemTotal, SwapFree > SwapTotal) is left out with what is made from it. No /proc/meminfo: the module writes nothing.',
    rows: [
      [
        '`mem.total_bytes`, `free_bytes`, `available_bytes`, `buffers_bytes`, `cached_bytes`, `shmem_bytes`, `dirty_bytes`',
        '`/proc/meminfo`',
      ],
      [
        '`mem.used_bytes`, `mem.used_pct`',
        'total − available (older kernels: total − free − buffers − cached − reclaimable slab)',
      ],
      ['`mem.swap_total_bytes`, `swap_used_bytes`, `swap_used_pct`', 'swap; the percentage only when there is swap'],
      ['`mem.swap_in_bytes_per_s`, `swap_out_bytes_per_s`, `major_faults_per_s`', 'paging activity'],
      ['`mem.oom_kills_new`', 'processes killed by the OOM killer since the previous run'],
    ],
  }),
  load: async () => (await import('./read')).mem,
};
