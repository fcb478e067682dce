import { describe, expect, it } from 'vitest';
import { parseMounts } from '../../lib/sources/mounts';

describe('/proc/self/mounts', () => {
  it('decodes the octal escapes of mount points', () => {
    expect(parseMounts('/dev/sdb1 /srv/my\\040data xfs rw,relatime 0 0\n')[0]).toEqual({
      device: '/dev/sdb1',
      mountPoint: '/srv/my data',
      type: 'xfs',
      options: ['rw', 'relatime'],
    });
  });
});
