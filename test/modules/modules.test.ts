import { describe, expect, it } from 'vitest';
import { SourceMissing } from '../../lib/core/errors';
import { cpu } from '../../lib/modules/cpu/read';
import { disk } from '../../lib/modules/disk/read';
import { fs } from '../../lib/modules/fs/read';
import { net } from '../../lib/modules/net/read';
import { psi } from '../../lib/modules/psi/read';
import { temp } from '../../lib/modules/temp/read';
import { Sources } from '../../lib/sources/read';
import { BASIC_STATFS, fakeStatfs, fixtureRoot, settingsFor } from '../helpers';

const basic = fixtureRoot('basic', 't1');
const src = (root = basic): Sources => new Sources(root, fakeStatfs(root, BASIC_STATFS));

describe('net', () => {
  it('reads every NIC but the loopback, with operstate, speed and ifindex', async () => {
    const readings = await net.read(src(), settingsFor('net'));
    expect(readings.map((r) => [r.subject, r.gauges.up, r.identity, r.info?.speed_mbps])).toEqual([
      ['eth0', 1, '2', 1000],
      ['wlan0', 0, '3', undefined],
    ]);
    expect(readings[0]?.counters.rx_bytes).toBe(76000000n);
  });
  it('takes its exclude pattern from the config', async () => {
    expect((await net.read(src(), settingsFor('net', { exclude: /^(lo|wlan\d+)$/ }))).map((r) => r.subject)).toEqual([
      'eth0',
    ]);
    expect((await net.read(src(), settingsFor('net', { exclude: /^$/ }))).map((r) => r.subject)).toEqual([
      'lo',
      'eth0',
      'wlan0',
    ]);
  });
});

describe('disk', () => {
  it('reads whole disks of /sys/block only: no partitions, no loop devices', async () => {
    expect((await disk.read(src(), settingsFor('disk'))).map((r) => r.subject)).toEqual(['sda']);
  });
  it('takes its exclude pattern from the config', async () => {
    expect((await disk.read(src(), settingsFor('disk', { exclude: /^sd/ }))).map((r) => r.subject)).toEqual(['loop0']);
  });
});

describe('cpu', () => {
  it('leaves the per-CPU subjects out when per_cpu is false', async () => {
    expect((await cpu.read(src(), { per_cpu: false })).map((r) => r.subject)).toEqual([undefined]);
  });
});

describe('fs', () => {
  it('leaves out pseudo filesystems and reads the others', async () => {
    expect((await fs.read(src(), settingsFor('fs'))).map((r) => r.subject)).toEqual(['root', 'var_log', 'srv_my_data']);
  });
  it('takes its excluded types from the config', async () => {
    const statfs = fakeStatfs(basic, { ...BASIC_STATFS, '/run': BASIC_STATFS['/']! });
    expect(
      (await fs.read(new Sources(basic, statfs), settingsFor('fs', { exclude_types: ['ext4', 'proc'] }))).map(
        (r) => r.subject,
      ),
    ).toEqual(['run', 'srv_my_data']);
  });
  it('puts a statfs failure on that mount alone and leaves out mounts it cannot see', async () => {
    const statfs = fakeStatfs(basic, {
      '/': BASIC_STATFS['/']!,
      '/var/log': Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }),
    });
    const readings = await fs.read(new Sources(basic, statfs), settingsFor('fs'));
    expect(readings.map((r) => [r.subject, r.error])).toEqual([
      ['root', undefined],
      ['var_log', 'EIO: i/o error'],
    ]);
  });
  it('gives up on a statfs that never answers (a dead NFS server) instead of hanging the run', async () => {
    const never = (): Promise<never> => new Promise(() => {});
    // the deadline is the module's own: each mount's error says it fired at 2000 ms
    const readings = await fs.read(new Sources(basic, never), settingsFor('fs'));
    expect(readings.map((r) => r.error)).toEqual([
      'statfs did not answer in 2000 ms',
      'statfs did not answer in 2000 ms',
      'statfs did not answer in 2000 ms',
    ]);
  });
});

describe('psi', () => {
  it('is missing where the kernel has no /proc/pressure', async () => {
    await expect(psi.read(src(fixtureRoot('reboot', 't0')), {})).rejects.toBeInstanceOf(SourceMissing);
  });
});

describe('temp', () => {
  it('names thermal zones and hwmon chips as the README says', async () => {
    const [reading] = await temp.read(src(fixtureRoot('sensors')), {});
    // hwmon0 and hwmon2 are both "nvme": each gets its directory; hwmon10 has no name: the directory is the chip;
    // hwmon3 reads empty and gpu thermal reads EIO: left out
    expect(reading?.gauges).toEqual({
      'cpu-thermal_c': 51.54,
      nvme_hwmon0_Composite_c: 35.85,
      nvme_hwmon2_Composite_c: 41.85,
      hwmon10_temp1_c: -5,
    });
  });
  it('is missing where there is neither thermal nor hwmon', async () => {
    await expect(temp.read(src(fixtureRoot('reboot', 't0')), {})).rejects.toBeInstanceOf(SourceMissing);
  });
});
