import { describe, expect, it } from 'vitest';
import { ParseError } from '../../lib/core/errors';
import { parseVmstat } from '../../lib/sources/vmstat';

describe('/proc/vmstat', () => {
  it('reads /proc/vmstat', () => expect(parseVmstat('pswpin 5\noom_kill 0\n').get('pswpin')).toBe(5n));
  it('rejects a vmstat line in the wrong shape', () => expect(() => parseVmstat('pswpin\n')).toThrow(ParseError));
});
