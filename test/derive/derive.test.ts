import { describe, expect, it } from 'vitest';
import { deriveCpu } from '../../lib/modules/cpu/derive';
import type { Pair } from '../../lib/derive/delta';
import { deriveDisk } from '../../lib/modules/disk/derive';
import { deriveModule } from '../../lib/derive/index';
import { deriveMem } from '../../lib/modules/mem/derive';
import { deriveNet } from '../../lib/modules/net/derive';
import type { Reading } from '../../lib/core/reading';

const nic = (rx: bigint, tx: bigint, extra: Partial<Reading> = {}): Reading => ({
  subject: 'eth0',
  gauges: {},
  counters: {
    rx_bytes: rx,
    tx_bytes: tx,
    rx_packets: 0n,
    tx_packets: 0n,
    rx_errors: 0n,
    tx_errors: 0n,
    rx_dropped: 0n,
    tx_dropped: 0n,
  },
  ...extra,
});
const pair = (prev: Reading, curr: Reading, elapsedS = 10, kernelBits: 32 | 64 = 64): Pair => ({
  prev,
  curr,
  elapsedS,
  kernelBits,
});
const field = (fields: readonly (readonly [string, number | string])[], name: string): number | string | undefined =>
  fields.find(([k]) => k === name)?.[1];

describe('net', () => {
  it('adds rx and tx on a half-duplex link', () => {
    // 12.5 MB in 10 s each way = 1.25 MB/s = 10 Mb/s each way; half duplex at 100 Mb/s: (10 + 10) / 100 = 20 %
    const curr = nic(12_500_000n, 12_500_000n, { info: { speed_mbps: 100, full_duplex: 0 } });
    expect(field(deriveNet(curr, pair(nic(0n, 0n), curr)).fields, 'util_pct')).toBe(20);
  });
  it('takes the busier direction on a full-duplex link', () => {
    const curr = nic(12_500_000n, 2_500_000n, { info: { speed_mbps: 100, full_duplex: 1 } });
    expect(field(deriveNet(curr, pair(nic(0n, 0n), curr)).fields, 'util_pct')).toBe(10);
  });
  it('writes no utilisation without a known speed', () => {
    const curr = nic(100n, 100n);
    expect(field(deriveNet(curr, pair(nic(0n, 0n), curr)).fields, 'util_pct')).toBeUndefined();
  });
  it('calls a step back on a 64-bit kernel a reset, never a wrap', () => {
    const curr = nic(500_000n, 10n);
    expect(deriveNet(curr, pair(nic(4_294_000_000n, 0n), curr)).reset).toBe(true);
  });
  it('calls a step back from above 2^32 a reset even on a 32-bit kernel', () => {
    const curr = nic(500_000n, 10n);
    expect(deriveNet(curr, pair(nic(5_000_000_000n, 0n), curr, 10, 32)).reset).toBe(true);
  });
});

describe('disk', () => {
  const dev = (c: Partial<Record<string, bigint>>): Reading => ({
    subject: 'sda',
    gauges: {},
    counters: {
      reads: 0n,
      writes: 0n,
      read_sectors: 0n,
      write_sectors: 0n,
      read_ms: 0n,
      write_ms: 0n,
      io_ms: 0n,
      weighted_io_ms: 0n,
      ...c,
    } as Record<string, bigint>,
  });
  it('on a 32-bit kernel, counts a wrapping sector count while reads go up', () => {
    const prev = dev({ reads: 10n, read_sectors: 4_294_967_000n });
    const curr = dev({ reads: 20n, read_sectors: 704n, io_ms: 1000n });
    // 704 + 2^32 − 4294967000 = 1000 sectors = 512000 bytes in 10 s
    const { fields, reset } = deriveDisk(curr, pair(prev, curr, 10, 32));
    expect(reset).toBe(false);
    expect(field(fields, 'read_bytes_per_s')).toBe(51200);
  });
  it('on a 32-bit kernel, calls every count stepping back a reset', () => {
    expect(
      deriveDisk(dev({ reads: 1n }), pair(dev({ reads: 10n, writes: 5n }), dev({ reads: 1n }), 10, 32)).reset,
    ).toBe(true);
  });
  it('leaves await out when there was no I/O', () => {
    const curr = dev({ io_ms: 0n });
    const { fields } = deriveDisk(curr, pair(dev({}), curr));
    expect(field(fields, 'await_ms')).toBeUndefined();
    expect(field(fields, 'util_pct')).toBe(0);
  });
});

