import { SourceMissing } from '../../core/errors';
import { subjectName } from '../../format/subject';
import type { Sources } from '../../sources/read';
import type { Module } from '../types';
import { gaugesOnly } from '../../derive/types';

/** temp: see ./entry.ts for its keys, settings and sources. */
export const temp: Module = {
  read: async (src) => {
    const [zones, chips] = await Promise.all([thermalZones(src), hwmonSensors(src)]);
    if (zones === undefined && chips === undefined)
      throw new SourceMissing('/sys/class/thermal', 'neither /sys/class/thermal nor /sys/class/hwmon exists here');
    return [{ gauges: Object.fromEntries([...(zones ?? []), ...(chips ?? [])]), counters: {} }];
  },
  derive: gaugesOnly,
};

type Sensor = readonly [key: string, celsius: number];

async function celsius(src: Sources, rel: string): Promise<number | undefined> {
  const text = await src.attribute(rel);
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) / 1000 : undefined;
}

async function thermalZones(src: Sources): Promise<Sensor[] | undefined> {
  const names = await src.maybeList('sys/class/thermal');
  if (names === undefined) return undefined;
  const zones = await Promise.all(
    names
      .filter((n) => /^thermal_zone\d+$/.test(n))
      .map(async (dir) => ({
        number: dir.slice('thermal_zone'.length),
        type: subjectName((await src.attribute(`sys/class/thermal/${dir}/type`)) ?? dir),
        value: await celsius(src, `sys/class/thermal/${dir}/temp`),
      })),
  );
  const typeCount = countBy(zones.map((z) => z.type));
  return zones
    .filter((z) => z.value !== undefined)
    .map(
      (z): Sensor => [`${(typeCount.get(z.type) ?? 0) > 1 ? `${z.type}_${z.number}` : z.type}_c`, z.value as number],
    );
}

async function hwmonSensors(src: Sources): Promise<Sensor[] | undefined> {
  const dirs = await src.maybeList('sys/class/hwmon');
  if (dirs === undefined) return undefined;
  const chips = await Promise.all(
    dirs
      .filter((d) => /^hwmon\d+$/.test(d))
      .map(async (dir) => {
        const base = `sys/class/hwmon/${dir}`;
        const files = (await src.maybeList(base)) ?? [];
        const inputs = files.filter((f) => /^temp\d+_input$/.test(f));
        const sensors = await Promise.all(
          inputs.map(async (input) => {
            const n = input.slice(0, -'_input'.length);
            const label = await src.attribute(`${base}/${n}_label`);
            return { label: subjectName(label || n), value: await celsius(src, `${base}/${input}`) };
          }),
        );
        return { dir, name: subjectName((await src.attribute(`${base}/name`)) || dir), sensors };
      }),
  );
  const nameCount = countBy(chips.map((c) => c.name));
  return chips.flatMap((chip) => {
    const prefix = (nameCount.get(chip.name) ?? 0) > 1 ? `${chip.name}_${chip.dir}` : chip.name;
    return chip.sensors
      .filter((s) => s.value !== undefined)
      .map((s): Sensor => [`${prefix}_${s.label}_c`, s.value as number]);
  });
}

function countBy(items: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}
