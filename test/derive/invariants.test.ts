import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Reading } from '../../lib/core/reading';
import { deriveCgroup } from '../../lib/modules/cgroup/derive';
import { deriveCpu } from '../../lib/modules/cpu/derive';
import { deriveDisk } from '../../lib/modules/disk/derive';
import { deriveMem } from '../../lib/modules/mem/derive';
import { deriveNet } from '../../lib/modules/net/derive';
import { derivePsi } from '../../lib/modules/psi/derive';
import { TWO_32, assertPhysical, assertTrue, derived, fcOptions, interval, start32, type Step } from './history';

/**
 * Invariants over generated histories (counters that restart, as the README says): whatever the kernel showed —
 * wraps, driver resets, re-plugs, CPUs restarting or going offline, long gaps — no written share leaves
 * 0–100, nothing negative or not finite is written, a written rate is the true one, the whole CPU is the
 * weighted mean of the CPUs, and the same history sampled at another cadence adds up to the same total.
 */

// ---------------------------------------------------------------- cpu

const TICK_FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;
const HZ = 100;

/** What befalls one CPU in one interval. `restart`: it went offline and back (or suspended) at the start: idle and iowait count again from zero. */
type CpuFault = 'none' | 'restart' | 'offline' | 'iowait_to_idle';

const cpuInterval = fc.record({
  elapsedS: interval,
  // per CPU: how its ticks split, and what befell it
  cpus: fc.array(
    fc.record({
      weights: fc.array(fc.nat({ max: 100 }), { minLength: 8, maxLength: 8 }),
      guestShare: fc.double({ min: 0, max: 1, noNaN: true }),
      fault: fc.constantFrom<CpuFault>('none', 'none', 'none', 'restart', 'offline', 'iowait_to_idle'),
    }),
    { minLength: 6, maxLength: 6 },
  ),
});

interface CpuTruth {
  /** per CPU: ticks that passed and busy ticks in the interval, or undefined when it is not exact (offline now or before, iowait moved) */
  readonly cpus: Array<{ ticks: number; busy: number } | undefined>;
}

interface CpuInterval {
  readonly elapsedS: number;
  readonly cpus: ReadonlyArray<{ readonly weights: number[]; readonly guestShare: number; readonly fault: CpuFault }>;
}

function cpuHistory(ncpu: number, intervals: readonly CpuInterval[]): { steps: Step[]; truths: CpuTruth[] } {
  const counters = Array.from({ length: ncpu }, () => ({
    user: 5000n,
    nice: 100n,
    system: 2000n,
    idle: 90000n,
    iowait: 500n,
    irq: 10n,
    softirq: 20n,
    steal: 0n,
    guest: 0n,
    guest_nice: 0n,
  }));
  const offline = new Array<boolean>(ncpu).fill(false);
  const reading = (): Reading[] => {
    const all: Record<string, bigint> = {};
    for (const c of counters) for (const [k, v] of Object.entries(c)) all[k] = (all[k] ?? 0n) + v;
    // the kernel's cpu line sums every possible CPU, offline ones included
    return [
      { gauges: { count: offline.filter((o) => !o).length }, counters: all },
      ...counters.flatMap((c, n): Reading[] =>
        offline[n] ? [] : [{ subject: String(n), gauges: {}, counters: { ...c } }],
      ),
    ];
  };
  const steps: Step[] = [{ elapsedS: 0, readings: reading() }];
  const truths: CpuTruth[] = [];
  for (const { elapsedS, cpus } of intervals) {
    const truth: CpuTruth = { cpus: [] };
    const wasOffline = [...offline];
    cpus.slice(0, ncpu).forEach(({ weights, guestShare, fault }, n) => {
      const c = counters[n]!;
      offline[n] = fault === 'offline';
      if (offline[n]) {
        truth.cpus.push(undefined);
        return;
      }
      const before = { idle: c.idle, iowait: c.iowait };
      if (fault === 'restart') {
        c.idle = 0n;
        c.iowait = 0n;
      }
      const ticks = elapsedS * HZ;
      const sum = weights.reduce((a, b) => a + b, 0) || 1;
      const split = weights.map((w) => Math.floor((w / sum) * ticks));
      split[3] = (split[3] ?? 0) + ticks - split.reduce((a, b) => a + b, 0);
      TICK_FIELDS.forEach((f, i) => {
        c[f] += BigInt(split[i] ?? 0);
      });
      c.guest += BigInt(Math.floor((split[0] ?? 0) * guestShare));
      // a restart is told by idle and iowait stepping back: where they grew past their old values within
      // the interval, sysstat's rule (and so flightlog) cannot see all of it
      let exact =
        !wasOffline[n] &&
        (fault !== 'restart' || (c.idle < before.idle && (c.iowait < before.iowait || before.iowait === 0n)));
      if (fault === 'iowait_to_idle' && c.iowait > 0n) {
        // the kernel counted a wait as iowait first, then as idle
        const moved = c.iowait < 50n ? c.iowait : 50n;
        c.iowait -= moved;
        c.idle += moved;
        exact = false;
      }
      const busy = ticks - (split[3] ?? 0) - (split[4] ?? 0);
      truth.cpus.push(exact ? { ticks, busy } : undefined);
    });
    steps.push({ elapsedS, readings: reading() });
    truths.push(truth);
  }
  return { steps, truths };
}