/** Each case of a wrap that cannot have happened, built from a true history, the values worked out by hand. */
describe('one plausibility model: wraps that cannot have happened are resets', () => {
  const TWO_32 = 2n ** 32n;
  const nic32 = (rxBytes: bigint, rxPackets: bigint, info: Record<string, number> = {}): Reading => ({
    subject: 'wlan0',
    gauges: {},
    info,
    counters: {
      rx_bytes: rxBytes,
      tx_bytes: 0n,
      rx_packets: rxPackets,
      tx_packets: 0n,
      rx_errors: 0n,
      tx_errors: 0n,
      rx_dropped: 0n,
      tx_dropped: 0n,
    },
  });
  const dev = (c: Record<string, bigint>): Reading => ({ subject: 'sda', gauges: {}, counters: c });
  const disk = (
    reads: bigint,
    writes: bigint,
    rs: bigint,
    ws: bigint,
    rms: bigint,
    wms: bigint,
    io: bigint,
    weighted: bigint,
  ): Reading =>
    dev({
      reads,
      writes,
      read_sectors: rs,
      write_sectors: ws,
      read_ms: rms,
      write_ms: wms,
      io_ms: io,
      weighted_io_ms: weighted,
    });

  it('a 32-bit Wi-Fi NIC without a speed whose driver zeroed its counters', () => {
    // as wraps: 2^32 − 3e9 + 1000 = 1294968296 bytes over 2^32 − 4e6 + 10 = 4290967306 packets: 0.3 bytes a packet
    const curr = nic32(1000n, 10n);
    expect(deriveNet(curr, pair(nic32(3_000_000_000n, 4_000_000n), curr, 600, 32)).reset).toBe(true);
  });
  it('a wrap that means 39.5 bytes a packet, below any Ethernet frame', () => {
    // 2^32 − 4294000000 + 1000000 = 1967296 bytes over 49806 packets = 39.499 bytes each
    const curr = nic32(1_000_000n, 50_806n);
    expect(deriveNet(curr, pair(nic32(4_294_000_000n, 1000n), curr, 600, 32)).reset).toBe(true);
  });
  it('a 90-day gap on a 32-bit kernel over which the bytes wrapped about 90 times', () => {
    // truly 50000 B/s for 7776000 s = 388800000000 bytes (90.5 wraps) in 500-byte packets: 777600000 packets, no wrap
    const t = 7_776_000;
    const bytes = 1_000_000_000n + 388_800_000_000n;
    const curr = nic32(bytes % TWO_32, 777_700_000n, { speed_mbps: 1000 });
    expect(deriveNet(curr, pair(nic32(1_000_000_000n, 100_000n, { speed_mbps: 1000 }), curr, t, 32)).reset).toBe(true);
  });
  it('keeps a 32-bit link busy under 10 minutes at 1 Gb/s: one reading, no wrap it could be mistaken for', () => {
    // 1e8 bytes in 1e5 packets (1000 bytes each) in 600 s; one more wrap would mean 43949 bytes a packet on a 1500-byte MTU… a
    // size GRO reaches, but then the packets would have had to carry 2^32 more bytes: judged only where a wrap was seen
    const curr = nic32(1_100_000_000n, 1_100_000n, { speed_mbps: 1000, type: 1, mtu: 1500 });
    const { fields, reset } = deriveNet(
      curr,
      pair(nic32(1_000_000_000n, 1_000_000n, { speed_mbps: 1000, type: 1, mtu: 1500 }), curr, 600, 32),
    );
    expect(reset).toBe(false);
    expect(field(fields, 'rx_bytes_per_s')).toBeCloseTo(166_666.67, 2);
  });
  it('a re-plugged USB disk whose io_ms happened to grow (x86_64)', () => {
    // read_ms 3000 → 2900 and weighted 5000 → 4000 taken as wraps: 4294967196 ms of reads over 7400 I/Os (await 580401 ms)
    // and a queue of 4294966296 / 600000 = 7158 while busy 480 ms (0.08 %): more than the device holds at once
    const prev = disk(10_000n, 2000n, 80_000n, 16_000n, 3000n, 1000n, 10_000n, 5000n);
    const curr = disk(16_000n, 3400n, 128_000n, 27_200n, 2900n, 1000n, 10_480n, 4000n);
    expect(deriveDisk(curr, pair(prev, curr, 600, 64)).reset).toBe(true);
  });
  it('a re-plugged disk on a 32-bit kernel whose writes stepped back while its reads went up', () => {
    // writes 5000 → 1000 as a wrap: 2^32 − 4000 writes in 600 s = 7158272 a second, of 8000 sectors between them
    const prev = disk(2000n, 5000n, 16_000n, 40_000n, 1000n, 2000n, 3000n, 3000n);
    const curr = disk(2500n, 1000n, 20_000n, 48_000n, 1200n, 2400n, 3600n, 3600n);
    expect(deriveDisk(curr, pair(prev, curr, 600, 32)).reset).toBe(true);
  });
  it('keeps a weighted_io_ms wrap over an hour (found by the property tests): one more wrap would need 1193 requests in flight', () => {
    // 4256827087 + 38140209 = 2^32: the counter reads 0. One wrap: 38140209 ms of requests in 3599999 ms busy, a
    // queue of 10.59. Two: 4333107505 ms, 1204 requests held all hour, past the 256 a device of unknown depth holds
    const prev = disk(0n, 0n, 0n, 0n, 0n, 0n, 0n, 4_256_827_087n);
    const curr = disk(0n, 1n, 0n, 1n, 0n, 38_140_209n, 3_599_999n, 0n);
    const { fields, reset } = deriveDisk(curr, pair(prev, curr, 3600, 64));
    expect(reset).toBe(false);
    expect(field(fields, 'queue')).toBeCloseTo(38_140_209 / 3_600_000, 9);
  });
  it('a sectors counter that wrapped twice where once would fit too', () => {
    // truly 8e9 sectors (327680 B/s over 12500000 s) in 1e8 reads: 1e9 → 9e9 − 2·2^32 = 410065408, a step back.
    // One wrap: 3705032704 sectors, 37 a read; two wraps: 8e9, 80 a read: both possible, so neither is written
    const prev = dev({ reads: 500_000_000n, writes: 0n, read_sectors: 1_000_000_000n, write_sectors: 0n });
    const curr = dev({
      reads: 600_000_000n,
      writes: 0n,
      read_sectors: 9_000_000_000n - 2n * TWO_32,
      write_sectors: 0n,
    });
    expect(deriveDisk(curr, pair(prev, curr, 12_500_000, 32)).reset).toBe(true);
  });
});

