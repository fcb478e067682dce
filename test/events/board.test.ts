import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inventory } from '../../lib/modules/inventory/collect';
import { pi } from '../../lib/modules/pi/collect';
import type { EventContext } from '../../lib/events/types';
import { runSample } from '../../lib/sample/run';
import { Sources } from '../../lib/sources/read';
import { parseCpuInfo } from '../../lib/sources/cpuinfo';
import { parseThrottled } from '../../lib/sources/pi-throttled';
import { ParseError } from '../../lib/core/errors';
import { fixtureRoot, linesOf, memoryOutput, recorded, tempDir, testConfig } from '../helpers';

const XID = 1_763_886_000;
let cleanup = (): void => {};
afterEach(() => cleanup());

async function samplePi(dir: string, step: string, nowS = XID) {
  const out = memoryOutput();
  await runSample({
    config: testConfig(dir),
    root: fixtureRoot('pi', step),
    outputs: [out],
    version: '0',
    now: () => nowS * 1000,
    elapsedMs: () => 1,
    warn: () => {},
    modules: [],
    eventModules: ['inventory', 'pi'],
    run: recorded({}),
  });
  return linesOf(out.samples[0]!)
    .slice(1)
    .map((l) => l.replace(/^xid=\d+ /, ''));
}

/*
 * The pi fixture (see its SOURCE). t0: throttled word 0 → every flag 0; rpi_volt alarm 0; thermal_zone0
 * 48312 m°C → 48.31 °C; cpu0 at 1500000 kHz → 1.5 GHz. The inventory: four Cortex-A72 (CPU part 0xd08 of
 * implementer 0x41) in one socket, MemTotal 3884328 kB = 3977551872 bytes, eth0 1000 Mb/s full duplex
 * (wlan0 tells no speed; lo is no device), the SD card: 61071360 sectors × 512 = 31268536320 bytes, "SD32G".
 * t1: word 0x50005 = bits 0, 2, 16, 18: under-voltage and throttled, now and since boot; alarm 1; 61.3 °C; 600 MHz.
 */
describe('a Raspberry Pi whose supply sags', () => {
  it('writes the inventory on the first run, then the power flags, and an event when they change', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    expect(await samplePi(tmp.dir, 't0')).toEqual([
      'inventory.why=boot inventory.board="Raspberry Pi 4 Model B Rev 1.4" inventory.cpu_model="ARM Cortex-A72" inventory.threads=4 inventory.cores=4 inventory.sockets=1 inventory.mem_total_bytes=3977551872 inventory.os="Debian GNU/Linux 12 (bookworm)" inventory.kernel=6.6.51+rpt-rpi-v8 inventory.eth0.speed_mbps=1000 inventory.eth0.duplex=full inventory.mmcblk0.size_bytes=31268536320 inventory.mmcblk0.model=SD32G inventory.mmcblk0.rotational=0',
      'pi.under_voltage=0 pi.freq_capped=0 pi.throttled=0 pi.soft_temp_limit=0 pi.under_voltage_since_boot=0 pi.freq_capped_since_boot=0 pi.throttled_since_boot=0 pi.soft_temp_limit_since_boot=0 pi.undervoltage_alarm=0 pi.soc_c=48.31 pi.arm_hz=1500000000',
      'health.operational_s=0 health.crashfree_s=0 health.crashes=0 health.crashes_new=0',
    ]);
    expect(await samplePi(tmp.dir, 't1', XID + 600)).toEqual([
      'pi.under_voltage=1 pi.freq_capped=0 pi.throttled=1 pi.soft_temp_limit=0 pi.under_voltage_since_boot=1 pi.freq_capped_since_boot=0 pi.throttled_since_boot=1 pi.soft_temp_limit_since_boot=0 pi.undervoltage_alarm=1 pi.soc_c=61.3 pi.arm_hz=600000000',
      'health.operational_s=600 health.crashfree_s=600 health.crashes=0 health.crashes_new=0',
      'event=pi_power flags=0x50005 was=0x0 under_voltage=1 freq_capped=0 throttled=1 soft_temp_limit=0',
    ]);
  });

  it('asks vcgencmd where the kernel has no get_throttled attribute', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    cpSync(fixtureRoot('pi', 't1'), tmp.dir, { recursive: true });
    const { rmSync } = await import('node:fs');
    for (const rel of [
      'sys/devices/platform/soc/soc:firmware/get_throttled',
      'sys/class/thermal',
      'sys/devices/system/cpu',
    ])
      rmSync(join(tmp.dir, rel), { recursive: true });
    const run = recorded({
      'vcgencmd get_throttled': 'vcgencmd-get_throttled.txt',
      'vcgencmd measure_temp': 'vcgencmd-measure_temp.txt',
      'vcgencmd measure_clock arm': 'vcgencmd-measure_clock.txt',
    });
    const result = await pi.collect(context(new Sources(tmp.dir, undefined, run)));
    expect(Object.fromEntries(result.fields)).toMatchObject({
      'pi.under_voltage': 1,
      'pi.throttled': 1,
      'pi.throttled_since_boot': 1,
      'pi.soc_c': 61.3,
      'pi.arm_hz': 1_500_398_464,
    });
    expect(result.cursor).toEqual({ flags: 0x50005, bootId: 'b1' });
  });

  it('writes nothing on a machine that is not a Pi, and never runs vcgencmd there', async () => {
    const run = recorded({});
    await expect(pi.collect(context(new Sources(fixtureRoot('hardware', 't1'), undefined, run)))).rejects.toThrow(
      'not a Raspberry Pi',
    );
    expect(run.calls).toEqual([]);
  });

  it.each([
    ['throttled=0x50005', 0x50005],
    ['50005', 0x50005],
    ['0', 0],
    ['throttled=0x0\n', 0],
  ])('reads the throttled word %j', (text, word) => expect(parseThrottled(text, 'x')).toBe(word));
  it.each(['', 'throttled=', 'error=1 error_msg="Command not registered"'])('refuses the throttled word %j', (text) =>
    expect(() => parseThrottled(text, 'x')).toThrow(ParseError),
  );
});