describe('cpu over generated histories', () => {
  it('writes shares within 0–100, each CPU its true share, and the whole as the weighted mean of the CPUs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(cpuInterval, { minLength: 1, maxLength: 6 }),
        (ncpu, intervals) => {
          const { steps, truths } = cpuHistory(ncpu, intervals);
          derived('cpu', deriveCpu, steps, 64).forEach((fields, i) => {
            assertPhysical(fields);
            expect([...fields.keys()].some((k) => k.endsWith('.reset'))).toBe(false);
            const truth = truths[i]!;
            const written = truth.cpus.flatMap((t, n) => {
              const busy = fields.get(`cpu.${n}.busy_pct`);
              if (t !== undefined) assertTrue(`cpu.${n}.busy_pct`, busy, (t.busy / t.ticks) * 100);
              return typeof busy === 'number' ? [busy] : [];
            });
            const whole = fields.get('cpu.busy_pct');
            if (
              truth.cpus.every((t, n) => t !== undefined || fields.get(`cpu.${n}.busy_pct`) === undefined) &&
              truth.cpus.some((t) => t !== undefined)
            ) {
              // every CPU in the whole is exact: the whole is their ticks' weighted mean
              const exact = truth.cpus.filter((t): t is { ticks: number; busy: number } => t !== undefined);
              assertTrue(
                'cpu.busy_pct',
                whole,
                (exact.reduce((s, t) => s + t.busy, 0) / exact.reduce((s, t) => s + t.ticks, 0)) * 100,
              );
            } else if (written.length > 0 && typeof whole === 'number') {
              expect(whole).toBeGreaterThanOrEqual(Math.min(...written) - 1e-9);
              expect(whole).toBeLessThanOrEqual(Math.max(...written) + 1e-9);
            }
          });
        },
      ),
      fcOptions,
    );
  });
});

// ---------------------------------------------------------------- net

type NicFault = 'none' | 'zeroed' | 'replugged';

const nicInterval = fc.record({
  elapsedS: interval,
  packets: fc.nat({ max: 5_000_000 }),
  bytesPerPacket: fc.integer({ min: 60, max: 1514 }),
  load: fc.double({ min: 0, max: 1, noNaN: true }),
  errors: fc.nat({ max: 50 }),
  fault: fc.constantFrom<NicFault>('none', 'none', 'none', 'none', 'zeroed', 'replugged'),
});

const NIC_COUNTERS = [
  'rx_bytes',
  'tx_bytes',
  'rx_packets',
  'tx_packets',
  'rx_errors',
  'tx_errors',
  'rx_dropped',
  'tx_dropped',
] as const;

