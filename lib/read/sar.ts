import { toNumber } from '../format/parse';
import type { ReadSample } from './samples';
import { splitKey } from '../format/key';

/**
 * sar-style CSV of samples read back, as `sadf -d` writes it: `;`-separated, a `# ` header line per
 * section, timestamps in UTC, kB = 1024 bytes. Only the columns flightlog has, under sar's names:
 *   cpu   %user (user + guest: sar -u counts guest time in it), %nice, %system (system + irq + softirq,
 *         as sar -u does), %iowait, %steal, %idle
 *   mem   kbmemfree, kbavail, kbmemused (total − available), %memused, kbbuffers, kbcached, kbdirty
 *   net   per interface: rxpck/s, txpck/s, rxkB/s, txkB/s, %ifutil
 *   disk  per disk: tps (reads + writes per s), rkB/s, wkB/s, aqu-sz, await, %util
 * The interval is the sample's run.interval_s; a sample without rates (a first run) has no cpu, net or
 * disk row. A value the sample lacks is an empty field.
 */
export const SAR_SECTIONS = ['cpu', 'mem', 'net', 'disk'] as const;
export type SarSection = (typeof SAR_SECTIONS)[number];

type Column = readonly [header: string, value: (get: (field: string) => number | undefined) => number | undefined];

const sum = (...xs: Array<number | undefined>): number | undefined =>
  xs.every((x) => x === undefined) ? undefined : xs.reduce<number>((a, x) => a + (x ?? 0), 0);
const kb = (x: number | undefined): number | undefined => (x === undefined ? undefined : x / 1024);

const COLUMNS: Readonly<Record<SarSection, { readonly subject?: string; readonly columns: readonly Column[] }>> = {
  cpu: {
    subject: 'CPU',
    columns: [
      ['%user', (g) => sum(g('user_pct'), g('guest_pct'))],
      ['%nice', (g) => g('nice_pct')],
      ['%system', (g) => sum(g('system_pct'), g('irq_pct'), g('softirq_pct'))],
      ['%iowait', (g) => g('iowait_pct')],
      ['%steal', (g) => g('steal_pct')],
      ['%idle', (g) => g('idle_pct')],
    ],
  },
  mem: {
    columns: [
      ['kbmemfree', (g) => kb(g('free_bytes'))],
      ['kbavail', (g) => kb(g('available_bytes'))],
      ['kbmemused', (g) => kb(g('used_bytes'))],
      ['%memused', (g) => g('used_pct')],
      ['kbbuffers', (g) => kb(g('buffers_bytes'))],
      ['kbcached', (g) => kb(g('cached_bytes'))],
      ['kbdirty', (g) => kb(g('dirty_bytes'))],
    ],
  },
  net: {
    subject: 'IFACE',
    columns: [
      ['rxpck/s', (g) => g('rx_packets_per_s')],
      ['txpck/s', (g) => g('tx_packets_per_s')],
      ['rxkB/s', (g) => kb(g('rx_bytes_per_s'))],
      ['txkB/s', (g) => kb(g('tx_bytes_per_s'))],
      ['%ifutil', (g) => g('util_pct')],
    ],
  },
  disk: {
    subject: 'DEV',
    columns: [
      ['tps', (g) => sum(g('reads_per_s'), g('writes_per_s'))],
      ['rkB/s', (g) => kb(g('read_bytes_per_s'))],
      ['wkB/s', (g) => kb(g('write_bytes_per_s'))],
      ['aqu-sz', (g) => g('queue')],
      ['await', (g) => g('await_ms')],
      ['%util', (g) => g('util_pct')],
    ],
  },
};

/** The keys of a section that say a row exists (a rate: no row on a sample without rates). */
const PRESENT: Readonly<Record<SarSection, string>> = {
  cpu: 'idle_pct',
  mem: 'total_bytes',
  net: 'rx_bytes_per_s',
  disk: 'reads_per_s',
};

const utc = (xid: number): string => `${new Date(xid * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
const cell = (v: number | undefined): string => (v === undefined ? '' : String(Math.round(v * 100) / 100));

export function sarCsv(samples: readonly ReadSample[], section: SarSection): string {
  const { subject, columns } = COLUMNS[section];
  const module = section;
  const lines = [
    `# hostname;interval;timestamp;${subject === undefined ? '' : `${subject};`}${columns.map(([h]) => h).join(';')}`,
  ];
  for (const s of samples) {
    const interval = Math.round(toNumber(s.values.get('run.interval_s') ?? '') ?? 0);
    const head = `${s.host};${interval};${utc(s.xid)}`;
    const get =
      (prefix: string) =>
      (field: string): number | undefined =>
        toNumber(s.values.get(`${prefix}.${field}`) ?? '');
    if (subject === undefined || section === 'cpu') {
      if (get(module)(PRESENT[section]) === undefined) continue;
      lines.push(`${head};${section === 'cpu' ? '-1;' : ''}${columns.map(([, f]) => cell(f(get(module)))).join(';')}`);
      continue;
    }
    const subjects = new Set<string>();
    for (const key of s.values.keys()) {
      const k = splitKey(key);
      if (k.module === module && k.subject !== undefined && !k.subject.includes('.') && k.field === PRESENT[section])
        subjects.add(k.subject);
    }
    for (const sub of subjects)
      lines.push(`${head};${sub};${columns.map(([, f]) => cell(f(get(`${module}.${sub}`)))).join(';')}`);
  }
  return `${lines.join('\n')}\n`;
}
