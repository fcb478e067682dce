import { ParseError } from '../core/errors';

export interface PingSummary {
  readonly lossPct: number;
  /** absent when no reply came back */
  readonly rttAvgMs?: number;
  readonly rttMaxMs?: number;
}

/**
 * The summary of `ping -q` (iputils: "3 packets transmitted, 2 received, 33.3333% packet loss" and
 * "rtt min/avg/max/mdev = 0.030/0.041/0.055/0.010 ms"; busybox: "round-trip min/avg/max = …").
 */
export function parsePing(text: string): PingSummary {
  const loss = /(\d+(?:\.\d+)?)% packet loss/.exec(text);
  if (loss === null) throw new ParseError('ping', text.trim().split('\n').pop() ?? '', 'expected "N% packet loss"');
  const rtt = /(?:rtt|round-trip) min\/avg\/max(?:\/mdev)? = [\d.]+\/([\d.]+)\/([\d.]+)/.exec(text);
  return rtt === null
    ? { lossPct: Number(loss[1]) }
    : { lossPct: Number(loss[1]), rttAvgMs: Number(rtt[1]), rttMaxMs: Number(rtt[2]) };
}
