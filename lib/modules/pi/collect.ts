import { SourceMissing } from '../../core/errors';
import type { Field } from '../../core/sample';
import {
  parseThrottled,
  parseVcgencmdClock,
  parseVcgencmdTemp,
  SINCE_BOOT_SHIFT,
  THROTTLE_BITS,
} from '../../sources/pi-throttled';
import type { Sources } from '../../sources/read';
import type { EventModule } from '../../events/types';

const SYSFS_THROTTLED = 'sys/devices/platform/soc/soc:firmware/get_throttled';

/** The pi module's cursor: the throttled word of the last run, and its boot. The boot module reads it too. */
export interface PiCursor {
  readonly flags: number;
  readonly bootId: string;
}

/** pi: see ./entry.ts for its keys, events and sources. */
export const pi: EventModule = {
  collect: async ({ src, cursor, bootId, sameBoot }) => {
    const model = (await src.attribute('proc/device-tree/model'))?.replace(/\0/g, '');
    if (model === undefined || !model.startsWith('Raspberry Pi'))
      throw new SourceMissing('/proc/device-tree/model', 'not a Raspberry Pi');
    const flags = await throttledWord(src);
    const fields: Field[] = [];
    const events: Field[][] = [];
    if (flags !== undefined) {
      for (const [bit, name] of THROTTLE_BITS) fields.push([`pi.${name}`, (flags >> bit) & 1]);
      for (const [bit, name] of THROTTLE_BITS)
        fields.push([`pi.${name}_since_boot`, (flags >> (bit + SINCE_BOOT_SHIFT)) & 1]);
      const last = cursor as PiCursor | undefined;
      if (sameBoot && last !== undefined && last.bootId === bootId && last.flags !== flags) {
        events.push([
          ['event', 'pi_power'],
          ['flags', hex(flags)],
          ['was', hex(last.flags)],
          ...THROTTLE_BITS.map(([bit, name]): Field => [name, (flags >> bit) & 1]),
        ]);
      }
    }
    const alarm = await undervoltageAlarm(src);
    if (alarm !== undefined) fields.push(['pi.undervoltage_alarm', alarm]);
    const soc = await socCelsius(src);
    if (soc !== undefined) fields.push(['pi.soc_c', soc]);
    const arm = await armHz(src);
    if (arm !== undefined) fields.push(['pi.arm_hz', arm]);
    return { fields, events, ...(flags === undefined ? {} : { cursor: { flags, bootId } satisfies PiCursor }) };
  },
};

const hex = (n: number): string => `0x${n.toString(16)}`;

async function throttledWord(src: Sources): Promise<number | undefined> {
  const sysfs = await src.attribute(SYSFS_THROTTLED);
  if (sysfs !== undefined) return parseThrottled(sysfs, `/${SYSFS_THROTTLED}`);
  const out = await src.command('vcgencmd', ['get_throttled']);
  return out === undefined || out.exitCode !== 0 ? undefined : parseThrottled(out.stdout, 'vcgencmd get_throttled');
}

async function undervoltageAlarm(src: Sources): Promise<number | undefined> {
  for (const chip of (await src.maybeList('sys/class/hwmon')) ?? []) {
    if ((await src.attribute(`sys/class/hwmon/${chip}/name`)) !== 'rpi_volt') continue;
    const alarm = await src.attribute(`sys/class/hwmon/${chip}/in0_lcrit_alarm`);
    if (alarm === '0' || alarm === '1') return Number(alarm);
  }
  return undefined;
}

async function socCelsius(src: Sources): Promise<number | undefined> {
  const milli = await src.attribute('sys/class/thermal/thermal_zone0/temp');
  if (milli !== undefined && /^-?\d+$/.test(milli)) return Number(milli) / 1000;
  const out = await src.command('vcgencmd', ['measure_temp']);
  return out === undefined ? undefined : parseVcgencmdTemp(out.stdout);
}

async function armHz(src: Sources): Promise<number | undefined> {
  const khz = await src.attribute('sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq');
  if (khz !== undefined && /^\d+$/.test(khz)) return Number(khz) * 1000;
  const out = await src.command('vcgencmd', ['measure_clock', 'arm']);
  return out === undefined ? undefined : parseVcgencmdClock(out.stdout);
}