describe('net over generated histories', () => {
  it('writes a rate only when it is the true one, never a utilisation over 100, and every rate when nothing befell a 64-bit NIC', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<32 | 64>(32, 64),
        fc.constantFrom(undefined, 10, 100, 1000),
        start32,
        start32,
        fc.array(nicInterval, { minLength: 1, maxLength: 8 }),
        (bits, speed, rx0, tx0, intervals) => {
          const info: Record<string, number> = {
            type: 1,
            mtu: 1500,
            ...(speed === undefined ? {} : { speed_mbps: speed, full_duplex: 1 }),
          };
          const total: Record<string, bigint> = {
            rx_bytes: rx0,
            tx_bytes: tx0,
            rx_packets: rx0 / 1000n,
            tx_packets: tx0 / 1000n,
            rx_errors: 0n,
            tx_errors: 0n,
            rx_dropped: 0n,
            tx_dropped: 0n,
          };
          let ifindex = 2;
          const shown = (): Reading => ({
            subject: 'eth0',
            gauges: { up: 1 },
            info,
            identity: String(ifindex),
            counters: Object.fromEntries(
              NIC_COUNTERS.map((n) => [n, bits === 32 ? (total[n] as bigint) % TWO_32 : (total[n] as bigint)]),
            ),
          });
          const steps: Step[] = [{ elapsedS: 0, readings: [shown()] }];
          const truths: Array<{ increases: Record<string, bigint>; fault: NicFault }> = [];
          for (const { elapsedS, packets, bytesPerPacket, load, errors, fault } of intervals) {
            // no more than the link carries (1 Gb/s where its speed is unknown), and under 2^32 bytes an interval on a 32-bit kernel
            const bytesCap = Math.min(
              (((speed ?? 1000) * 1e6) / 8) * elapsedS * load,
              bits === 32 ? 2 ** 32 - 1 : Infinity,
            );
            const p = Math.min(packets, Math.floor(bytesCap / bytesPerPacket));
            const increases: Record<string, bigint> = {
              rx_bytes: BigInt(p * bytesPerPacket),
              rx_packets: BigInt(p),
              tx_bytes: BigInt(Math.floor(p / 2) * 60),
              tx_packets: BigInt(Math.floor(p / 2)),
              rx_errors: BigInt(Math.min(errors, p)),
              tx_errors: 0n,
              rx_dropped: BigInt(Math.min(errors, p)),
              tx_dropped: 0n,
            };
            if (fault !== 'none') for (const n of NIC_COUNTERS) total[n] = 0n;
            if (fault === 'replugged') ifindex += 1;
            for (const n of NIC_COUNTERS) total[n] = (total[n] as bigint) + (increases[n] as bigint);
            steps.push({ elapsedS, readings: [shown()] });
            truths.push({ increases, fault });
          }
          derived('net', deriveNet, steps, bits).forEach((fields, i) => {
            assertPhysical(fields);
            const { increases, fault } = truths[i]!;
            const elapsedS = intervals[i]!.elapsedS;
            const [prev, curr] = [steps[i]!.readings[0]!.counters, steps[i + 1]!.readings[0]!.counters];
            const stepped = NIC_COUNTERS.some((n) => (curr[n] as bigint) < (prev[n] as bigint));
            if (fault === 'replugged' || (fault === 'zeroed' && bits === 64 && stepped))
              expect(fields.get('net.eth0.reset')).toBe(1);
            if (fault !== 'none') return;
            if (bits === 64) expect(fields.has('net.eth0.reset')).toBe(false);
            for (const n of NIC_COUNTERS) {
              const key = `net.eth0.${n}_per_s`;
              if (fields.has(key) || bits === 64) assertTrue(key, fields.get(key), Number(increases[n]) / elapsedS);
            }
          });
        },
      ),
      fcOptions,
    );
  });

  it('counts across every 32-bit wrap that one more wrap could not explain, at the true rate', () => {
    // link speed and interval such that the link carries less than 2^32 bytes in it: one wrap is possible, two are not
    const link = fc.constantFrom(
      { speed: 10, elapsedS: 600 },
      { speed: 100, elapsedS: 60 },
      { speed: 1000, elapsedS: 1 },
      { speed: 1000, elapsedS: 30 },
    );
    fc.assert(
      fc.property(
        link,
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.integer({ min: 60, max: 1514 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ({ speed, elapsedS }, load, bytesPerPacket, beforeTop) => {
          const packets = Math.max(1, Math.floor((((speed * 1e6) / 8) * elapsedS * load) / bytesPerPacket));
          const bytes = BigInt(packets * bytesPerPacket);
          // the bytes counter sat below 2^32 by a part of what the interval carried: it wraps in it
          const rx0 = TWO_32 - 1n - BigInt(Math.floor(Number(bytes - 1n) * beforeTop));
          const nic = (rx: bigint, p: bigint): Reading => ({
            subject: 'eth0',
            gauges: { up: 1 },
            info: { type: 1, mtu: 1500, speed_mbps: speed, full_duplex: 1 },
            identity: '2',
            counters: {
              rx_bytes: rx % TWO_32,
              tx_bytes: 0n,
              rx_packets: p,
              tx_packets: 0n,
              rx_errors: 0n,
              tx_errors: 0n,
              rx_dropped: 0n,
              tx_dropped: 0n,
            },
          });
          const [fields] = derived(
            'net',
            deriveNet,
            [
              { elapsedS: 0, readings: [nic(rx0, 1000n)] },
              { elapsedS, readings: [nic(rx0 + bytes, 1000n + BigInt(packets))] },
            ],
            32,
          );
          assertPhysical(fields!);
          expect(fields!.has('net.eth0.reset')).toBe(false);
          assertTrue('net.eth0.rx_bytes_per_s', fields!.get('net.eth0.rx_bytes_per_s'), Number(bytes) / elapsedS);
          assertTrue('net.eth0.rx_packets_per_s', fields!.get('net.eth0.rx_packets_per_s'), packets / elapsedS);
        },
      ),
      fcOptions,
    );
  });

  it('adds up to the same total whatever the cadence it is sampled at', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(interval, fc.nat({ max: 10_000_000 })), { minLength: 2, maxLength: 8 }),
        (intervals) => {
          const total = { rx_bytes: 0n, rx_packets: 0n };
          const readings: Reading[] = [];
          const at = (): Reading => ({ subject: 'eth0', gauges: {}, counters: { ...total } });
          readings.push(at());
          for (const [, packets] of intervals) {
            total.rx_packets += BigInt(packets);
            total.rx_bytes += BigInt(packets * 1000);
            readings.push(at());
          }
          const sum = (every: number): number => {
            const picked: Step[] = [];
            let gap = 0;
            readings.forEach((r, i) => {
              gap += i === 0 ? 0 : intervals[i - 1]![0];
              if (i % every === 0 || i === readings.length - 1) {
                picked.push({ elapsedS: gap, readings: [r] });
                gap = 0;
              }
            });
            return derived('net', deriveNet, picked, 64).reduce(
              (s, f, i) => s + (f.get('net.eth0.rx_bytes_per_s') as number) * picked[i + 1]!.elapsedS,
              0,
            );
          };
          const truth = Number(total.rx_bytes);
          expect(sum(1)).toBeCloseTo(truth, 3);
          expect(sum(2)).toBeCloseTo(truth, 3);
          expect(sum(3)).toBeCloseTo(truth, 3);
        },
      ),
      fcOptions,
    );
  });
});

