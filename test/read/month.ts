import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeLines } from '../../lib/format/line';
import type { Field } from '../../lib/core/sample';

/** 2026-10-24T00:00:00Z: the month starts here, one sample every 600 s for 31 days. */
export const MONTH_START = 1_792_800_000;
export const SLOTS = 31 * 144;
/** slots that never ran: cron was stopped (run.missed=3 on the next sample) */
export const MISSED = [1000, 1001, 1002];
/** slots the machine was down for; the sample at REBOOT_AT is the first of the new boot */
export const DOWN = [2995, 2996, 2997, 2998, 2999];
export const REBOOT_AT = 3000;

export interface MonthSample {
  readonly slot: number;
  readonly xid: number;
  readonly fields: Field[];
}

/** Values anyone can recompute from the slot number alone. */
export const busyOf = (slot: number): number => ((slot * 37) % 100) + 0.25;
export const usedOf = (slot: number): number => 1_000_000_000 + (slot % 144) * 5_000_000;

/** The month of one host, pi7: every sample's fields, as `flightlog sample` would have written them. */
export function monthSamples(): MonthSample[] {
  const out: MonthSample[] = [];
  for (let slot = 0; slot < SLOTS; slot++) {
    if (MISSED.includes(slot) || DOWN.includes(slot)) continue;
    const xid = MONTH_START + slot * 600;
    const first = slot === 0 || slot === REBOOT_AT;
    const run: Field[] = [
      ['run.v', 1],
      ['run.version', '0.1.0'],
    ];
    if (!first) run.push(['run.interval_s', slot === 1003 ? 2400 : 600]);
    run.push(['run.first', first ? 1 : 0]);
    if (slot === REBOOT_AT) run.push(['run.boot', 'new']);
    else if (slot > 0) run.push(['run.boot', 'same']);
    if (!first) run.push(['run.missed', slot === 1003 ? 3 : 0]);
    run.push(['run.duration_ms', 50], ['run.errors', slot === 2000 ? 1 : 0]);
    const fields: Field[] = [...run];
    if (!first) fields.push(['cpu.busy_pct', busyOf(slot)]);
    fields.push(['mem.used_bytes', usedOf(slot)]);
    if (slot === 2000) fields.push(['disk.error', 'ParseError: /proc/diskstats: torn line']);
    out.push({ slot, xid, fields });
  }
  return out;
}

const stamp = (xid: number): string => `${new Date(xid * 1000).toISOString().replace('Z', '')}000+00:00`;

/** rsyslog's default file format, as /var/log/flightlog.log holds it. */
export function logLines(host: string, xid: number, fields: readonly Field[], pid = 4000): string[] {
  return encodeLines(xid, fields).map((line) => `${stamp(xid)} ${host} flightlog[${pid}]: ${line}`);
}

/**
 * Writes the month into `dir` as logrotate and rsyslog leave it: flightlog.log.4.gz … .2.gz (compressed),
 * flightlog.log.1 (plain, delaycompress) and flightlog.log, a week each (the current one holds the
 * rest). A sample is cut by the rotation between .1 and the current file; the current file also holds
 * another program's lines, junk, a torn line and a second host, pi8.
 */
export function writeMonth(dir: string): void {
  const lines = monthSamples().flatMap((s) => logLines('pi7', s.xid, s.fields));
  const perFile = Math.ceil(lines.length / 5);
  const parts = [0, 1, 2, 3, 4].map((i) => lines.slice(i * perFile, (i + 1) * perFile));
  const current = parts[4] as string[];
  const extra = [
    `${stamp(MONTH_START + 4000 * 600)} pi7 CRON[811]: (root) CMD (flightlog sample)`,
    `${stamp(MONTH_START + 4000 * 600)} pi7 kernel: [12345.6] xid=1 cpu.busy_pct=99`,
    '\u0000\u0001\u00ff binary junk \u00fe',
    `${stamp(MONTH_START + 4001 * 600)} pi7 flightlog[4000]: xid=${MONTH_START + 4001 * 600} note.text="cut in the mid`,
    ...logLines('pi8', MONTH_START + 4000 * 600, [
      ['run.v', 1],
      ['cpu.busy_pct', 5],
      ['note.text', 'xid=1 cpu.busy_pct=0'],
    ]),
    ...logLines('pi8', MONTH_START + 4001 * 600, [
      ['run.v', 1],
      ['cpu.busy_pct', 7],
    ]),
  ];
  current.splice(10, 0, ...extra);
  writeFileSync(join(dir, 'flightlog.log'), `${current.join('\n')}\n`);
  writeFileSync(join(dir, 'flightlog.log.1'), `${(parts[3] as string[]).join('\n')}\n`);
  for (const [i, n] of [
    [2, 2],
    [1, 3],
    [0, 4],
  ] as const)
    writeFileSync(join(dir, `flightlog.log.${n}.gz`), gzipSync(`${(parts[i] as string[]).join('\n')}\n`));
}
