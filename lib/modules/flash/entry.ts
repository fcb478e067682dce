import { gauge, type SamplingEntry } from '../entry';

/** flash: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'flash',
  kind: 'sampling',
  raw: false,
  sources: ['/sys/block/mmcblkN/device/{life_time,pre_eol_info}', '/sys/fs/ext4/*/lifetime_write_kbytes'],
  settings: {},
  docs: () => ({
    summary: 'wear of eMMC and SD storage',
    keys: [
      gauge(
        'flash.<dev>.life_used_a_pct',
        '%',
        'device/life_time, first value (JEDEC DEVICE_LIFE_TIME_EST_TYP_A): the top of the band the device reports, 0x01 → 10, … 0x0A → 100, 0x0B (past its rated life) → 110; eMMC only',
      ),
      gauge('flash.<dev>.life_used_b_pct', '%', 'the same for the second value (TYP_B)'),
      gauge(
        'flash.<dev>.pre_eol',
        'level',
        'device/pre_eol_info: 1 normal, 2 warning (80 % of the reserve blocks used), 3 urgent; eMMC only',
      ),
      gauge(
        'flash.<dev>.written_bytes',
        'bytes',
        "the sum over the device's ext4 partitions of lifetime_write_kbytes × 1024",
      ),
    ],
    notes: 'A value of 0 (not defined) in life_time or pre_eol_info gives no key. No mmcblk device: nothing.',
    rows: [
      [
        '`flash.<mmcblkN>.life_used_a_pct`, `life_used_b_pct`, `pre_eol`, `written_bytes`',
        'eMMC wear estimates (top of the JEDEC band), its end-of-life warning level (1 normal, 2 warning, 3 urgent), bytes ever written through its ext4 filesystems',
      ],
    ],
  }),
  load: async () => (await import('./read')).flash,
};