// ---------------------------------------------------------------- disk

type DiskFault = 'none' | 'replugged' | 'replugged_same_seq';

const diskInterval = fc.record({
  elapsedS: fc.oneof(interval, fc.constant(5_000_000)),
  reads: fc.nat({ max: 200_000 }),
  writes: fc.nat({ max: 200_000 }),
  sectorsPerRead: fc.integer({ min: 1, max: 2560 }),
  sectorsPerWrite: fc.integer({ min: 1, max: 2560 }),
  busy: fc.double({ min: 0, max: 1, noNaN: true }),
  queue: fc.double({ min: 1, max: 32, noNaN: true }),
  readShare: fc.double({ min: 0, max: 1, noNaN: true }),
  fault: fc.constantFrom<DiskFault>('none', 'none', 'none', 'none', 'replugged', 'replugged_same_seq'),
});

const DISK_COUNTS = ['reads', 'writes', 'read_sectors', 'write_sectors'] as const;
const DISK_MS = ['read_ms', 'write_ms', 'io_ms', 'weighted_io_ms'] as const;

describe('disk over generated histories', () => {
  it('writes a rate only when it is the true one, util within 0–100, and every key when nothing befell a 64-bit disk', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<32 | 64>(32, 64),
        fc.array(start32, { minLength: 8, maxLength: 8 }),
        fc.array(diskInterval, { minLength: 1, maxLength: 8 }),
        (bits, starts, intervals) => {
          const total: Record<string, bigint> = Object.fromEntries(
            [...DISK_COUNTS, ...DISK_MS].map((n, i) => [n, starts[i] ?? 0n]),
          );
          let diskseq = 7;
          const shown = (): Reading => ({
            subject: 'sda',
            gauges: {},
            identity: String(diskseq),
            info: { queue_depth: 64, max_request_sectors: 2560 },
            counters: Object.fromEntries(
              [...DISK_COUNTS, ...DISK_MS].map((n) => [
                n,
                bits === 32 || n.endsWith('_ms') ? (total[n] as bigint) % TWO_32 : (total[n] as bigint),
              ]),
            ),
          });
          const steps: Step[] = [{ elapsedS: 0, readings: [shown()] }];
          const truths: Array<{ d: Record<string, number>; fault: DiskFault }> = [];
          for (const iv of intervals) {
            const elapsedMs = iv.elapsedS * 1000;
            // at most 2.5 GB/s (a fast NVMe drive); a long gap moves little: the counts stay under 2^32 an interval on a 32-bit kernel
            const perS = (iv.reads * iv.sectorsPerRead + iv.writes * iv.sectorsPerWrite) / 5e6;
            const scale = (iv.elapsedS > 10_000 ? 0.001 : 1) / Math.max(1, perS);
            const reads = Math.floor(iv.reads * scale);
            const writes = Math.floor(iv.writes * scale);
            const io = Math.floor(elapsedMs * iv.busy);
            const weighted = Math.floor(io * iv.queue);
            const d: Record<string, number> = {
              reads,
              writes,
              read_sectors: reads * iv.sectorsPerRead,
              write_sectors: writes * iv.sectorsPerWrite,
              io_ms: reads + writes > 0 ? io : 0,
              weighted_io_ms: reads + writes > 0 ? weighted : 0,
              read_ms: reads > 0 ? Math.floor(weighted * (writes > 0 ? iv.readShare : 1)) : 0,
              write_ms: writes > 0 ? Math.floor(weighted * (reads > 0 ? 1 - iv.readShare : 1)) : 0,
            };
            if (iv.fault !== 'none') for (const n of Object.keys(total)) total[n] = 0n;
            if (iv.fault === 'replugged') diskseq += 1;
            for (const n of Object.keys(total)) total[n] = (total[n] as bigint) + BigInt(d[n] ?? 0);
            steps.push({ elapsedS: iv.elapsedS, readings: [shown()] });
            truths.push({ d, fault: iv.fault });
          }
          derived('disk', deriveDisk, steps, bits).forEach((fields, i) => {
            assertPhysical(fields);
            const { d, fault } = truths[i]!;
            const elapsedS = intervals[i]!.elapsedS;
            if (fault === 'replugged') expect(fields.get('disk.sda.reset')).toBe(1);
            if (fault !== 'none') return;
            if (bits === 64) expect(fields.has('disk.sda.reset')).toBe(false);
            const expectTrue = (key: string, truth: number): void => {
              if (fields.has(`disk.sda.${key}`) || (bits === 64 && !fields.has('disk.sda.long_interval')))
                assertTrue(key, fields.get(`disk.sda.${key}`), truth);
            };
            expectTrue('reads_per_s', (d.reads ?? 0) / elapsedS);
            expectTrue('write_bytes_per_s', ((d.write_sectors ?? 0) * 512) / elapsedS);
            expectTrue('util_pct', ((d.io_ms ?? 0) / (elapsedS * 1000)) * 100);
            expectTrue('queue', (d.weighted_io_ms ?? 0) / (elapsedS * 1000));
            if (elapsedS * 1000 >= 2 ** 32 && fields.has('disk.sda.reads_per_s'))
              expect(fields.get('disk.sda.long_interval')).toBe(1);
          });
        },
      ),
      fcOptions,
    );
  });

  it('counts across a wrap of the 32-bit time counters, at the true utilisation and queue', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<32 | 64>(32, 64),
        fc.constantFrom(1, 60, 600),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 32, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (bits, elapsedS, busy, queue, beforeTop) => {
          const io = Math.max(1, Math.floor(elapsedS * 1000 * busy));
          const weighted = Math.floor(io * queue);
          // both time counters sat below 2^32 by a part of what the interval added: they wrap in it
          const top = (added: number): bigint => TWO_32 - 1n - BigInt(Math.floor((added - 1) * beforeTop));
          const disk = (reads: bigint, ioMs: bigint, weightedMs: bigint): Reading => ({
            subject: 'sda',
            gauges: {},
            identity: '7',
            info: { queue_depth: 64, max_request_sectors: 2560 },
            counters: {
              reads,
              writes: 0n,
              read_sectors: reads * 8n,
              write_sectors: 0n,
              read_ms: weightedMs % TWO_32,
              write_ms: 0n,
              io_ms: ioMs % TWO_32,
              weighted_io_ms: weightedMs % TWO_32,
            },
          });
          const [io0, weighted0] = [top(io), top(weighted)];
          const reads = BigInt(Math.max(1, Math.floor(io / 2)));
          const [fields] = derived(
            'disk',
            deriveDisk,
            [
              { elapsedS: 0, readings: [disk(1000n, io0, weighted0)] },
              { elapsedS, readings: [disk(1000n + reads, io0 + BigInt(io), weighted0 + BigInt(weighted))] },
            ],
            bits,
          );
          assertPhysical(fields!);
          expect(fields!.has('disk.sda.reset')).toBe(false);
          assertTrue('util_pct', fields!.get('disk.sda.util_pct'), (io / (elapsedS * 1000)) * 100);
          assertTrue('queue', fields!.get('disk.sda.queue'), weighted / (elapsedS * 1000));
        },
      ),
      fcOptions,
    );
  });
});

