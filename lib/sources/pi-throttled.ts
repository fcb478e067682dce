import { ParseError } from '../core/errors';

/** The firmware's throttled word (raspberrypi firmware GET_THROTTLED): bit → name, now (0–3) and since boot (16–19). */
export const THROTTLE_BITS = [
  [0, 'under_voltage'],
  [1, 'freq_capped'],
  [2, 'throttled'],
  [3, 'soft_temp_limit'],
] as const;
export const SINCE_BOOT_SHIFT = 16;

/** "throttled=0x50005" (vcgencmd get_throttled) or "50005" (sysfs get_throttled, hex without 0x). */
export function parseThrottled(text: string, source: string): number {
  const m = /^(?:throttled=)?(?:0x)?([0-9a-f]+)$/i.exec(text.trim());
  if (m === null) throw new ParseError(source, text.trim(), 'expected a hex word such as throttled=0x50005');
  return parseInt(m[1] as string, 16);
}

/** "temp=48.3'C" (vcgencmd measure_temp) → 48.3. */
export function parseVcgencmdTemp(text: string): number | undefined {
  const m = /temp=(-?\d+(?:\.\d+)?)/.exec(text);
  return m === null ? undefined : Number(m[1]);
}

/** "frequency(48)=1500398464" (vcgencmd measure_clock arm) → 1500398464. */
export function parseVcgencmdClock(text: string): number | undefined {
  const m = /frequency\(\d+\)=(\d+)/.exec(text);
  return m === null ? undefined : Number(m[1]);
}
