import { describe, expect, it } from 'vitest';
import { ParseError } from '../../lib/core/errors';
import { parseNetDev } from '../../lib/sources/net-dev';

describe('/proc/net/dev', () => {
  const header = 'Inter-|   Receive\n face |bytes    packets\n';
  it('reads a counter that touches the name', () => {
    expect(parseNetDev(`${header}veth9c1f2a0:4294967296 7 0 0 0 0 0 0 512 3 0 0 0 0 0 0\n`)[0]?.rxBytes).toBe(
      4_294_967_296n,
    );
  });
  it('keeps u64 counters exact above 2^53', () => {
    expect(parseNetDev(`${header}eth0: 18446744073709551615 1 2 3 0 0 0 0 9 4 5 6 0 0 0 0\n`)[0]).toEqual({
      name: 'eth0',
      rxBytes: 18446744073709551615n,
      rxPackets: 1n,
      rxErrors: 2n,
      rxDropped: 3n,
      txBytes: 9n,
      txPackets: 4n,
      txErrors: 5n,
      txDropped: 6n,
    });
  });
  it.each([
    ['a short line', 'eth0: 1 2 3'],
    ['a missing colon', 'eth0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16'],
    ['a non-numeric field', 'eth0: 1 2 x 4 5 6 7 8 9 10 11 12 13 14 15 16'],
  ])('rejects %s', (_case, line) => expect(() => parseNetDev(header + line)).toThrow(ParseError));
});
