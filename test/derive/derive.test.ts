import { describe, expect, it } from 'vitest';
import { deriveCpu } from '../../lib/derive/cpu';
import type { Pair } from '../../lib/derive/delta';
import { deriveDisk } from '../../lib/derive/disk';
import { deriveModule } from '../../lib/derive/index';
import { deriveMem } from '../../lib/derive/mem';
import { deriveNet } from '../../lib/derive/net';
import type { Reading } from '../../lib/core/reading';

const nic = (rx: bigint, tx: bigint, extra: Partial<Reading> = {}): Reading => ({
  subject: 'eth0', gauges: {}, counters: { rx_bytes: rx, tx_bytes: tx, rx_packets: 0n, tx_packets: 0n, rx_errors: 0n, tx_errors: 0n, rx_dropped: 0n, tx_dropped: 0n }, ...extra,
});
const pair = (prev: Reading, curr: Reading, elapsedS = 10, kernelBits: 32 | 64 = 64): Pair => ({ prev, curr, elapsedS, kernelBits });
const field = (fields: readonly (readonly [string, number | string])[], name: string): number | string | undefined => fields.find(([k]) => k === name)?.[1];

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
    subject: 'sda', gauges: {},
    counters: { reads: 0n, writes: 0n, read_sectors: 0n, write_sectors: 0n, read_ms: 0n, write_ms: 0n, io_ms: 0n, weighted_io_ms: 0n, ...c } as Record<string, bigint>,
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
    expect(deriveDisk(dev({ reads: 1n }), pair(dev({ reads: 10n, writes: 5n }), dev({ reads: 1n }), 10, 32)).reset).toBe(true);
  });
  it('leaves await out when there was no I/O', () => {
    const curr = dev({ io_ms: 0n });
    const { fields } = deriveDisk(curr, pair(dev({}), curr));
    expect(field(fields, 'await_ms')).toBeUndefined();
    expect(field(fields, 'util_pct')).toBe(0);
  });
});

describe('cpu', () => {
  const ticks = (user: bigint, idle: bigint): Reading => ({ gauges: { count: 1 }, counters: { user, nice: 0n, system: 0n, idle } });
  it('leaves the shares out when no tick passed', () => {
    const { fields, reset } = deriveCpu(ticks(5n, 5n), pair(ticks(5n, 5n), ticks(5n, 5n)));
    expect(reset).toBe(false);
    expect(fields).toEqual([['count', 1]]);
  });
  it('calls a tick total that steps back a reset', () => {
    expect(deriveCpu(ticks(1n, 1n), pair(ticks(5n, 5n), ticks(1n, 1n))).reset).toBe(true);
  });
});

describe('mem', () => {
  it('writes no oom count and no rates when a vmstat counter stepped back', () => {
    const r = (n: bigint): Reading => ({ gauges: { total_bytes: 1 }, counters: { swap_in_bytes: n, swap_out_bytes: 0n, major_faults: 0n, oom_kills: n } });
    expect(deriveMem(r(1n), pair(r(5n), r(1n)))).toEqual({ fields: [['total_bytes', 1]], reset: true });
  });
});

describe('deriveModule', () => {
  const ctx = { uptimeS: 110, kernelBits: 64 as const, withRates: true };
  it('marks a module that had no baseline as new, once', () => {
    expect(deriveModule('net', deriveNet, [nic(1n, 1n)], undefined, ctx)).toEqual([['net.new', 1]]);
  });
  it('writes nothing but gauges on a baseline-only run', () => {
    expect(deriveModule('net', deriveNet, [nic(1n, 1n, { gauges: { up: 1 } })], undefined, { ...ctx, withRates: false })).toEqual([['net.eth0.up', 1]]);
  });
  it('divides by the module\'s own elapsed time: a module that failed last run covers the whole gap', () => {
    const baseline = { uptimeS: 10, subjects: new Map([['eth0', { counters: nic(0n, 0n).counters }]]) };
    expect(field(deriveModule('net', deriveNet, [nic(1000n, 0n)], baseline, ctx), 'net.eth0.rx_bytes_per_s')).toBe(10);
  });
});
