import { createRequire } from 'node:module';
import type * as Net from 'node:net';
import { subjectName } from '../../format/subject';
import { monotonicMs } from '../../core/clock';
import { parsePing } from '../../sources/ping';
import type { Sources } from '../../sources/read';
import type { Module } from '../types';
import type { Settings } from './entry';
import type { Reading } from '../../core/reading';
import { gaugesOnly } from '../../derive/types';

const PINGS = 3;

/** net_check: see ./entry.ts for its keys, settings and sources. */
export const netCheck: Module<Settings> = {
  read: async (src, settings) => {
    const timeoutS = settings.timeout;
    return Promise.all([
      ...(settings.ping ?? []).map((host) => pingCheck(src, host, timeoutS)),
      ...(settings.tcp ?? []).map((target) => tcpCheck(target, timeoutS)),
    ]);
  },
  derive: gaugesOnly,
};

async function pingCheck(src: Sources, host: string, timeoutS: number): Promise<Reading> {
  const subject = subjectName(`ping_${host}`);
  const wait = String(Math.max(1, Math.round(timeoutS)));
  const out = await src.command(
    'ping',
    ['-n', '-q', '-c', String(PINGS), '-i', '0.2', '-W', wait, '-w', String(Number(wait) + 1), '--', host],
    (timeoutS + 2) * 1000,
  );
  if (out === undefined) return { subject, gauges: {}, counters: {}, error: 'ping is not installed' };
  // exit 1: no reply (the summary still says so); 2: another error (an unknown host), with no summary
  if (!out.stdout.includes('packet loss'))
    return { subject, gauges: {}, counters: {}, error: `ping exited with ${out.exitCode} and no summary` };
  const summary = parsePing(out.stdout);
  const gauges: Record<string, number> = { loss_pct: summary.lossPct };
  if (summary.rttAvgMs !== undefined) gauges.rtt_ms = summary.rttAvgMs;
  if (summary.rttMaxMs !== undefined) gauges.rtt_max_ms = summary.rttMaxMs;
  gauges.ok = summary.lossPct < 100 ? 1 : 0;
  return { subject, gauges, counters: {} };
}

/** "host:port" or "[v6]:port" → host and port. */
export function splitTarget(target: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target);
  if (m === null) throw new Error(`tcp target ${JSON.stringify(target)} is not host:port`);
  return { host: m[1] as string, port: Number(m[2]) };
}

function tcpCheck(target: string, timeoutS: number): Promise<Reading> {
  // loaded here: node:net costs every run a few milliseconds, and only a configured check needs it
  const { connect } = createRequire(__filename)('node:net') as typeof Net;
  const { host, port } = splitTarget(target);
  const subject = subjectName(`tcp_${host}_${port}`);
  const start = monotonicMs();
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (gauges: Record<string, number>): void => {
      socket.destroy();
      resolve({ subject, gauges, counters: {} });
    };
    socket.setTimeout(timeoutS * 1000, () => done({ ok: 0 }));
    socket.once('connect', () => done({ connect_ms: monotonicMs() - start, ok: 1 }));
    socket.once('error', () => done({ ok: 0 }));
  });
}