// ---------------------------------------------------------------- psi, mem, cgroup

/** A history of counters that only add up, with a restart here and there (the cgroup made anew, the machine's counters reset). */
const addingUp = (names: readonly string[], perSecondMax: (name: string) => number) =>
  fc
    .array(
      fc.record({
        elapsedS: interval,
        shares: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
          minLength: names.length,
          maxLength: names.length,
        }),
        restart: fc.boolean(),
      }),
      { minLength: 1, maxLength: 6 },
    )
    .map((intervals) => {
      let total: Record<string, bigint> = Object.fromEntries(names.map((n) => [n, 1_000_000n]));
      const totals = [total];
      const truths = intervals.map(({ elapsedS, shares, restart }) => {
        const d = Object.fromEntries(
          names.map((n, i) => [n, Math.floor((shares[i] ?? 0) * perSecondMax(n) * elapsedS)]),
        );
        total = Object.fromEntries(names.map((n) => [n, (restart ? 0n : (total[n] as bigint)) + BigInt(d[n] ?? 0)]));
        totals.push(total);
        return { d, restart };
      });
      /** the steps, each reading made from the counters' totals */
      const steps = (make: (c: Record<string, bigint>) => Reading[]): Step[] =>
        totals.map((c, i) => ({ elapsedS: i === 0 ? 0 : intervals[i - 1]!.elapsedS, readings: make(c) }));
      return { intervals, truths, steps };
    });

