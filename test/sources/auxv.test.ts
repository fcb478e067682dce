import { describe, expect, it } from 'vitest';
import { pageSizeFromAuxv } from '../../lib/sources/auxv';

describe('/proc/self/auxv', () => {
  const pairs64 = (...words: number[]): Buffer =>
    Buffer.concat(
      words.map((w) => {
        const b = Buffer.alloc(8);
        b.writeBigUInt64LE(BigInt(w));
        return b;
      }),
    );
  const pairs32 = (...words: number[]): Buffer =>
    Buffer.concat(
      words.map((w) => {
        const b = Buffer.alloc(4);
        b.writeUInt32LE(w);
        return b;
      }),
    );
  it('finds AT_PAGESZ in a 64-bit vector', () =>
    expect(pageSizeFromAuxv(pairs64(33, 0x7ffd000, 6, 16384, 0, 0))).toBe(16384));
  it('finds AT_PAGESZ in a 32-bit vector', () =>
    expect(pageSizeFromAuxv(pairs32(33, 0xbef000, 16, 0x1234, 6, 4096, 0, 0))).toBe(4096));
  it('gives nothing for an empty vector', () => expect(pageSizeFromAuxv(Buffer.alloc(0))).toBeUndefined());
});
