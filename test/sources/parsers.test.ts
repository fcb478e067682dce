import { describe, expect, it } from 'vitest';
import { ParseError } from '../../lib/core/errors';
import { pageSizeFromAuxv } from '../../lib/sources/auxv';
import { parseDiskstats } from '../../lib/sources/diskstats';
import { parseLoadAvg } from '../../lib/sources/loadavg';
import { parseMeminfo } from '../../lib/sources/meminfo';
import { parseMounts } from '../../lib/sources/mounts';
import { parseNetDev } from '../../lib/sources/net-dev';
import { parsePressure } from '../../lib/sources/pressure';
import { parseStat } from '../../lib/sources/stat';
import { parseUptime } from '../../lib/sources/uptime';
import { parseVmstat } from '../../lib/sources/vmstat';

describe('/proc/net/dev', () => {
  const header = 'Inter-|   Receive\n face |bytes    packets\n';
  it('reads a counter that touches the name', () => {
    expect(parseNetDev(`${header}veth9c1f2a0:4294967296 7 0 0 0 0 0 0 512 3 0 0 0 0 0 0\n`)[0]?.rxBytes).toBe(4_294_967_296n);
  });
  it('keeps u64 counters exact above 2^53', () => {
    expect(parseNetDev(`${header}eth0: 18446744073709551615 1 2 3 0 0 0 0 9 4 5 6 0 0 0 0\n`)[0]).toEqual({
      name: 'eth0', rxBytes: 18446744073709551615n, rxPackets: 1n, rxErrors: 2n, rxDropped: 3n, txBytes: 9n, txPackets: 4n, txErrors: 5n, txDropped: 6n,
    });
  });
  it.each([
    ['a short line', 'eth0: 1 2 3'],
    ['a missing colon', 'eth0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16'],
    ['a non-numeric field', 'eth0: 1 2 x 4 5 6 7 8 9 10 11 12 13 14 15 16'],
  ])('rejects %s', (_case, line) => expect(() => parseNetDev(header + line)).toThrow(ParseError));
});

describe('/proc/diskstats', () => {
  const head = '   8       0 sda';
  it.each([
    ['11 fields (before 4.18)', 11], ['15 fields (discards, 4.18)', 15], ['17 fields (flushes, 5.5)', 17], ['20 fields (a newer kernel)', 20],
  ])('reads %s', (_case, count) => {
    const fields = Array.from({ length: count }, (_, i) => String(i + 1)).join(' ');
    const [rec] = parseDiskstats(`${head} ${fields}\n`);
    expect(rec?.name).toBe('sda');
    expect(rec?.fields).toHaveLength(count);
    expect(rec?.fields[10]).toBe(11n);
  });
  it('reads the 4-field partition lines of 2.6 kernels', () => expect(parseDiskstats('   8       1 sda1 10 20 30 40\n')[0]?.fields).toEqual([10n, 20n, 30n, 40n]));
  it.each([
    ['7 fields', `${head} 1 2 3 4 5 6 7`],
    ['a non-numeric field', `${head} 1 2 3 4 5 6 7 8 9 x 11`],
    ['no name', '   8       0'],
  ])('rejects %s', (_case, line) => expect(() => parseDiskstats(line)).toThrow(ParseError));
});

describe('/proc/stat', () => {
  it('reads cpu lines of every length, the counters and btime', () => {
    const rec = parseStat('cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 1 2 3 4\ncpu12 1 2 3 4 5 6 7 8\nintr 99 1 2 3\nctxt 7\nbtime 1700000000\nprocesses 42\nprocs_running 3\nprocs_blocked 1\nsoftirq 5 1 1\n');
    expect(rec.cpu).toEqual({ user: 1n, nice: 2n, system: 3n, idle: 4n, iowait: 5n, irq: 6n, softirq: 7n, steal: 8n, guest: 9n, guestNice: 10n });
    expect(rec.cpus.get(0)).toEqual({ user: 1n, nice: 2n, system: 3n, idle: 4n });
    expect([...rec.cpus.keys()]).toEqual([0, 12]);
    expect([rec.intr, rec.ctxt, rec.processes, rec.procsRunning, rec.procsBlocked, rec.btime]).toEqual([99n, 7n, 42n, 3, 1, 1700000000]);
  });
  it.each([
    ['no aggregate cpu line', 'cpu0 1 2 3 4\n'],
    ['a cpu line with 3 fields', 'cpu 1 2 3\n'],
    ['a non-numeric tick', 'cpu 1 2 x 4\n'],
    ['a non-numeric ctxt', 'cpu 1 2 3 4\nctxt many\n'],
  ])('rejects %s', (_case, text) => expect(() => parseStat(text)).toThrow(ParseError));
});

