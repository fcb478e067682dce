import { subjectName } from '../../format/subject';
import { parseNetDev } from '../../sources/net-dev';
import type { Module } from '../types';
import type { Settings } from './entry';
import type { Reading } from '../../core/reading';
import { deriveNet } from './derive';

/** net: see ./entry.ts for its keys, settings and sources. */
export const net: Module<Settings> = {
  read: async (src, settings) => {
    const exclude = settings.exclude;
    const nics = parseNetDev(await src.text('proc/net/dev')).filter((nic) => !exclude.test(nic.name));
    const readings = await Promise.all(
      nics.map(async (nic): Promise<Reading | undefined> => {
        const dir = `sys/class/net/${nic.name}`;
        const [operstate, speed, duplex, ifindex, type, mtu] = await Promise.all(
          ['operstate', 'speed', 'duplex', 'ifindex', 'type', 'mtu'].map((attr) => src.attribute(`${dir}/${attr}`)),
        );
        // an interface that is down and never carried a byte (ifb0, a spare port) would fill every sample with zeros
        const idle = [nic.rxBytes, nic.txBytes, nic.rxPackets, nic.txPackets].every((c) => c === 0n);
        if (operstate === 'down' && idle) return undefined;
        const gauges: Record<string, number> = {};
        if (operstate === 'up') gauges.up = 1;
        else if (operstate === 'down') gauges.up = 0;
        const info: Record<string, number> = {};
        const mbps = Number(speed);
        if (speed !== undefined && Number.isInteger(mbps) && mbps > 0) {
          info.speed_mbps = mbps;
          info.full_duplex = duplex === 'half' ? 0 : 1;
        }
        // the link type and MTU bound the bytes a packet can carry (./derive.ts)
        for (const [name, text] of [
          ['type', type],
          ['mtu', mtu],
        ] as const) {
          if (text !== undefined && /^\d+$/.test(text)) info[name] = Number(text);
        }
        return {
          subject: subjectName(nic.name),
          name: nic.name,
          gauges,
          counters: {
            rx_bytes: nic.rxBytes,
            tx_bytes: nic.txBytes,
            rx_packets: nic.rxPackets,
            tx_packets: nic.txPackets,
            rx_errors: nic.rxErrors,
            tx_errors: nic.txErrors,
            rx_dropped: nic.rxDropped,
            tx_dropped: nic.txDropped,
          },
          ...(ifindex === undefined ? {} : { identity: ifindex }),
          info,
        };
      }),
    );
    return readings.filter((r): r is Reading => r !== undefined);
  },
  derive: deriveNet,
};