describe('cpu', () => {
  const ticks = (user: bigint, idle: bigint): Reading => ({
    gauges: { count: 1 },
    counters: { user, nice: 0n, system: 0n, idle },
  });
  it('leaves the shares out when no tick passed', () => {
    const { fields, reset } = deriveCpu(ticks(5n, 5n), pair(ticks(5n, 5n), ticks(5n, 5n)));
    expect(reset).toBe(false);
    expect(fields).toEqual([['count', 1]]);
  });
});

/** sysstat's per-CPU rule (rd_stats.c get_per_cpu_interval), values worked out by hand as sar -u ALL shows them. */
describe('cpu: a CPU that restarted', () => {
  const FIELDS = [
    'user',
    'nice',
    'system',
    'idle',
    'iowait',
    'irq',
    'softirq',
    'steal',
    'guest',
    'guest_nice',
  ] as const;
  const cpu = (subject: string | undefined, ...v: bigint[]): Reading => ({
    ...(subject === undefined ? {} : { subject }),
    gauges: subject === undefined ? { count: 2 } : {},
    counters: Object.fromEntries(FIELDS.map((f, i) => [f, v[i] ?? 0n])),
  });
  const pct = (r: Reading, p: Pair, parts?: Parameters<typeof deriveCpu>[2]): Record<string, number | string> =>
    Object.fromEntries(
      deriveCpu(r, p, parts).fields.map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 100) / 100 : v]),
    );

  it('counts idle that stepped back from zero, and user, nice and system as they went on', () => {
    // cpu1 2000000 0 1000000 6800000 → 2001200 0 1000600 4200: Δuser 1200, Δsystem 600, idle from zero 4200 of 6000 ticks
    const prev = cpu('1', 2_000_000n, 0n, 1_000_000n, 6_800_000n);
    const curr = cpu('1', 2_001_200n, 0n, 1_000_600n, 4200n);
    expect(pct(curr, pair(prev, curr, 60))).toEqual({ busy_pct: 30 });
  });
  it('counts iowait that stepped back 0 while idle rose, from zero while idle restarted too', () => {
    const b = (idle: bigint, iowait: bigint, user: bigint): Reading => cpu(undefined, user, 0n, 0n, idle, iowait);
    // idle 1000 → 1100, iowait 500 → 480, user +20: iowait counts 0; 20 + 100 = 120 ticks
    expect(pct(b(1100n, 480n, 120n), pair(b(1000n, 500n, 100n), b(1100n, 480n, 120n)))).toMatchObject({
      busy_pct: 16.67,
      user_pct: 16.67,
      iowait_pct: 0,
      idle_pct: 83.33,
    });
    // idle 1000 → 40, iowait 500 → 10, user +50 (a resume): both from zero; 50 + 40 + 10 = 100 ticks
    expect(pct(b(40n, 10n, 150n), pair(b(1000n, 500n, 100n), b(40n, 10n, 150n)))).toMatchObject({
      busy_pct: 50,
      user_pct: 50,
      iowait_pct: 10,
      idle_pct: 40,
    });
  });
  it('cannot see the iowait of a restart that grew past its old value (found by the property tests; sar prints the same)', () => {
    // restarted at the start of 3600 s: idle 90000 → 0 (from zero), iowait 500 → 180000 did not step back, so it
    // counts 179500; steal Δ180000. Interval 359500 ticks: iowait 49.93 %, busy 50.07 % (truly 50 %)
    const prev = cpu('2', 5000n, 100n, 2000n, 90_000n, 500n, 10n, 20n, 0n);
    const curr = cpu('2', 5000n, 100n, 2000n, 0n, 180_000n, 10n, 20n, 180_000n);
    expect(pct(curr, pair(prev, curr, 3600))).toEqual({ busy_pct: 50.07 });
  });
  it('shifts the interval when guest outgrew user, as ishift does', () => {
    // user 100 → 110 with guest 50 → 70: user − guest 50 → 40 steps back by 10, counted 0 and added back to the
    // interval: Δuser 10 + Δidle 90 + 10 = 110 ticks; guest Δ20 = 18.18 %, idle 90 = 81.82 %
    const prev = cpu(undefined, 100n, 0n, 0n, 1000n, 0n, 0n, 0n, 0n, 50n);
    const curr = cpu(undefined, 110n, 0n, 0n, 1090n, 0n, 0n, 0n, 0n, 70n);
    expect(pct(curr, pair(prev, curr))).toMatchObject({
      busy_pct: 18.18,
      user_pct: 0,
      guest_pct: 18.18,
      idle_pct: 81.82,
    });
  });
  it('rebuilds the whole from each CPU when one restarted: never a reset, never its since-boot time', () => {
    // cpu0 1000000 0 500000 9000000 → 1001300 0 500550 9004150: 6000 ticks, idle 4150
    // cpu1 as above: 6000 ticks, idle from zero 4200. Whole: 12000 ticks, idle 8350 = 69.58 %, busy 30.42 %;
    // user Σ 3000000 → 3002500 = 2500 (20.83 %), system 1500000 → 1501150 = 1150 (9.58 %)
    const p0 = cpu('0', 1_000_000n, 0n, 500_000n, 9_000_000n);
    const c0 = cpu('0', 1_001_300n, 0n, 500_550n, 9_004_150n);
    const p1 = cpu('1', 2_000_000n, 0n, 1_000_000n, 6_800_000n);
    const c1 = cpu('1', 2_001_200n, 0n, 1_000_600n, 4200n);
    const prevAll = cpu(undefined, 3_000_000n, 0n, 1_500_000n, 15_800_000n);
    const currAll = cpu(undefined, 3_002_500n, 0n, 1_501_150n, 9_008_350n);
    const parts = () => [
      { curr: c0, pair: pair(p0, c0, 60) },
      { curr: c1, pair: pair(p1, c1, 60) },
    ];
    const { reset } = deriveCpu(currAll, pair(prevAll, currAll, 60), parts);
    expect(reset).toBe(false);
    expect(pct(currAll, pair(prevAll, currAll, 60), parts)).toMatchObject({
      busy_pct: 30.42,
      user_pct: 20.83,
      system_pct: 9.58,
      idle_pct: 69.58,
    });
  });
});

