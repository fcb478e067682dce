import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Field } from '../lib/core/sample';
import { encodeLines } from '../lib/format/line';
import { mountSubject, subjectName } from '../lib/format/subject';
import { MODULES } from '../lib/modules/registry';

/*
 * The bench's fleet: a month of a central log of 100 hosts of three shapes, each writing what
 * `flightlog sample` writes with its default modules, every key the registry gives them for the
 * subjects a machine of that shape has (CPUs, disks, NICs, file systems, cgroups, sensors), encoded and
 * split into lines by the program's own encoder. Values follow a daily cycle with noise; a few hosts
 * reboot, miss runs, crash and OOM. The keys come from the registry, so the fleet grows as flightlog does.
 */

interface Shape {
  readonly name: string;
  /** how many of the fleet's hosts have this shape, of 20 */
  readonly share: number;
  readonly modules: readonly string[];
  readonly subjects: Readonly<Record<string, readonly string[]>>;
}

const services = (n: number): string[] =>
  Array.from(
    { length: n },
    (_, i) =>
      `system.slice/${['nginx', 'postgresql', 'redis', 'cron', 'rsyslog', 'sshd', 'docker', 'containerd', 'node_exporter', 'systemd-journald'][i % 10]}${i >= 10 ? `-${i}` : ''}.service`,
  );
const COMMON = [
  'host',
  'cpu',
  'load',
  'mem',
  'net',
  'disk',
  'fs',
  'psi',
  'coredump',
  'pacct',
  'kmsg',
  'systemd',
  'app',
  'health',
];
const PATTERNS = ['oom', 'io_error', 'fs_error', 'mce', 'hung_task', 'soft_lockup', 'segfault', 'link_down'];

const SHAPES: readonly Shape[] = [
  // a cloud VM: 2 vCPUs, one disk and NIC, no cgroup module output (cgroup v1), no sensors
  {
    name: 'vm',
    share: 12,
    modules: COMMON,
    subjects: {
      N: ['0', '1'],
      if: ['eth0'],
      dev: ['vda'],
      mount: ['/'],
      resource: ['cpu', 'memory', 'io'],
      pattern: PATTERNS,
      group: [],
    },
  },
  // a Debian 12 server with cgroup v2: 16 threads, four disks, three NICs, five file systems, 12 services
  {
    name: 'server',
    share: 5,
    modules: [...COMMON, 'cgroup', 'temp', 'cpufreq'],
    subjects: {
      N: Array.from({ length: 16 }, (_, i) => String(i)),
      if: ['eno1', 'eno2', 'docker0'],
      dev: ['nvme0n1', 'nvme1n1', 'sda', 'sdb'],
      mount: ['/', '/boot', '/var', '/home', '/srv'],
      resource: ['cpu', 'memory', 'io', 'irq'],
      pattern: PATTERNS,
      group: services(12),
      sensor: ['coretemp_package', 'coretemp_core0', 'coretemp_core1', 'nvme0'],
    },
  },
  // a Raspberry Pi 4: 4 cores, an SD card, Ethernet and Wi-Fi, its power health
  {
    name: 'pi',
    share: 3,
    modules: [...COMMON, 'cgroup', 'temp', 'cpufreq', 'pi'],
    subjects: {
      N: ['0', '1', '2', '3'],
      if: ['eth0', 'wlan0'],
      dev: ['mmcblk0'],
      mount: ['/', '/boot/firmware'],
      resource: ['cpu', 'memory', 'io'],
      pattern: PATTERNS,
      group: services(6),
      sensor: ['cpu_thermal'],
      flag: ['under_voltage', 'throttled'],
    },
  },
];

/** A key's typical size by its unit, before the daily cycle and noise. */
function baseOf(key: string, unit: string, hostSeed: number): number {
  const f = 0.5 + (hostSeed % 97) / 97;
  if (unit === '%') return 25 * f;
  if (unit === 'bytes') return 4e9 * f;
  if (unit === 'bytes/s') return 2e6 * f;
  if (unit === '1/s') return 300 * f;
  if (unit === 'ms') return 2 * f;
  if (unit === 'Hz') return 1.8e9;
  if (unit === '°C') return 45 * f;
  if (unit === 'ratio') return 0.8 * f;
  if (unit === 'count') return key.endsWith('.count') || key.endsWith('threads') ? 300 * f : 4;
  return 1;
}

interface KeyPlan {
  readonly key: string;
  readonly kind: string;
  readonly unit: string;
}

