import type { Rule } from '../core/rule';
import { DEFAULT_TOP } from '../derive/proc';
import type { EventModule } from '../events/types';
import type { Module } from './types';

/**
 * Every module flightlog has, sampling and event alike, as data: its name, where it reads, its
 * settings (its fragment of the config schema, with defaults), its keys (unit, kind, source and
 * formula), and the rows of the README's key table. This is the only list: the config schema, `check`,
 * the load sensor's key check, the README and man page tables, docs/MODULES.md and Prometheus'
 * `# HELP` all come from it. A module's code (`read` and `derive`, or `collect`) is loaded by `load`,
 * only when the module runs. Adding a module is one code file and one entry here.
 */

/** One key: `net.<if>.rx_bytes_per_s`; a word in angle brackets stands for a subject or a name. */
export type KeyDoc = readonly [key: string, unit: string, kind: KeyKind, source: string];

/**
 * gauge: a value now; rate: over the interval since the previous sample (per second or a share);
 * new: a count since the previous run; mark: 1 when something about this sample is so; text: words.
 */
export type KeyKind = 'gauge' | 'rate' | 'new' | 'mark' | 'text';

/** A setting of a module: its rule in the config file, what it does, and its default (as written in YAML). */
export interface Setting {
  readonly rule: Rule;
  readonly doc: string;
  readonly default?: string;
}

/** What a module writes, for people and for the programs that read its keys. */
export interface ModuleDocs {
  /** one sentence: what it records */
  readonly summary: string;
  readonly keys: readonly KeyDoc[];
  /** what else a reader of its keys must know (edge cases, what it writes when its source is absent) */
  readonly notes: string;
  /** its rows in the README's key table: [keys, meaning] */
  readonly rows: ReadonlyArray<readonly [string, string]>;
}

interface Entry {
  readonly name: string;
  /** where it reads, as `flightlog check` shows it */
  readonly sources: readonly string[];
  readonly settings: Readonly<Record<string, Setting>>;
  /** made when asked for (docs, Prometheus' help, the load sensor's keys): a sample does not pay for them */
  readonly docs: () => ModuleDocs;
}

export interface SamplingEntry extends Entry {
  readonly kind: 'sampling';
  /** how to turn it on: present only for a module that is off unless the config turns it on */
  readonly optIn?: string;
  /** false for a module with no counters to write raw (host, load, fs…), or whose counters are not kept per subject (proc ranks them): no `raw` setting */
  readonly raw?: false;
  readonly load: () => Promise<Module>;
}

export interface EventEntry extends Entry {
  readonly kind: 'event';
  /** the module's code; health has none: the run computes it from the crashes the others saw */
  readonly load?: () => Promise<EventModule>;
}

export type ModuleEntry = SamplingEntry | EventEntry;

/** Seconds one net_check or mount_check check may take, unless the module's `timeout` says otherwise. */
export const DEFAULT_CHECK_TIMEOUT_S = 2;
/** How deep below the cgroup root to report by default: the slices, and what is in them. */
export const DEFAULT_CGROUP_DEPTH = 2;
/** Block devices left out by default: stacked or virtual devices that count the same I/O again. */
export const DEFAULT_DISK_EXCLUDE = /^(loop|ram|zram|sr|fd|dm-|md)/;
/** Interfaces left out unless the config says otherwise: the loopback. */
export const DEFAULT_NET_EXCLUDE = /^lo$/;
/** Filesystem types that hold no disk space of their own, left out unless the config says otherwise. */
export const DEFAULT_FS_EXCLUDE_TYPES: readonly string[] = [
  'tmpfs',
  'devtmpfs',
  'overlay',
  'squashfs',
  'proc',
  'sysfs',
  'cgroup',
  'cgroup2',
  'devpts',
  'mqueue',
  'debugfs',
  'tracefs',
  'securityfs',
  'pstore',
  'bpf',
  'configfs',
  'fusectl',
  'hugetlbfs',
  'autofs',
  'binfmt_misc',
  'efivarfs',
  'rpc_pipefs',
  'nsfs',
  'ramfs',
  'selinuxfs',
  'nfsd',
  'fuse.lxcfs',
  'fuse.gvfsd-fuse',
];
export const DEFAULT_SITE_FILE = '/etc/flightlog/site.conf';
export const DEFAULT_PACCT = '/var/log/account/pacct';
/** What kmsg counts unless the config's `patterns` say otherwise (matched without regard to case). */
export const DEFAULT_KMSG_PATTERNS: Readonly<Record<string, RegExp>> = {
  // the kernel logs an OOM kill in three lines (oom-kill:…, "Out of memory: Killed process N", oom_reaper):
  // only the one line every kernel prints once per kill is counted
  oom: /killed process \d+/i,
  segfault: /segfault at|general protection fault|trap divide error/i,
  hung_task: /blocked for more than \d+ seconds/i,
  io_error: /i\/o error|blk_update_request|critical medium error|buffer i\/o error/i,
  link_down: /link is down|link down/i,
  undervoltage: /under-?voltage/i,
  fs_error:
    /ext4-fs error|xfs .*(error|corruption)|btrfs (error|critical)|remounting filesystem read-only|fat-fs .*error/i,
  nfs: /nfs: server .* not responding/i,
};

const str: Rule = { kind: 'string' };
const regex: Rule = { kind: 'regex' };
const timeout: Setting = {
  rule: { kind: 'number', min: 0.1, max: 30 },
  doc: 'seconds one check may take',
  default: String(DEFAULT_CHECK_TIMEOUT_S),
};
const rate = (key: string, unit: string, source: string): KeyDoc => [key, unit, 'rate', source];
const gauge = (key: string, unit: string, source: string): KeyDoc => [key, unit, 'gauge', source];
const count = (key: string, source: string): KeyDoc => [key, 'count', 'new', source];
const text = (key: string, source: string): KeyDoc => [key, 'text', 'text', source];
const mark = (key: string, source: string): KeyDoc => [key, '1', 'mark', source];

const cpuShare = (field: string, formula: string): KeyDoc => rate(`cpu.${field}_pct`, '%', formula);

