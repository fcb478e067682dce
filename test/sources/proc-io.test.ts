import { describe, expect, it } from 'vitest';
import { parseProcIo } from '../../lib/sources/proc-io';

describe('/proc/<pid>/io', () => {
  it('reads read_bytes and write_bytes, not cancelled_write_bytes', () => {
    const text =
      'rchar: 2012\nwchar: 1045\nsyscr: 7\nsyscw: 3\nread_bytes: 4096\nwrite_bytes: 8192\ncancelled_write_bytes: 512\n';
    expect(parseProcIo(text)).toEqual({ readBytes: 4096n, writeBytes: 8192n });
  });
  it('is undefined without I/O accounting', () => expect(parseProcIo('rchar: 2012\nwchar: 1045\n')).toBeUndefined());
});
