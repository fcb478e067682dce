import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseKmsgRecord } from '../../lib/sources/kmsg';
import { kmsgSeq, Sources } from '../../lib/sources/read';
import { tempDir } from '../helpers';

const seqOf = (text: string): number | undefined => kmsgSeq(Buffer.from(text), 0, Buffer.byteLength(text));

describe('a /dev/kmsg record', () => {
  it.each([
    ['6,1234,5678901,-;eth0: link up', 1234],
    ['3,0,0,c;first', 0],
    ['12,9007199254740991,1,-;the largest a double holds exactly', 9_007_199_254_740_991],
    // flags with a caller id (kernels since 5.1 with CONFIG_PRINTK_CALLER): "prio,seq,usec,flags,caller"
    ['4,77,123,-,caller=T1;msg', 77],
    [' SUBSYSTEM=net', undefined],
    ['', undefined],
    ['6;no sequence', undefined],
    ['6,,1,-;empty sequence', undefined],
    ['6,12a,1,-;not a number', undefined],
    ['x,12,1,-;no priority', undefined],
    ['6,12', undefined],
  ])('%j has sequence number %j, read from its bytes', (text, seq) => {
    expect(seqOf(text)).toBe(seq);
    // the same as the decoder's, where both read one
    if (seq !== undefined && seq < 2 ** 53) expect(Number(parseKmsgRecord(text)?.seq)).toBe(seq);
  });
});

describe('reading the kernel log after a cursor', () => {
  const { dir, cleanup } = tempDir('flkmsg');
  afterAll(cleanup);
  mkdirSync(join(dir, 'dev'));
  writeFileSync(
    join(dir, 'dev', 'kmsg'),
    ['6,10,1,-;ten', ' DEVICE=+pci', '6,11,2,-;eleven', 'junk', '6,12,3,-;twelve', ''].join('\n'),
  );
  const src = new Sources(dir);

  it('decodes only the records after it, and says the last sequence number', () => {
    expect(src.kmsg('dev/kmsg', 10)).toEqual({ records: ['6,11,2,-;eleven', '6,12,3,-;twelve'], lastSeq: 12 });
    expect(src.kmsg('dev/kmsg', -1)?.records).toHaveLength(3);
    expect(src.kmsg('dev/kmsg', Infinity)).toEqual({ records: [], lastSeq: 12 });
    expect(src.kmsg('dev/absent', -1)).toBeUndefined();
  });
});