export const MODULES: readonly ModuleEntry[] = [
  {
    name: 'host',
    kind: 'sampling',
    raw: false,
    sources: ['/proc/uptime', '/proc/stat'],
    settings: {},
    docs: () => ({
      summary: "the machine's clock facts",
      keys: [
        gauge('host.uptime_s', 's', '/proc/uptime, first field'),
        gauge('host.boot_time', 'epoch s', '/proc/stat `btime`'),
      ],
      notes: '',
      rows: [['`host.uptime_s`, `host.boot_time`', 'seconds since boot; boot time in epoch seconds']],
    }),
    load: async () => (await import('./host')).host,
  },
  {
    name: 'cpu',
    kind: 'sampling',
    sources: ['/proc/stat'],
    settings: {
      per_cpu: { rule: { kind: 'boolean' }, doc: 'also write cpu.<N>.busy_pct for each CPU', default: 'true' },
    },
    docs: () => ({
      summary: "where the processors' time went, as sysstat computes it",
      keys: [
        cpuShare('busy', '100 − idle_pct − iowait_pct'),
        cpuShare('user', 'Δ(user − guest) / Δtotal × 100'),
        cpuShare('nice', 'Δ(nice − guest_nice) / Δtotal × 100'),
        cpuShare('system', 'Δsystem / Δtotal × 100'),
        cpuShare('iowait', 'Δiowait / Δtotal × 100'),
        cpuShare('irq', 'Δirq / Δtotal × 100'),
        cpuShare('softirq', 'Δsoftirq / Δtotal × 100'),
        cpuShare('steal', 'Δsteal / Δtotal × 100 (kernels that print steal)'),
        cpuShare('guest', 'Δ(guest + guest_nice) / Δtotal × 100 (kernels that print guest)'),
        cpuShare('idle', 'Δidle / Δtotal × 100'),
        gauge('cpu.count', 'count', 'the `cpuN` lines (online CPUs)'),
        rate('cpu.ctxt_per_s', '1/s', '`ctxt`: context switches'),
        rate('cpu.intr_per_s', '1/s', '`intr`, first number: interrupts serviced'),
        rate('cpu.forks_per_s', '1/s', '`processes`: forks'),
        rate('cpu.<N>.busy_pct', '%', 'as cpu.busy_pct, for CPU N (setting `per_cpu`)'),
      ],
      notes:
        "Source: /proc/stat, in USER_HZ ticks; shares are tick deltas over the ticks that passed, so the unit of the tick never matters. `guest` and `guest_nice` are already inside `user` and `nice`. sysstat's rule (rd_stats.c get_per_cpu_interval): a CPU that went offline and came back, or resumed from suspend, keeps user, nice and system but restarts idle and iowait; idle that stepped back counts from zero, iowait that stepped back counts 0 if idle rose and from zero otherwise, any other field that stepped back counts 0, and guest grown past user shifts the interval (ishift). The whole machine is the sum of the CPUs with a previous sample, as sar builds it (sa_common.c get_global_cpu_statistics); a CPU back online is cpu.<N>.new=1 and left out for one run; a CPU with no tick in the interval has no key. With `per_cpu: false` the `cpu` line is taken by the same rule. Nothing here is a reset. ctxt, intr and forks are counters of their own: their rates are written unless they themselves step back.",
      rows: [
        ['`cpu.busy_pct`', '100 − idle − iowait, over the interval, as sysstat computes it'],
        [
          '`cpu.user_pct`, `nice_pct`, `system_pct`, `iowait_pct`, `irq_pct`, `softirq_pct`, `steal_pct`, `guest_pct`, `idle_pct`',
          'where the CPU time went; user and nice without guest time; steal and guest only where the kernel counts them',
        ],
        ['`cpu.count`', 'online CPUs'],
        [
          '`cpu.ctxt_per_s`, `cpu.intr_per_s`, `cpu.forks_per_s`',
          'context switches, interrupts, new processes per second',
        ],
        ['`cpu.<N>.busy_pct`', 'busy share of CPU N'],
      ],
    }),
    load: async () => (await import('./cpu')).cpu,
  },
  {
    name: 'load',
    kind: 'sampling',
    raw: false,
    sources: ['/proc/loadavg', '/proc/stat'],
    settings: {},
    docs: () => ({
      summary: 'run-queue figures',
      keys: [
        gauge('load.1m', 'ratio', '/proc/loadavg field 1 (1-minute load average)'),
        gauge('load.5m', 'ratio', '/proc/loadavg field 2'),
        gauge('load.15m', 'ratio', '/proc/loadavg field 3'),
        gauge('load.running', 'count', '/proc/stat `procs_running` (runnable tasks now)'),
        gauge('load.blocked', 'count', '/proc/stat `procs_blocked` (tasks waiting for I/O now)'),
        gauge('load.threads', 'count', '/proc/loadavg field 4, after the slash (scheduling entities)'),
      ],
      notes: '',
      rows: [
        ['`load.1m`, `load.5m`, `load.15m`', 'load averages'],
        ['`load.running`, `load.blocked`, `load.threads`', 'runnable tasks, tasks blocked on I/O, scheduling entities'],
      ],
    }),
    load: async () => (await import('./load')).load,
  },
  {
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
    load: async () => (await import('./mem')).mem,
  },
  {
    name: 'net',
    kind: 'sampling',
    sources: ['/proc/net/dev', '/sys/class/net/<if>/{operstate,speed,duplex,ifindex,type,mtu}'],
    settings: { exclude: { rule: regex, doc: 'interfaces to leave out', default: DEFAULT_NET_EXCLUDE.source } },
    docs: () => ({
      summary: 'traffic per network interface',
      keys: [
        rate('net.<if>.rx_bytes_per_s', 'bytes/s', '/proc/net/dev receive "bytes"'),
        rate('net.<if>.tx_bytes_per_s', 'bytes/s', 'transmit "bytes"'),
        rate('net.<if>.rx_packets_per_s', '1/s', 'receive "packets"'),
        rate('net.<if>.tx_packets_per_s', '1/s', 'transmit "packets"'),
        rate('net.<if>.rx_errors_per_s', '1/s', 'receive "errs"'),
        rate('net.<if>.tx_errors_per_s', '1/s', 'transmit "errs"'),
        rate('net.<if>.rx_dropped_per_s', '1/s', 'receive "drop"'),
        rate('net.<if>.tx_dropped_per_s', '1/s', 'transmit "drop"'),
        rate(
          'net.<if>.util_pct',
          '%',
          'max(rx, tx bits/s) / speed × 100 on a full-duplex link, (rx + tx) / speed × 100 on a half-duplex one; only when /sys/class/net/<if>/speed is a positive number of Mb/s',
        ),
        gauge('net.<if>.up', '0/1', '/sys/class/net/<if>/operstate: 1 for "up", 0 for "down", else absent'),
      ],
      notes:
        "On a 32-bit kernel a driver's counters can be 32-bit. A counter that steps back from below 2^32 on the same ifindex is taken as one wrap (value + 2^32 − previous) only when the result is possible: no more bytes than the link carries in the interval (its speed, or 400 Gb/s when unknown), bytes per packet within what a packet of that link type holds (60 to 65,535 on Ethernet and Wi-Fi; 20 and up on tunnels and loopback; the MTU where larger), and only when one more wrap would not be possible too in frames the wire carries (the MTU and its header). Over an interval long enough for the bytes or packets to wrap unseen, the plain increases must pass the same tests (at least 20 bytes a packet). Anything else (counters zeroed by a driver, an interface registered anew under a new ifindex, an interval that fits several wraps) is a reset: the rates are left out and `net.<if>.reset=1` is written. An interface that is down and has never carried a byte or a packet (ifb0, a spare port) is left out until it does.",
      rows: [
        [
          '`net.<if>.rx_bytes_per_s`, `tx_bytes_per_s`, `rx_packets_per_s`, `tx_packets_per_s`, `rx_errors_per_s`, `tx_errors_per_s`, `rx_dropped_per_s`, `tx_dropped_per_s`',
          'traffic per interface (all but `lo`)',
        ],
        [
          '`net.<if>.util_pct`',
          'busier direction / link speed (both directions on a half-duplex link), when the speed is known',
        ],
        ['`net.<if>.up`', '1 when the link is up, 0 when down'],
      ],
    }),
    load: async () => (await import('./net')).net,
  },
  {
    name: 'disk',
    kind: 'sampling',
    sources: ['/proc/diskstats', '/sys/block', '/sys/block/<dev>/{diskseq,queue/nr_requests,queue/max_sectors_kb,mq}'],
    settings: { exclude: { rule: regex, doc: 'block devices to leave out', default: DEFAULT_DISK_EXCLUDE.source } },
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
    load: async () => (await import('./disk')).disk,
  },
  {
    name: 'fs',
    kind: 'sampling',
    raw: false,
    sources: ['/proc/self/mountinfo', 'statfs(2)'],
    settings: {
      exclude_types: {
        rule: { kind: 'list', of: str },
        doc: 'filesystem types to leave out',
        default: `[${DEFAULT_FS_EXCLUDE_TYPES.join(', ')}]`,
      },
    },
    docs: () => ({
      summary: 'space per mounted filesystem',
      keys: [
        gauge('fs.<mount>.size_bytes', 'bytes', 'f_blocks × f_bsize'),
        gauge('fs.<mount>.avail_bytes', 'bytes', 'f_bavail × f_bsize (what an unprivileged user can still write)'),
        gauge('fs.<mount>.used_pct', '%', '(f_blocks − f_bfree) / (f_blocks − f_bfree + f_bavail) × 100, as df(1)'),
        gauge(
          'fs.<mount>.inodes_used_pct',
          '%',
          '(f_files − f_ffree) / f_files × 100; absent where f_files is 0 (btrfs)',
        ),
        gauge('fs.<mount>.ro', '0/1', '1 when mounted read-only'),
      ],
      notes:
        "Subject: the mount point (`root` for /, `var_log` for /var/log). Filesystems of an excluded type or with no blocks at all are left out; a mount point mounted twice counts once, as the later mount (the one visible); a filesystem mounted in several places (a bind mount) counts once, at the mount of its whole tree, as df(1) shows it. statfs that fails or times out is that mount's error; the others are still written.",
      rows: [
        [
          '`fs.<mount>.size_bytes`, `avail_bytes`, `used_pct`, `inodes_used_pct`, `ro`',
          'per real filesystem; `/` is `root`, `/var/log` is `var_log`; `used_pct` as `df` shows it',
        ],
      ],
    }),
    load: async () => (await import('./fs')).fs,
  },
  {
    name: 'psi',
    kind: 'sampling',
    sources: ['/proc/pressure/{cpu,memory,io,irq}'],
    settings: {},
    docs: () => ({
      summary: 'pressure stall information',
      keys: [
        rate(
          'psi.<resource>.some_pct',
          '%',
          'Δsome total µs / (elapsed s × 10^6) × 100: the share of the interval in which at least one task stalled on the resource',
        ),
        rate('psi.<resource>.full_pct', '%', 'the same from the `full` line: all non-idle tasks stalled'),
      ],
      notes:
        'Documentation/accounting/psi.rst. A line the kernel does not print (no `full` for cpu before 5.13, no irq file without CONFIG_IRQ_TIME_ACCOUNTING) gives no key, never 0. No /proc/pressure at all: the module writes nothing.',
      rows: [
        ['`psi.<cpu/memory/io/irq>.some_pct`, `full_pct`', 'share of the interval with tasks stalled on the resource'],
      ],
    }),
    load: async () => (await import('./psi')).psi,
  },
  {
    name: 'temp',
    kind: 'sampling',
    raw: false,
    sources: ['/sys/class/thermal', '/sys/class/hwmon'],
    settings: {},
    docs: () => ({
      summary: 'temperatures',
      keys: [
        gauge(
          'temp.<sensor>_c',
          '°C',
          '/sys/class/thermal/thermal_zoneN/{type,temp} (temp.<type>_c; temp.acpitz_0_c when zones share a type); /sys/class/hwmon/hwmonN/{name,tempN_input,tempN_label} (temp.<chip>_<label or tempN>_c)',
        ),
      ],
      notes:
        'Sources give m°C. A sensor that cannot be read right now (EIO, EAGAIN, not a number) is left out. Neither directory: the module writes nothing.',
      rows: [['`temp.<sensor>_c`', 'thermal zones and hwmon sensors, °C']],
    }),
    load: async () => (await import('./temp')).temp,
  },
  {
    name: 'cpufreq',
    kind: 'sampling',
    sources: ['/sys/devices/system/cpu/cpuN/cpufreq', '/sys/devices/system/cpu/cpuN/thermal_throttle'],
    settings: {},
    docs: () => ({
      summary: 'clock and thermal throttling per CPU',
      keys: [
        gauge('cpufreq.<N>.cur_hz', 'Hz', 'cpufreq/scaling_cur_freq (kHz × 1000; cpuinfo_cur_freq when absent)'),
        gauge('cpufreq.<N>.min_hz', 'Hz', 'cpufreq/scaling_min_freq'),
        gauge('cpufreq.<N>.max_hz', 'Hz', 'cpufreq/scaling_max_freq'),
        rate(
          'cpufreq.<N>.throttled_pct',
          '%',
          'Δ thermal_throttle/core_throttle_total_time_ms / elapsed ms × 100 (x86, kernel 5.18+)',
        ),
        count('cpufreq.<N>.throttles_new', 'Δ thermal_throttle/core_throttle_count'),
      ],
      notes:
        'A CPU that is offline has no cpufreq directory and writes nothing. No cpufreq and no thermal_throttle anywhere (a VM, a kernel without CONFIG_CPU_FREQ): the module writes nothing.',
      rows: [
        [
          '`cpufreq.<N>.cur_hz`, `min_hz`, `max_hz`, `throttled_pct`, `throttles_new`',
          'clock of CPU N and its limits; share of the interval it ran throttled by heat and times it was (x86)',
        ],
      ],
    }),
    load: async () => (await import('./cpufreq')).cpufreq,
  },
  {
    name: 'power',
    kind: 'sampling',
    sources: [
      '/sys/class/powercap',
      '/sys/class/hwmon/*/power*',
      '/sys/class/power_supply',
      'ipmitool dcmi power reading',
    ],
    settings: { ipmi: { rule: { kind: 'boolean' }, doc: 'also ask the BMC (ipmitool)', default: 'false' } },
    docs: () => ({
      summary: 'electrical power from every source the machine has',
      keys: [
        rate(
          'power.<source>.power_w',
          'W',
          'RAPL: Δenergy_uj / 10^6 / elapsed s (one wrap at max_energy_range_uj added back); hwmon: powerN_input, else powerN_average (µW); battery: power_now, else current_now × voltage_now; ipmi: watts',
        ),
        gauge('power.<source>.capacity_pct', '%', 'battery: capacity'),
        gauge('power.<source>.discharging', '0/1', 'battery: 1 when status is Discharging'),
        gauge('power.<source>.online', '0/1', 'mains or USB supply: online'),
      ],
      notes:
        "Subjects: rapl_<domain> (rapl_package-0, rapl_package-0_core), hwmon sensors <chip>_<label or powerN>, supplies (BAT0, AC), ipmi. RAPL's energy_uj is readable by root only (since Linux 5.10); others get no rapl subjects. None of these sources: the module writes nothing.",
      rows: [
        [
          '`power.<source>.power_w`',
          'watts: RAPL domains (`rapl_package-0`, `rapl_package-0_core`; root only), hwmon power sensors, batteries, the BMC (`ipmi`, with `modules.power.ipmi: true`)',
        ],
        [
          '`power.<battery>.capacity_pct`, `discharging`, `power.<supply>.online`',
          'batteries and mains/USB supplies (`/sys/class/power_supply`)',
        ],
      ],
    }),
    load: async () => (await import('./power')).power,
  },
  {
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
    load: async () => (await import('./gpu')).gpu,
  },
  {
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
    load: async () => (await import('./flash')).flash,
  },
  {
    name: 'nfs',
    kind: 'sampling',
    sources: ['/proc/net/rpc/nfs'],
    settings: {},
    docs: () => ({
      summary: "the NFS client's operation rates, as `nfsstat -c` counts them",
      keys: [
        rate('nfs.rpc.calls_per_s', '1/s', '`rpc` line, calls'),
        rate('nfs.rpc.retrans_per_s', '1/s', '`rpc` line, retransmissions: a slow or lost server'),
        rate('nfs.rpc.authrefresh_per_s', '1/s', '`rpc` line, credential refreshes'),
        rate('nfs.<version>.calls_per_s', '1/s', 'the sum of every procedure of the `proc3`/`proc4` line'),
        rate(
          'nfs.<version>.<op>_per_s',
          '1/s',
          'calls of one procedure: getattr, lookup, access, read, write, commit; v4 also open, close',
        ),
      ],
      notes:
        'A version with no calls since boot writes nothing. No /proc/net/rpc/nfs (the nfs client is not loaded): the module writes nothing.',
      rows: [
        [
          '`nfs.rpc.calls_per_s`, `retrans_per_s`, `nfs.v3/v4.calls_per_s`, `read_per_s`, `write_per_s`, `getattr_per_s`, …',
          'NFS client operations, as `nfsstat -c` counts them; retransmissions mean a slow or lost server',
        ],
      ],
    }),
    load: async () => (await import('./nfs')).nfs,
  },
  {
    name: 'cgroup',
    kind: 'sampling',
    sources: ['/sys/fs/cgroup', '/proc/stat'],
    settings: {
      depth: {
        rule: { kind: 'number', min: 1, max: 8, integer: true },
        doc: 'how many levels below the root to report',
        default: String(DEFAULT_CGROUP_DEPTH),
      },
    },
    docs: () => ({
      summary: 'cgroup v2 groups (slices, services, containers)',
      keys: [
        rate(
          'cgroup.<group>.cpu_busy_pct',
          '%',
          "Δcpu.stat usage_usec / (elapsed µs × online CPUs) × 100: the group's share of the whole machine, as cpu.busy_pct",
        ),
        gauge('cgroup.<group>.memory_bytes', 'bytes', 'memory.current'),
        gauge('cgroup.<group>.memory_peak_bytes', 'bytes', 'memory.peak (Linux 5.19+)'),
        gauge('cgroup.<group>.pids', 'count', 'pids.current'),
        rate('cgroup.<group>.read_bytes_per_s', 'bytes/s', 'io.stat rbytes, all devices'),
        rate('cgroup.<group>.write_bytes_per_s', 'bytes/s', 'io.stat wbytes, all devices'),
        count('cgroup.<group>.oom_new', 'memory.events oom'),
        count('cgroup.<group>.oom_kills_new', 'memory.events oom_kill'),
        ...['cpu', 'memory', 'io'].flatMap((r): KeyDoc[] => [
          rate(`cgroup.<group>.${r}_some_pct`, '%', `${r}.pressure some total, as psi`),
          rate(`cgroup.<group>.${r}_full_pct`, '%', `${r}.pressure full total, as psi`),
        ]),
      ],
      notes:
        "Subject: the group's path, '/' and '.' becoming '_' (system_slice_ssh_service). Source: /sys/fs/cgroup (or /sys/fs/cgroup/unified on hybrid machines); a file a kernel lacks gives no key. cpu_busy_pct is left out when /proc/stat has no cpuN line.",
      rows: [
        [
          '`cgroup.<group>.cpu_busy_pct`, `memory_bytes`, `memory_peak_bytes`, `pids`, `read_bytes_per_s`, `write_bytes_per_s`, `oom_new`, `oom_kills_new`, `cpu_some_pct`, …',
          "cgroup v2 groups to `modules.cgroup.depth` (2) levels: `system.slice`, `system_slice_ssh_service`; `cpu_busy_pct` is the group's share of the whole machine, like `cpu.busy_pct` (100 = every CPU busy)",
        ],
      ],
    }),
    load: async () => (await import('./cgroup')).cgroup,
  },
  {
    name: 'proc',
    kind: 'sampling',
    optIn: 'turn it on with modules.proc: true',
    raw: false,
    sources: ['/proc/<pid>/stat', '/proc/stat'],
    settings: {
      top: {
        rule: { kind: 'number', min: 1, max: 50, integer: true },
        doc: 'how many of the busiest and largest processes to write',
        default: String(DEFAULT_TOP),
      },
      count: { rule: { kind: 'list', of: str }, doc: 'process names to count' },
    },
    docs: () => ({
      summary: 'the top processes by CPU since the last run and by memory now',
      keys: [
        gauge('proc.count', 'count', 'processes'),
        text('proc.cpu<N>.comm', 'the Nth busiest process since the last run (N = 1 … top)'),
        gauge('proc.cpu<N>.pid', 'pid', 'its pid'),
        rate(
          'proc.cpu<N>.cpu_pct',
          '%',
          'its Δ(utime + stime) / (elapsed × online CPUs) × 100: its share of the whole machine; a process started since the last run counts all its time',
        ),
        text('proc.rss<N>.comm', 'the Nth largest process by resident memory now'),
        gauge('proc.rss<N>.pid', 'pid', 'its pid'),
        gauge('proc.rss<N>.rss_bytes', 'bytes', 'its RSS'),
        gauge('proc.<name>.count', 'count', 'processes named <name>, for each name of `count`'),
      ],
      notes:
        'Source: /proc/<pid>/stat of every process (CPU time in USER_HZ = 100 ticks a second, RSS in pages of the page size from /proc/self/auxv). A process is known by its pid and start time, so a pid reused by a new process is never taken for the old one. Online CPUs: the cpuN lines of /proc/stat; without them no cpu<N> keys.',
      rows: [
        [
          '`proc.count`, `proc.cpu<N>.comm/pid/cpu_pct`, `proc.rss<N>.comm/pid/rss_bytes`, `proc.<name>.count`',
          'the top processes by CPU since the last run (`cpu_pct`: a share of the whole machine, 100 = every CPU busy) and by memory now (opt-in: `modules: {proc: true}`)',
        ],
      ],
    }),
    load: async () => (await import('./proc')).proc,
  },
  {
    name: 'site',
    kind: 'sampling',
    raw: false,
    sources: [DEFAULT_SITE_FILE],
    settings: {
      path: {
        rule: { kind: 'path' },
        doc: 'the `key = value` file, read under --root like /proc',
        default: DEFAULT_SITE_FILE,
      },
    },
    docs: () => ({
      summary: 'static tags that say where this machine is and what it is for',
      keys: [text('site.<tag>', 'the value, written with every sample so each one can be filtered by it')],
      notes: 'Lines such as `rack = b12` or `role = "build server"`. No file: the module writes nothing.',
      rows: [
        [
          '`site.<tag>`',
          "static tags from `/etc/flightlog/site.conf` (`rack = b12` lines; under `--root`, the root's), with every sample",
        ],
      ],
    }),
    load: async () => (await import('./site')).site,
  },
  {
    name: 'sched',
    kind: 'sampling',
    raw: false,
    sources: ['sinfo --json', 'squeue --json', 'qstat -f -xml'],
    settings: {},
    docs: () => ({
      summary: "the batch scheduler's view of the cluster and of this node",
      keys: [
        text('sched.system', 'slurm or gridengine'),
        text(
          'sched.node_state',
          "this node's state as the scheduler words it: Slurm's state and flags joined by + (idle, mixed, allocated+drain), Grid Engine's queue state letters (ok when none); absent when the scheduler does not know this host",
        ),
        gauge('sched.nodes', 'count', 'nodes the scheduler knows'),
        gauge(
          'sched.nodes_down',
          'count',
          'of them, nodes that take no work (down, drained, failed, not responding; Grid Engine: u, d or E)',
        ),
        gauge('sched.jobs_running', 'count', 'jobs running in the whole cluster'),
        gauge('sched.jobs_pending', 'count', 'jobs waiting'),
      ],
      notes:
        "Slurm (`sinfo --json`, `squeue --json`, Slurm 21.08 or later) or Grid Engine (`qstat -f -u '*' -xml`). Neither sinfo nor qstat on $PATH: the module writes nothing.",
      rows: [
        [
          '`sched.system`, `node_state`, `nodes`, `nodes_down`, `jobs_running`, `jobs_pending`',
          "Slurm (`sinfo`/`squeue --json`) or Grid Engine (`qstat -xml`): this node's state and the cluster's, where the commands exist",
        ],
      ],
    }),
    load: async () => (await import('./sched')).sched,
  },
  {
    name: 'net_check',
    kind: 'sampling',
    raw: false,
    optIn: 'give it targets: modules.net_check: {ping: [host], tcp: ["host:port"]}',
    sources: ['ping(8)', 'TCP connect'],
    settings: {
      ping: { rule: { kind: 'list', of: str }, doc: 'hosts to ping' },
      tcp: { rule: { kind: 'list', of: { kind: 'hostport' } }, doc: 'host:port to connect to' },
      timeout,
    },
    docs: () => ({
      summary: 'can this machine reach what it needs?',
      keys: [
        gauge(
          'net_check.ping_<host>.loss_pct',
          '%',
          'ping: `ping -n -q -c 3 -i 0.2 -W timeout -w timeout+1 -- <host>`, packet loss',
        ),
        gauge('net_check.ping_<host>.rtt_ms', 'ms', 'ping: average round trip of the replies (none: no key)'),
        gauge('net_check.ping_<host>.rtt_max_ms', 'ms', 'ping: slowest reply'),
        gauge('net_check.ping_<host>.ok', '0/1', '1 when at least one ping came back'),
        gauge('net_check.tcp_<host>_<port>.connect_ms', 'ms', 'time to a completed TCP handshake'),
        gauge('net_check.tcp_<host>_<port>.ok', '0/1', '1 when the connection was made in time'),
      ],
      notes:
        "All checks run at once, each bounded by `timeout` seconds. A ping that cannot run (no ping command, a name that does not resolve) is that subject's error.",
      rows: [
        [
          '`net_check.ping_<host>.loss_pct`, `rtt_ms`, `rtt_max_ms`, `ok`; `net_check.tcp_<host>_<port>.connect_ms`, `ok`',
          'reachability of the targets in `modules.net_check` (opt-in), each check bounded by `timeout`',
        ],
      ],
    }),
    load: async () => (await import('./net-check')).netCheck,
  },
  {
    name: 'mount_check',
    kind: 'sampling',
    raw: false,
    optIn: 'give it mount points: modules.mount_check: {mounts: [/, /srv]}',
    sources: ['/proc/self/mounts', 'stat(1)'],
    settings: {
      mounts: { rule: { kind: 'list', of: { kind: 'path' } }, doc: 'mount points that must be there and answer' },
      timeout,
    },
    docs: () => ({
      summary: 'are the mounts this machine needs there, writable, and answering?',
      keys: [
        gauge(
          'mount_check.<mount>.present',
          '0/1',
          'the mount point is in /proc/self/mounts (the last mount there wins)',
        ),
        gauge('mount_check.<mount>.ro', '0/1', 'its options include `ro` (present mounts only)'),
        gauge(
          'mount_check.<mount>.ok',
          '0/1',
          '`stat` of the mount point answered within `timeout` seconds (present mounts only)',
        ),
        gauge('mount_check.<mount>.stat_ms', 'ms', 'how long that stat took'),
      ],
      notes:
        'Subject: the mount point as the fs module names it (root, nfs_data). The stat runs in a child process that is abandoned at the timeout, so a hung NFS server costs the run `timeout` seconds at most and never hangs it.',
      rows: [
        [
          '`mount_check.<mount>.present`, `ro`, `ok`, `stat_ms`',
          'the mounts in `modules.mount_check` (opt-in): there, read-only, answering a `stat` (run in a child and abandoned at `timeout`, so a hung NFS server never hangs the run)',
        ],
      ],
    }),
    load: async () => (await import('./mount-check')).mountCheck,
  },
  {
    name: 'boot',
    kind: 'event',
    sources: ['/proc/stat btime', '/sys/fs/pstore', '/sys/class/watchdog/*/bootstatus', 'the shutdown mark'],
    settings: {},
    docs: () => ({
      summary: 'on the first sample of a new boot, how the previous boot ended',
      keys: [],
      notes:
        "One event: `event=boot reason=<r> previous_boot=<boot id> last_uptime_s=<s> downtime_s=<s> [record=<pstore file>]`. The reason, from the best source there is, the first that applies: panic or oops (a pstore record written after the previous boot's last sample), watchdog (a watchdog whose bootstatus has WDIOF_CARDRESET), shutdown (the mark of `flightlog mark-shutdown`), under_voltage (a Raspberry Pi that saw under-voltage in its last sample), unexpected (a power loss or a hard reset). Silent on the very first run.",
      rows: [],
    }),
    load: async () => (await import('./boot')).boot,
  },
  {
    name: 'coredump',
    kind: 'event',
    sources: ['/var/lib/systemd/coredump', 'coredumpctl --json=short'],
    settings: {},
    docs: () => ({
      summary: 'programs that dumped core since the last run',
      keys: [count('coredump.crashes_new', 'core files newer than the cursor')],
      notes:
        "systemd-coredump's files (their names give comm, uid, boot id, pid and time), with the signal and the executable from `coredumpctl --json=short` when it is there. Each: `event=coredump comm=… pid=… uid=… [signal=…] [exe=…] [boot_id=…]`. The very first run takes the cursor and reports nothing.",
      rows: [],
    }),
    load: async () => (await import('./coredump')).coredump,
  },
  {
    name: 'pacct',
    kind: 'event',
    sources: [DEFAULT_PACCT],
    settings: {
      path: { rule: str, doc: 'the accounting file (the acct package turns accounting on)', default: DEFAULT_PACCT },
    },
    docs: () => ({
      summary: 'processes that exited since the last run, from process accounting',
      keys: [
        count('pacct.exited_new', 'records since the last run'),
        count('pacct.failed_new', 'exited with a non-zero status'),
        count('pacct.killed_new', 'ended by a signal'),
        count('pacct.cored_new', "dumped core (the wait status's core bit, 0x80)"),
      ],
      notes:
        'Events: `event=exit_failure comm=… pid=… uid=… status=…`, `event=killed comm=… pid=… uid=… signal=… [core=1]`, `event=top_cpu comm=… pid=… cpu_s=… elapsed_s=…` for the 5 that used most CPU time. Rotation (a new inode) reads the rest of the old file if it is still beside it (pacct.0), then the new one from its start. The very first run takes the cursor and reports nothing.',
      rows: [],
    }),
    load: async () => (await import('./pacct')).pacct,
  },
  {
    name: 'kmsg',
    kind: 'event',
    sources: ['/dev/kmsg'],
    settings: {
      patterns: {
        rule: {
          kind: 'map',
          key: /^[a-z][a-z0-9_]*$/,
          keyFix: 'use lower-case letters, digits and _ (it becomes part of a key)',
          of: regex,
        },
        doc: 'name → regular expression of the messages to count',
        default: Object.keys(DEFAULT_KMSG_PATTERNS).join(', '),
      },
    },
    docs: () => ({
      summary: 'kernel messages since the last run, matched against named patterns',
      keys: [count('kmsg.<pattern>_new', 'messages that matched <pattern> since the last run (0 when none)')],
      notes:
        '/dev/kmsg is read without blocking (root only). Each match: `event=kmsg match=<pattern> uptime_s=<s> message="…"`. A new boot reads from the start. The very first run takes the cursor only.',
      rows: [
        [
          '`kmsg.<pattern>_new`',
          'kernel messages since the last run matching OOM, segfault, hung task, I/O error, link down, under-voltage, filesystem errors, NFS (patterns configurable)',
        ],
      ],
    }),
    load: async () => (await import('./kmsg')).kmsg,
  },
  {
    name: 'systemd',
    kind: 'event',
    sources: [
      '/run/systemd/system',
      'systemctl list-units --state=failed',
      'systemctl show -p Id -p NRestarts *.service',
    ],
    settings: {},
    docs: () => ({
      summary: 'units that failed, and services that systemd restarted since the last run',
      keys: [
        gauge('systemd.failed', 'count', 'units in the failed state now'),
        count('systemd.failed_new', 'units failed now that were not at the last run'),
        count('systemd.restarts_new', 'restarts of services since the last run'),
      ],
      notes:
        'Events: `event=unit_failed unit=…`, `event=unit_restarted unit=… restarts_new=…`. NRestarts starts at 0 with each boot, so after a reboot every restart is new. Silent where systemd does not run. The very first run takes the cursor only.',
      rows: [],
    }),
    load: async () => (await import('./systemd')).systemd,
  },
  {
    name: 'app',
    kind: 'event',
    sources: ['reports/ beside the state file'],
    settings: {},
    docs: () => ({
      summary: 'crashes and notes reported with `flightlog event`',
      keys: [
        count('app.crashes_new', 'crashes reported since the last run (0 when none)'),
        count('app.dropped_new', 'reports removed unread: a user left more than 1,000 waiting (absent when none)'),
      ],
      notes:
        "Events: `event=crash name=… uid=… reported=<ISO time>`, `event=note text=\"…\" uid=… reported=<ISO time>`. uid is the reporting user's and the time is when the report arrived, both from the report's file as the kernel keeps them, which no user can set. Any user can leave reports (reports/ is mode 1733, like at's spool): a sample takes at most 100 of one user and 1,000 in all, users in turn, and removes each once the sample is saved; anything there that is not a report (a directory, a link, a FIFO) is removed or passed over, never read. A user's crash report is an event and counts in app.crashes_new, but only root's count in the machine's health (health.crashfree_s, health.crashes, health.<program>.crashes).",
      rows: [
        [
          '`coredump.crashes_new`, `pacct.exited_new`, `failed_new`, `killed_new`, `cored_new`, `systemd.failed`, `failed_new`, `restarts_new`, `app.crashes_new`',
          'what happened since the last run (below)',
        ],
      ],
    }),
    load: async () => (await import('./app')).app,
  },
  {
    name: 'inventory',
    kind: 'event',
    sources: [
      '/proc/cpuinfo',
      '/proc/device-tree/model',
      '/sys/class/dmi/id',
      '/etc/os-release',
      '/sys/class/net',
      '/sys/block',
    ],
    settings: {},
    docs: () => ({
      summary: 'what this machine is made of',
      keys: [
        text('inventory.why', 'boot (first run of this boot), changed, or daily'),
        text('inventory.board', '/proc/device-tree/model, else DMI /sys/class/dmi/id/{sys_vendor,product_name}'),
        text('inventory.cpu_model', '/proc/cpuinfo "model name" (64-bit ARM: the core named from "CPU part")'),
        gauge('inventory.threads', 'count', 'logical CPUs online (/proc/cpuinfo processors)'),
        gauge('inventory.cores', 'count', 'distinct physical id/core id pairs (ARM: the CPUs)'),
        gauge('inventory.sockets', 'count', 'distinct physical ids (ARM: 1)'),
        gauge('inventory.mem_total_bytes', 'bytes', '/proc/meminfo MemTotal'),
        text('inventory.os', '/etc/os-release PRETTY_NAME (/usr/lib/os-release when absent)'),
        text('inventory.kernel', '/proc/sys/kernel/osrelease'),
        gauge('inventory.<nic>.speed_mbps', 'Mb/s', '/sys/class/net/<nic>/speed, for NICs with a device'),
        text('inventory.<nic>.duplex', '/sys/class/net/<nic>/duplex'),
        gauge(
          'inventory.<disk>.size_bytes',
          'bytes',
          '/sys/block/<disk>/size × 512, whole disks as the disk module picks them',
        ),
        text('inventory.<disk>.model', '/sys/block/<disk>/device/model (SD/eMMC: device/name)'),
        gauge('inventory.<disk>.rotational', '0/1', '/sys/block/<disk>/queue/rotational'),
      ],
      notes:
        'Written on the first run of a boot, when anything in it changed, and else once a day; other runs write nothing.',
      rows: [
        [
          '`inventory.board`, `cpu_model`, `threads`, `cores`, `sockets`, `mem_total_bytes`, `os`, `kernel`, `inventory.<nic>.speed_mbps`, `duplex`, `inventory.<disk>.size_bytes`, `model`, `rotational`',
          'what the machine is made of: written on the first run of a boot, when it changes, else once a day (`inventory.why` says which)',
        ],
      ],
    }),
    load: async () => (await import('./inventory')).inventory,
  },
  {
    name: 'pi',
    kind: 'event',
    sources: [
      '/proc/device-tree/model',
      '/sys/devices/platform/soc/soc:firmware/get_throttled',
      'vcgencmd get_throttled',
      '/sys/class/hwmon (rpi_volt)',
    ],
    settings: {},
    docs: () => ({
      summary: 'Raspberry Pi power health',
      keys: [
        gauge('pi.under_voltage', '0/1', 'firmware throttled word bit 0: the supply is below 4.63 V now'),
        gauge('pi.freq_capped', '0/1', 'bit 1: the ARM clock is capped now'),
        gauge('pi.throttled', '0/1', 'bit 2: the ARM is throttled now'),
        gauge('pi.soft_temp_limit', '0/1', 'bit 3: the soft temperature limit is active now'),
        gauge('pi.<flag>_since_boot', '0/1', 'bits 16–19: it happened at some time since boot'),
        gauge('pi.undervoltage_alarm', '0/1', 'hwmon `rpi_volt` in0_lcrit_alarm'),
        gauge('pi.soc_c', '°C', 'thermal_zone0 (cpu-thermal), else `vcgencmd measure_temp`'),
        gauge('pi.arm_hz', 'Hz', 'cpufreq of cpu0 (scaling_cur_freq kHz × 1000), else `vcgencmd measure_clock arm`'),
      ],
      notes:
        'On boards whose /proc/device-tree/model starts with "Raspberry Pi"; the throttled word from sysfs when the kernel has it, else `vcgencmd get_throttled`. When the word differs from the last run\'s in this boot, one event: `event=pi_power flags=0x50005 was=0x0 under_voltage=1 freq_capped=0 throttled=1 soft_temp_limit=0`.',
      rows: [
        [
          '`pi.under_voltage`, `freq_capped`, `throttled`, `soft_temp_limit` (and `_since_boot`), `undervoltage_alarm`, `soc_c`, `arm_hz`',
          "Raspberry Pi power health from the firmware's throttled flags (sysfs or `vcgencmd`); a change is an event `event=pi_power`",
        ],
      ],
    }),
    load: async () => (await import('./pi')).pi,
  },
  {
    name: 'health',
    kind: 'event',
    sources: ['the other event modules', 'the state file'],
    settings: {},
    docs: () => ({
      summary: "memfaultd's device-health figures, kept in the state file across reboots",
      keys: [
        gauge('health.operational_s', 's', "time this machine has run since flightlog's first sample"),
        gauge('health.crashfree_s', 's', 'time since the last crash (0 at the sample that sees a crash)'),
        gauge('health.crashes', 'count', "crashes since flightlog's first sample"),
        count('health.crashes_new', 'crashes since the last run'),
        gauge('health.<program>.crashes', 'count', 'crashes of that program so far, written when it crashed this run'),
      ],
      notes:
        "A crash: a core dump (coredump), a kernel panic, oops or watchdog reset (boot), a segfault in the kernel's log (kmsg), a core in the accounting (pacct), a crash reported with `flightlog event crash NAME` (app); one several modules saw counts once. Time counts by /proc/uptime: within a boot its increase, across a reboot the new boot's uptime plus, after a clean shutdown, the old boot's last minutes.",
      rows: [
        [
          '`health.operational_s`, `crashfree_s`, `crashes`, `crashes_new`, `health.<program>.crashes`',
          'time run and time since the last crash (kept across reboots, as memfaultd counts them), crashes',
        ],
      ],
    }),
  },
];