describe('mem', () => {
  it('writes no oom count and no rates when a vmstat counter stepped back', () => {
    const r = (n: bigint): Reading => ({
      gauges: { total_bytes: 1 },
      counters: { swap_in_bytes: n, swap_out_bytes: 0n, major_faults: 0n, oom_kills: n },
    });
    expect(deriveMem(r(1n), pair(r(5n), r(1n)))).toEqual({ fields: [['total_bytes', 1]], reset: true });
  });
});

describe('deriveModule', () => {
  const ctx = { uptimeS: 110, kernelBits: 64 as const, withRates: true };
  it('marks a module that had no baseline as new, once', () => {
    expect(deriveModule('net', deriveNet, [nic(1n, 1n)], undefined, ctx)).toEqual([['net.new', 1]]);
  });
  it('writes nothing but gauges on a baseline-only run', () => {
    expect(
      deriveModule('net', deriveNet, [nic(1n, 1n, { gauges: { up: 1 } })], undefined, { ...ctx, withRates: false }),
    ).toEqual([['net.eth0.up', 1]]);
  });
  it("divides by the module's own elapsed time: a module that failed last run covers the whole gap", () => {
    const baseline = { uptimeS: 10, subjects: new Map([['eth0', { counters: nic(0n, 0n).counters }]]) };
    expect(field(deriveModule('net', deriveNet, [nic(1000n, 0n)], baseline, ctx), 'net.eth0.rx_bytes_per_s')).toBe(10);
  });
});
