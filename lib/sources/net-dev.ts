import { ParseError } from '../core/errors';

/** One interface of /proc/net/dev: cumulative counters since the interface was registered. */
export interface NetDevRecord {
  readonly name: string;
  readonly rxBytes: bigint;
  readonly rxPackets: bigint;
  readonly rxErrors: bigint;
  readonly rxDropped: bigint;
  readonly txBytes: bigint;
  readonly txPackets: bigint;
  readonly txErrors: bigint;
  readonly txDropped: bigint;
}

export function parseNetDev(text: string): NetDevRecord[] {
  return text
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      // a long name and a big rx counter can touch ("veth9c1f2a0:4294967296"): split on the colon, not on spaces
      const colon = line.indexOf(':');
      const cols = line
        .slice(colon + 1)
        .trim()
        .split(/\s+/);
      if (colon < 1 || cols.length < 16 || !cols.every((c) => /^\d+$/.test(c)))
        throw new ParseError('/proc/net/dev', line, 'expected "name: 16 counters"');
      const [rxBytes, rxPackets, rxErrors, rxDropped, , , , , txBytes, txPackets, txErrors, txDropped] = cols.map(
        BigInt,
      ) as bigint[];
      return {
        name: line.slice(0, colon).trim(),
        rxBytes: rxBytes as bigint,
        rxPackets: rxPackets as bigint,
        rxErrors: rxErrors as bigint,
        rxDropped: rxDropped as bigint,
        txBytes: txBytes as bigint,
        txPackets: txPackets as bigint,
        txErrors: txErrors as bigint,
        txDropped: txDropped as bigint,
      };
    });
}
