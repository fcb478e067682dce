import { expect, it } from 'vitest';
import { naturalOrder } from '../../lib/sources/read';

it('orders names with numbers as people count', () => {
  expect(
    ['cpu10', 'cpu2', 'cpu1', 'hwmon10', 'hwmon2', 'eth0', 'eth', 'thermal_zone11', 'thermal_zone3', 'a02', 'a2'].sort(
      naturalOrder,
    ),
  ).toEqual([
    'a2',
    'a02',
    'cpu1',
    'cpu2',
    'cpu10',
    'eth',
    'eth0',
    'hwmon2',
    'hwmon10',
    'thermal_zone3',
    'thermal_zone11',
  ]);
});
