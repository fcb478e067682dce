import { SourceMissing } from '../../core/errors';
import { subjectName } from '../../format/subject';
import { parseDcmiPower } from '../../sources/ipmi-power';
import type { Sources } from '../../sources/read';
import type { Module } from '../types';
import type { Settings } from './entry';
import type { Reading } from '../../core/reading';
import { derivePower } from './derive';

/** power: see ./entry.ts for its keys, settings and sources. */
export const power: Module<Settings> = {
  read: async (src, settings) => {
    const readings = [...(await rapl(src)), ...(await hwmon(src)), ...(await supplies(src))];
    if (settings.ipmi) {
      const out = await src.command('ipmitool', ['dcmi', 'power', 'reading']);
      if (out === undefined)
        readings.push({ subject: 'ipmi', gauges: {}, counters: {}, error: 'ipmitool is not installed' });
      else if (out.exitCode !== 0)
        readings.push({ subject: 'ipmi', gauges: {}, counters: {}, error: `ipmitool exited with ${out.exitCode}` });
      else readings.push({ subject: 'ipmi', gauges: { power_w: parseDcmiPower(out.stdout) }, counters: {} });
    }
    if (readings.length === 0)
      throw new SourceMissing('/sys/class/powercap', 'no RAPL, hwmon power sensor or power supply here');
    return readings;
  },
  derive: derivePower,
};

const whole = (text: string | undefined): number | undefined =>
  text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined;

async function rapl(src: Sources): Promise<Reading[]> {
  const zones = ((await src.maybeList('sys/class/powercap')) ?? []).filter((n) => /^intel-rapl:\d+(:\d+)?$/.test(n));
  const names = new Map<string, string>();
  for (const zone of zones) names.set(zone, (await src.attribute(`sys/class/powercap/${zone}/name`)) ?? zone);
  const readings: Reading[] = [];
  for (const zone of zones) {
    const [energy, range] = await Promise.all([
      src.attribute(`sys/class/powercap/${zone}/energy_uj`),
      src.attribute(`sys/class/powercap/${zone}/max_energy_range_uj`),
    ]);
    if (energy === undefined || !/^\d+$/.test(energy)) continue;
    const parent = zone.split(':').slice(0, 2).join(':');
    const name = parent === zone ? names.get(zone) : `${names.get(parent) ?? parent}_${names.get(zone)}`;
    const maxRange = whole(range);
    readings.push({
      subject: subjectName(`rapl_${name}`),
      gauges: {},
      counters: { energy_uj: BigInt(energy) },
      ...(maxRange === undefined ? {} : { info: { max_energy_range_uj: maxRange } }),
    });
  }
  return readings;
}

async function hwmon(src: Sources): Promise<Reading[]> {
  const readings: Reading[] = [];
  for (const chip of ((await src.maybeList('sys/class/hwmon')) ?? []).filter((n) => /^hwmon\d+$/.test(n))) {
    const files = (await src.maybeList(`sys/class/hwmon/${chip}`)) ?? [];
    const sensors = [...new Set(files.flatMap((f) => /^(power\d+)_(input|average)$/.exec(f)?.[1] ?? []))];
    if (sensors.length === 0) continue;
    const chipName = (await src.attribute(`sys/class/hwmon/${chip}/name`)) ?? chip;
    for (const sensor of sensors) {
      const microwatts =
        whole(await src.attribute(`sys/class/hwmon/${chip}/${sensor}_input`)) ??
        whole(await src.attribute(`sys/class/hwmon/${chip}/${sensor}_average`));
      if (microwatts === undefined) continue;
      const label = (await src.attribute(`sys/class/hwmon/${chip}/${sensor}_label`)) ?? sensor;
      readings.push({
        subject: subjectName(`${chipName}_${label}`),
        gauges: { power_w: microwatts / 1e6 },
        counters: {},
      });
    }
  }
  return readings;
}

async function supplies(src: Sources): Promise<Reading[]> {
  const readings: Reading[] = [];
  for (const supply of (await src.maybeList('sys/class/power_supply')) ?? []) {
    const at = (attr: string): Promise<string | undefined> => src.attribute(`sys/class/power_supply/${supply}/${attr}`);
    const type = await at('type');
    const gauges: Record<string, number> = {};
    if (type === 'Battery') {
      const [capacity, status, powerNow, currentNow, voltageNow] = await Promise.all([
        at('capacity'),
        at('status'),
        at('power_now'),
        at('current_now'),
        at('voltage_now'),
      ]);
      const watts =
        whole(powerNow) !== undefined
          ? whole(powerNow)! / 1e6
          : whole(currentNow) !== undefined && whole(voltageNow) !== undefined
            ? Math.abs(whole(currentNow)! * whole(voltageNow)!) / 1e12
            : undefined;
      if (watts !== undefined) gauges.power_w = watts;
      if (whole(capacity) !== undefined) gauges.capacity_pct = whole(capacity)!;
      if (status !== undefined) gauges.discharging = status === 'Discharging' ? 1 : 0;
    } else {
      const online = whole(await at('online'));
      if (online !== undefined) gauges.online = online;
    }
    if (Object.keys(gauges).length > 0) readings.push({ subject: subjectName(supply), gauges, counters: {} });
  }
  return readings;
}