const context = (src: Sources, over: Partial<EventContext> = {}): EventContext => ({
  src,
  settings: {},
  cursor: undefined,
  bootId: 'b1',
  prev: undefined,
  sameBoot: true,
  nowMs: XID * 1000,
  uptimeS: 100,
  run: async () => undefined,
  statePath: '/nonexistent/state.json',
  ...over,
});

describe('inventory', () => {
  it('is written again when something changed, once a day, and after a reboot; not otherwise', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    cpSync(fixtureRoot('pi', 't0'), tmp.dir, { recursive: true });
    const src = (): Sources => new Sources(tmp.dir);
    const first = await inventory.collect(context(src()));
    expect(first.fields[0]).toEqual(['inventory.why', 'boot']);
    const quiet = await inventory.collect(context(src(), { cursor: first.cursor, nowMs: XID * 1000 + 3_600_000 }));
    expect(quiet.fields).toEqual([]);
    expect(quiet.cursor).toEqual(first.cursor);
    const daily = await inventory.collect(context(src(), { cursor: first.cursor, nowMs: XID * 1000 + 86_400_000 }));
    expect(daily.fields[0]).toEqual(['inventory.why', 'daily']);
    writeFileSync(join(tmp.dir, 'sys/class/net/eth0/speed'), '100\n');
    const changed = await inventory.collect(context(src(), { cursor: daily.cursor, nowMs: XID * 1000 + 86_500_000 }));
    expect(changed.fields[0]).toEqual(['inventory.why', 'changed']);
    expect(changed.fields).toContainEqual(['inventory.eth0.speed_mbps', 100]);
    const rebooted = await inventory.collect(
      context(src(), { cursor: changed.cursor, bootId: 'b2', nowMs: XID * 1000 + 86_600_000 }),
    );
    expect(rebooted.fields[0]).toEqual(['inventory.why', 'boot']);
  });

  it.each([
    [
      'x86 with two sockets of two cores, hyperthreaded',
      [0, 1, 2, 3, 4, 5, 6, 7]
        .map(
          (n) =>
            `processor\t: ${n}\nmodel name\t: Intel(R) Xeon(R) Gold 6230\nphysical id\t: ${n >> 2}\ncore id\t\t: ${n & 1}\n`,
        )
        .join('\n'),
      { model: 'Intel(R) Xeon(R) Gold 6230', cpus: 8, cores: 4, sockets: 2 },
    ],
    [
      '32-bit ARM with a model name',
      'processor\t: 0\nmodel name\t: ARMv6-compatible processor rev 7 (v6l)\nCPU implementer\t: 0x41\nCPU part\t: 0xb76\n\nHardware\t: BCM2835\n',
      { model: 'ARMv6-compatible processor rev 7 (v6l)', cpus: 1, cores: 1, sockets: 1 },
    ],
    [
      'an ARM core it has no name for',
      'processor\t: 0\nCPU implementer\t: 0x61\nCPU part\t: 0x022\n',
      { model: 'ARM implementer 0x61 part 0x022', cpus: 1, cores: 1, sockets: 1 },
    ],
  ])('reads /proc/cpuinfo of %s', (_case, text, expected) => expect(parseCpuInfo(text)).toEqual(expected));
});