describe('small files', () => {
  it('reads /proc/uptime', () => expect(parseUptime('12345.67 23456.78\n')).toBe(12345.67));
  it('rejects a torn /proc/uptime', () => expect(() => parseUptime('')).toThrow(ParseError));
  it('reads /proc/loadavg', () => expect(parseLoadAvg('0.27 0.10 0.03 1/79 2245\n')).toEqual({ load1: 0.27, load5: 0.1, load15: 0.03, threads: 79 }));
  it('rejects a torn /proc/loadavg', () => expect(() => parseLoadAvg('0.27 0.10\n')).toThrow(ParseError));
  it('reads /proc/meminfo in bytes, keeping unitless counts', () => {
    const m = parseMeminfo('MemTotal:       16314348 kB\nHugePages_Total:       4\nDirectMap4k(x):     12 kB\n');
    expect([m.get('MemTotal'), m.get('HugePages_Total'), m.get('DirectMap4k(x)')]).toEqual([16314348n * 1024n, 4n, 12288n]);
  });
  it('rejects a meminfo line in the wrong shape', () => expect(() => parseMeminfo('MemTotal: lots\n')).toThrow(ParseError));
  it('reads /proc/vmstat', () => expect(parseVmstat('pswpin 5\noom_kill 0\n').get('pswpin')).toBe(5n));
  it('rejects a vmstat line in the wrong shape', () => expect(() => parseVmstat('pswpin\n')).toThrow(ParseError));
});

describe('/proc/pressure', () => {
  it('reads some and full totals in µs', () => expect(parsePressure('some avg10=0.24 avg60=1.31 avg300=0.51 total=2066065\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=7\n', 'cpu'))
    .toEqual({ someUs: 2066065n, fullUs: 7n }));
  it('leaves full out when the kernel does not print it', () => expect(parsePressure('some avg10=0.00 avg60=0.00 avg300=0.00 total=1\n', 'cpu')).toEqual({ someUs: 1n }));
  it('rejects a line without total', () => expect(() => parsePressure('some avg10=0.00\n', 'cpu')).toThrow(ParseError));
});

describe('/proc/self/mounts', () => {
  it('decodes the octal escapes of mount points', () => {
    expect(parseMounts('/dev/sdb1 /srv/my\\040data xfs rw,relatime 0 0\n')[0]).toEqual({ device: '/dev/sdb1', mountPoint: '/srv/my data', type: 'xfs', options: ['rw', 'relatime'] });
  });
});

describe('/proc/self/auxv', () => {
  const pairs64 = (...words: number[]): Buffer => Buffer.concat(words.map((w) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(w)); return b; }));
  const pairs32 = (...words: number[]): Buffer => Buffer.concat(words.map((w) => { const b = Buffer.alloc(4); b.writeUInt32LE(w); return b; }));
  it('finds AT_PAGESZ in a 64-bit vector', () => expect(pageSizeFromAuxv(pairs64(33, 0x7ffd000, 6, 16384, 0, 0))).toBe(16384));
  it('finds AT_PAGESZ in a 32-bit vector', () => expect(pageSizeFromAuxv(pairs32(33, 0xbef000, 16, 0x1234, 6, 4096, 0, 0))).toBe(4096));
  it('gives nothing for an empty vector', () => expect(pageSizeFromAuxv(Buffer.alloc(0))).toBeUndefined());
});