describe('psi, mem and cgroup over generated histories', () => {
  it('psi: a stall share within 0–100 and true, or the restart said', () => {
    const names = ['some_us', 'full_us'];
    fc.assert(
      fc.property(
        addingUp(names, () => 1e6),
        ({ intervals, truths, steps: made }) => {
          const steps = made((c) => [{ subject: 'io', gauges: {}, counters: c }]);
          derived('psi', derivePsi, steps, 64).forEach((fields, i) => {
            assertPhysical(fields);
            const { d, restart } = truths[i]!;
            if (restart) return;
            assertTrue(
              'psi.io.some_pct',
              fields.get('psi.io.some_pct'),
              ((d.some_us ?? 0) / (intervals[i]!.elapsedS * 1e6)) * 100,
            );
          });
        },
      ),
      fcOptions,
    );
  });

  it('mem: swap and fault rates true, OOM kills counted once', () => {
    const names = ['swap_in_bytes', 'swap_out_bytes', 'major_faults', 'oom_kills'];
    fc.assert(
      fc.property(
        addingUp(names, (n) => (n === 'oom_kills' ? 0.01 : 1e7)),
        ({ intervals, truths, steps: made }) => {
          const steps = made((c) => [{ gauges: { total_bytes: 1e9 }, counters: c }]);
          derived('mem', deriveMem, steps, 64).forEach((fields, i) => {
            assertPhysical(fields);
            const { d, restart } = truths[i]!;
            if (restart) return;
            assertTrue(
              'mem.major_faults_per_s',
              fields.get('mem.major_faults_per_s'),
              (d.major_faults ?? 0) / intervals[i]!.elapsedS,
            );
            assertTrue('mem.oom_kills_new', fields.get('mem.oom_kills_new'), d.oom_kills ?? 0);
          });
        },
      ),
      fcOptions,
    );
  });

  it('cgroup: its CPU share within 0–100 and true, its stall shares within 0–100', () => {
    const names = ['cpu_usage_us', 'read_bytes', 'write_bytes', 'cpu_some_us', 'memory_full_us'];
    fc.assert(
      fc.property(
        addingUp(names, (n) => (n === 'cpu_usage_us' ? 4e6 : n.endsWith('_us') ? 1e6 : 1e8)),
        ({ intervals, truths, steps: made }) => {
          const steps = made((c) => [{ subject: 'system.slice', gauges: { cpus: 4, memory_bytes: 1e8 }, counters: c }]);
          derived('cgroup', deriveCgroup, steps, 64).forEach((fields, i) => {
            assertPhysical(fields);
            const { d, restart } = truths[i]!;
            if (restart) return;
            assertTrue(
              'cgroup.system.slice.cpu_busy_pct',
              fields.get('cgroup.system.slice.cpu_busy_pct'),
              ((d.cpu_usage_us ?? 0) / (intervals[i]!.elapsedS * 4e6)) * 100,
            );
          });
        },
      ),
      fcOptions,
    );
  });
});

// the generators above must reach the faults they are for
describe('the generated histories', () => {
  it('reach wraps, resets and CPUs that restart', () => {
    const samples = fc.sample(fc.array(nicInterval, { minLength: 8, maxLength: 8 }), { numRuns: 50, seed: 1 });
    expect(samples.flat().some((i) => i.fault === 'zeroed')).toBe(true);
    expect(
      fc.sample(cpuInterval, { numRuns: 20, seed: 1 }).some((i) => i.cpus.some((c) => c.fault === 'restart')),
    ).toBe(true);
  });
});
