import { gauge, text, type EventEntry } from '../entry';

/** inventory: what it reads and writes, as data; its code, ./collect.ts, is loaded when it runs. */
export const entry: EventEntry = {
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
  load: async () => (await import('./collect')).inventory,
};
