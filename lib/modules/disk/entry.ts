import { mark, rate, regex, type SamplingEntry, type Settings as EntrySettings, type SettingsOf } from '../entry';
import { STACKED_DEVICES } from '../../sources/diskstats';

const settings = {
  exclude: { rule: regex, doc: 'block devices to leave out', default: STACKED_DEVICES },
} as const satisfies EntrySettings;

/** What disk is given: its settings from the config, each with its default where it has one. */
export type Settings = SettingsOf<typeof settings>;

/** disk: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'disk',
  kind: 'sampling',
  sources: ['/proc/diskstats', '/sys/block', '/sys/block/<dev>/{diskseq,queue/nr_requests,queue/max_sectors_kb,mq}'],
  settings,
  docs: () => ({
    summary: 'I/O per whole disk',
    keys: [
      rate('disk.<dev>.reads_per_s', '1/s', 'Δreads completed / elapsed'),
      rate('disk.<dev>.writes_per_s', '1/s', 'Δwrites completed / elapsed'),
      rate('disk.<dev>.read_bytes_per_s', 'bytes/s', 'Δsectors read × 512 / elapsed'),
      rate('disk.<dev>.write_bytes_per_s', 'bytes/s', 'Δsectors written × 512 / elapsed'),
      rate('disk.<dev>.await_ms', 'ms', '(Δms reading + Δms writing) / (Δreads + Δwrites); absent with no I/O'),
      rate('disk.<dev>.util_pct', '%', 'Δms doing I/O / elapsed ms × 100'),
      rate('disk.<dev>.queue', 'ratio', "Δweighted ms doing I/O / elapsed ms (sysstat's aqu-sz)"),
      mark(
        'disk.<dev>.long_interval',
        'the interval passed 2^32 ms (49.7 days): await_ms, util_pct and queue left out',
      ),
    ],
    notes:
      "The entries of /sys/block, so partitions never count twice; /proc/diskstats (iostats.rst), sectors of 512 bytes. The kernel prints the four ms fields as 32-bit numbers on every kernel (and the counts on 32-bit kernels). A step back is taken as one wrap at 2^32 only when the result is possible and one more wrap would not be: Δms doing I/O cannot pass the elapsed ms; the time requests spent cannot pass that busy time times the requests the device holds at once (queue/nr_requests for each queue in mq/, and at least 4,096; one more wrap is judged with nr_requests itself, or 256 where unknown); each read and write moves at least one sector and at most 64 MiB; no more than 10 million I/Os and 64 GB a second; and one more wrap would not fit the device's own largest request (queue/max_sectors_kb). Over 2^32 ms (49.7 days) the ms fields may have wrapped unseen: the ms-based keys are left out and `disk.<dev>.long_interval=1` is written. A disk unplugged and plugged again under its name, whose counters restarted, is a reset; so is one whose /sys/block/<dev>/diskseq (Linux 5.15+) changed. sysfs writes a `/` of a device name as `!`: /sys/block/cciss!c0d0 is cciss/c0d0 in /proc/diskstats, the subject cciss_c0d0.",
    rows: [
      [
        '`disk.<dev>.reads_per_s`, `writes_per_s`, `read_bytes_per_s`, `write_bytes_per_s`',
        'I/O per whole disk (never partitions, loop, dm or md devices, so nothing counts twice)',
      ],
      [
        '`disk.<dev>.await_ms`, `util_pct`, `queue`',
        "average I/O time, share of time busy, average queue (sysstat's await, %util, aqu-sz)",
      ],
    ],
  }),
  load: async () => (await import('./read')).disk,
};