/** The sampling modules, in the order their lines are written. */
export const SAMPLING: readonly SamplingEntry[] = MODULES.filter((m): m is SamplingEntry => m.kind === 'sampling');
/** The event modules, in the order they run and their lines are written (health last: it counts the others' crashes). */
export const EVENTS: readonly EventEntry[] = MODULES.filter((m): m is EventEntry => m.kind === 'event');

/** Whether a module runs with this config entry (`false` off, absent the default, anything else on). */
export const isEnabled = (entry: ModuleEntry, setting: unknown): boolean =>
  setting === undefined ? entry.kind === 'event' || entry.optIn === undefined : setting !== false;

/**
 * The run line's keys (written by the run itself, not by a module), and the marks every module may
 * write: they are in the README's table and in Prometheus' help like the modules' keys.
 */
export const RUN_KEYS: readonly KeyDoc[] = [
  gauge('run.v', 'version', 'version of the line format (renaming or removing a key bumps it)'),
  text('run.version', "flightlog's version"),
  gauge('run.interval_s', 's', 'seconds since the previous sample (`/proc/uptime`)'),
  gauge('run.first', '0/1', '1 when there was no earlier sample this boot'),
  text('run.boot', '`same`, or `new` after a reboot (changed `boot_id`); absent on the very first run'),
  gauge(
    'run.missed',
    'count',
    'runs that should have happened in between and did not: round(interval / `interval`) − 1',
  ),
  gauge('run.duration_ms', 'ms', "the run's own time, start-up included, the first-run wait excluded"),
  gauge('run.errors', 'count', 'modules (or subjects) that failed this run'),
  text('run.warning', 'something was repaired (an unreadable state file was moved aside)'),
  text(
    'run.new_baseline',
    '`uptime_back`: `/proc/uptime` went back within the boot (a restored snapshot), so no rates this run',
  ),
  count('run.spool_dropped_new', 'samples the previous run dropped from a full spool (written when not 0)'),
  count('run.rejected_new', 'samples set aside because an output refused them for good (written when not 0)'),
  text('run.error', '`not sampled: …`: the run could not sample (a config mistake), and why'),
  gauge('run.uptime_s', 's', '`/proc/uptime` of the sample, written when a module has `raw: true`'),
  gauge('run.kernel_bits', 'bits', "the kernel's word size, written when a module has `raw: true`"),
];