/** Every key a host of the shape writes each run: the registry's keys of its modules, subjects filled in. */
function keysOf(shape: Shape): KeyPlan[] {
  const out: KeyPlan[] = [];
  for (const m of MODULES) {
    if (!shape.modules.includes(m.name)) continue;
    for (const [pattern, unit, kind] of m.docs().keys) {
      if (kind === 'text' || kind === 'mark') continue;
      // keys written only some runs (the swap keys without swap, a program's crash count) are left out
      if (/swap|<program>|<version>|<op>|<source>|<tag>|<host>|<port>|<name>|long_interval/.test(pattern)) continue;
      const words = [...pattern.matchAll(/<([A-Za-z]+)>/g)].map((w) => w[1] as string);
      let keys = [pattern];
      // each subject named as its module names it: a mount point as `var_log`, a cgroup as `system_slice_nginx_service`
      const named = (word: string, s: string): string =>
        word === 'mount' ? mountSubject(s) : word === 'group' ? subjectName(s.replace(/[/.]/g, '_')) : s;
      for (const word of words)
        keys = keys.flatMap((k) => (shape.subjects[word] ?? []).map((s) => k.replace(`<${word}>`, named(word, s))));
      for (const key of keys) out.push({ key, kind, unit });
    }
  }
  return out;
}

/** A small fast generator of noise, the same for the same seed. */
function noise(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4_294_967_296;
  };
}

/**
 * Writes the month into `dir` as a central rsyslog and logrotate leave it: one file a day,
 * flightlog.log.N.gz for the days before yesterday, flightlog.log.1 and flightlog.log plain.
 */
export function writeFleet(
  dir: string,
  hosts = 100,
  days = 31,
  start = 1_792_800_000,
): { samples: number; bytes: number } {
  mkdirSync(dir, { recursive: true });
  const plans = SHAPES.map(keysOf);
  const shapeOf = (h: number): number => {
    const slot = h % 20;
    return slot < (SHAPES[0] as Shape).share
      ? 0
      : slot < (SHAPES[0] as Shape).share + (SHAPES[1] as Shape).share
        ? 1
        : 2;
  };
  const rand = noise(20261206);
  let samples = 0;
  let bytes = 0;
  for (let day = 0; day < days; day++) {
    const lines: string[] = [];
    for (let slot = 0; slot < 144; slot++) {
      const t = day * 144 + slot;
      const xid = start + t * 600;
      const stamp = `${new Date(xid * 1000).toISOString().replace('Z', '')}000+00:00`;
      const cycle = 0.6 + 0.5 * Math.sin((slot / 144) * 2 * Math.PI);
      for (let h = 0; h < hosts; h++) {
        // host 13 is down for an hour on day 10 and comes back with a new boot; host 7 misses three runs on day 20
        if (h === 13 && day === 10 && slot >= 60 && slot < 66) continue;
        if (h === 7 && day === 20 && slot >= 30 && slot < 33) continue;
        const host = `node${String(h).padStart(3, '0')}`;
        const boot = h === 13 && day === 10 && slot === 66;
        const fields: Field[] = [
          ['run.v', 1],
          ['run.version', '0.1.0'],
          ['run.interval_s', 600],
          ['run.first', 0],
          ['run.boot', boot ? 'new' : 'same'],
          ['run.missed', h === 7 && day === 20 && slot === 33 ? 3 : 0],
          ['run.duration_ms', 60 + Math.floor(rand() * 40)],
          ['run.errors', 0],
        ];
        for (const { key, kind, unit } of plans[shapeOf(h)] as KeyPlan[]) {
          let v: number;
          if (kind === 'new') v = rand() < 0.002 ? 1 : 0;
          else if (unit === '0/1') v = key.endsWith('.up') ? 1 : 0;
          else if (key === 'host.uptime_s' || key === 'health.operational_s' || key === 'health.crashfree_s')
            v = 86_400 * 40 + t * 600;
          else if (key === 'host.boot_time') v = start - 86_400 * 40;
          else if (key === 'cpu.count') v = (SHAPES[shapeOf(h)] as Shape).subjects.N?.length ?? 1;
          else if (key.endsWith('size_bytes') || key.endsWith('total_bytes') || key === 'health.crashes')
            v = baseOf(key, unit, h + key.length);
          else {
            v = baseOf(key, unit, h + key.length) * cycle * (0.7 + 0.6 * rand());
            if (unit === '%') v = Math.min(100, v);
          }
          fields.push([key, unit === 'bytes' || unit === 'count' ? Math.round(v) : Math.round(v * 100) / 100]);
        }
        // one line (or more) a module, as a sample writes them
        const byModule = new Map<string, Field[]>();
        for (const f of fields) {
          const module = f[0].slice(0, f[0].indexOf('.'));
          (byModule.get(module) ?? byModule.set(module, []).get(module))?.push(f);
        }
        for (const group of byModule.values())
          for (const line of encodeLines(xid, group)) lines.push(`${stamp} ${host} flightlog[${4000 + h}]: ${line}`);
        if (boot)
          lines.push(
            `${stamp} ${host} flightlog[${4000 + h}]: xid=${xid} event=boot reason=unexpected previous_boot=0b5e last_uptime_s=3456000 downtime_s=3600`,
          );
        samples++;
      }
    }
    const text = `${lines.join('\n')}\n`;
    bytes += text.length;
    const age = days - 1 - day;
    if (age >= 2) writeFileSync(join(dir, `flightlog.log.${age}.gz`), gzipSync(text, { level: 6 }));
    else writeFileSync(join(dir, age === 1 ? 'flightlog.log.1' : 'flightlog.log'), text);
  }
  return { samples, bytes };
}
