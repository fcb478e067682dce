import type { Field } from '../../core/sample';
import { fnv1a, subjectName } from '../../format/subject';
import { parseCpuInfo } from '../../sources/cpuinfo';
import { parseMeminfo } from '../../sources/meminfo';
import type { Sources } from '../../sources/read';
import type { EventModule } from '../../events/types';
import { STACKED_DEVICES } from '../../sources/diskstats';

const DAY_MS = 86_400_000;

/** The inventory's cursor: a hash of what was last written, when, and in which boot. */
interface InventoryCursor {
  readonly hash: string;
  readonly timeMs: number;
  readonly bootId: string;
}

/** inventory: see ./entry.ts for its keys, events and sources. */
export const inventory: EventModule = {
  collect: async ({ src, cursor, bootId, nowMs }) => {
    const fields = await readInventory(src);
    const hash = fnv1a(JSON.stringify(fields));
    const last = cursor as InventoryCursor | undefined;
    const why =
      last === undefined || last.bootId !== bootId
        ? 'boot'
        : last.hash !== hash
          ? 'changed'
          : nowMs - last.timeMs >= DAY_MS
            ? 'daily'
            : undefined;
    if (why === undefined) return { fields: [], events: [], cursor: last };
    return {
      fields: [['inventory.why', why], ...fields],
      events: [],
      cursor: { hash, timeMs: nowMs, bootId } satisfies InventoryCursor,
    };
  },
};

async function readInventory(src: Sources): Promise<Field[]> {
  const fields: Field[] = [];
  const put = (key: string, value: string | number | undefined): void => {
    if (value !== undefined && value !== '') fields.push([`inventory.${key}`, value]);
  };
  const deviceTree = (await src.attribute('proc/device-tree/model'))?.replace(/\0/g, '');
  const vendor = await src.attribute('sys/class/dmi/id/sys_vendor');
  const product = await src.attribute('sys/class/dmi/id/product_name');
  put('board', deviceTree ?? ([vendor, product].filter(Boolean).join(' ') || undefined));
  const cpuinfo = await src.maybeText('proc/cpuinfo');
  if (cpuinfo !== undefined) {
    const info = parseCpuInfo(cpuinfo);
    put('cpu_model', info.model);
    put('threads', info.cpus);
    put('cores', info.cores);
    put('sockets', info.sockets);
  }
  const meminfo = await src.maybeText('proc/meminfo');
  const memTotal = meminfo === undefined ? undefined : parseMeminfo(meminfo).get('MemTotal');
  if (memTotal !== undefined) put('mem_total_bytes', Number(memTotal));
  const osRelease = (await src.maybeText('etc/os-release')) ?? (await src.maybeText('usr/lib/os-release'));
  put('os', /^PRETTY_NAME=("?)(.*)\1$/m.exec(osRelease ?? '')?.[2]);
  put('kernel', await src.attribute('proc/sys/kernel/osrelease'));
  for (const nic of (await src.maybeList('sys/class/net')) ?? []) {
    if (src.fileId(`sys/class/net/${nic}/device`) === undefined) continue;
    const speed = await src.attribute(`sys/class/net/${nic}/speed`);
    if (speed !== undefined && /^\d+$/.test(speed)) put(`${subjectName(nic)}.speed_mbps`, Number(speed));
    put(`${subjectName(nic)}.duplex`, await src.attribute(`sys/class/net/${nic}/duplex`));
  }
  for (const disk of ((await src.maybeList('sys/block')) ?? []).filter((d) => !STACKED_DEVICES.test(d))) {
    const sectors = await src.attribute(`sys/block/${disk}/size`);
    if (sectors !== undefined && /^\d+$/.test(sectors)) put(`${subjectName(disk)}.size_bytes`, Number(sectors) * 512);
    // SD and eMMC cards name themselves in device/name
    put(
      `${subjectName(disk)}.model`,
      (await src.attribute(`sys/block/${disk}/device/model`)) ?? (await src.attribute(`sys/block/${disk}/device/name`)),
    );
    const rotational = await src.attribute(`sys/block/${disk}/queue/rotational`);
    if (rotational === '0' || rotational === '1') put(`${subjectName(disk)}.rotational`, Number(rotational));
  }
  return fields;
}