/** Marks any module may write for itself or a subject. */
export const MARKS: readonly KeyDoc[] = [
  mark('<module>.new', 'the module had no previous sample: its rates are left out this run'),
  mark('<module>.<subject>.new', 'a subject the previous sample did not have: its rates are left out this run'),
  mark('<module>.reset', 'its counters stepped back: its rates are left out this run'),
  mark(
    '<module>.<subject>.reset',
    "the subject's counters restarted, or it is another device under its name (ifindex, diskseq)",
  ),
  text('<module>.error', 'the module failed this run, and why; every other module still writes'),
  text('<module>.<subject>.error', 'this subject alone could not be read'),
  count('<module>.events_omitted_new', 'events beyond `events.max_per_module` this run, only counted'),
  gauge(
    '<module>.subjects_left_out',
    'count',
    'subjects past the 512 a module keeps (by name): left out of the sample and the state, every run alike',
  ),
  gauge('<module>.summary_runs', 'count', 'multi-rate (`every: N`): the runs the window holds'),
  gauge('<module>.summary_s', 's', 'multi-rate (`every: N`): the time the window covers'),
];

/** A module's entry by name, or undefined. */
export const entryOf = (name: string): ModuleEntry | undefined => MODULES.find((m) => m.name === name);

/** What a placeholder in a documented key stands for: one word of a key, or part of one. */
const PLACEHOLDER = /<[A-Za-z]+>/g;
const HAS_PLACEHOLDER = /<[A-Za-z]+>/;

/** Each documented key as a pattern, with the module that documents it (none for the run line's keys and the marks). */
let patterns:
  | Array<{ readonly re: RegExp; readonly doc: KeyDoc; readonly literal: boolean; readonly module?: ModuleEntry }>
  | undefined;

/** The documented key a written key is an instance of, and its module. */
function lookUp(key: string): { readonly doc: KeyDoc; readonly module?: ModuleEntry } | undefined {
  patterns ??= [
    ...RUN_KEYS.map((doc) => ({ doc })),
    ...MODULES.flatMap((module) => module.docs().keys.map((doc) => ({ doc, module }))),
    ...MARKS.map((doc) => ({ doc })),
  ].map((p) => {
    const parts = p.doc[0].split(PLACEHOLDER).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return { ...p, re: new RegExp(`^${parts.join('[A-Za-z0-9_-]+?')}$`), literal: !HAS_PLACEHOLDER.test(p.doc[0]) };
  });
  // a literal key first (`nfs.rpc.calls_per_s` before `nfs.<version>.<op>_per_s`), then the patterns in order
  return patterns.find((p) => p.literal && p.re.test(key)) ?? patterns.find((p) => p.re.test(key));
}

/** The documented key a written key is an instance of (`net.eth0.rx_bytes_per_s` → `net.<if>.rx_bytes_per_s`), or undefined. */
export const keyDocOf = (key: string): KeyDoc | undefined => lookUp(key)?.doc;

/** Whether a key is one a sampling module writes, as its entry documents it (a load sensor reports only those). */
export const isSamplingKey = (key: string): boolean => lookUp(key)?.module?.kind === 'sampling';

/**
 * Prometheus' `# HELP` of a key: the key as documented, its unit and kind, and where it comes from. A
 * multi-rate summary (`cpu.busy_pct_max`) is described as the key it sums up.
 */
export function describeKey(key: string): string | undefined {
  const doc = keyDocOf(key);
  const summary = doc === undefined ? /^(.*)_(min|avg|max)$/.exec(key) : null;
  const of = summary === null ? doc : keyDocOf(summary[1] as string);
  if (of === undefined) return undefined;
  const [documented, unit, kind, source] = of;
  return `flightlog key ${documented}${summary === null ? '' : ` (its ${summary[2]} over the multi-rate window)`}, ${unit}, ${kind}: ${source}`;
}
