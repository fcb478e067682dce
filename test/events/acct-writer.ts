import { ACCT_V3_SIZE } from '../../lib/sources/acct';

const AHZ = 100;

/** Encodes one acct_v3 record, as the kernel writes it (linux/acct.h): the tests' way to make pacct files. */
export function encodeAcct(r: {
  flag?: number;
  exitStatus?: number;
  signal?: number;
  core?: boolean;
  uid?: number;
  pid: number;
  ppid?: number;
  btime?: number;
  elapsedS?: number;
  utimeTicks?: number;
  stimeTicks?: number;
  comm: string;
}): Buffer {
  const buf = Buffer.alloc(ACCT_V3_SIZE);
  buf.writeUInt8(r.flag ?? 0, 0);
  buf.writeUInt8(3, 1);
  // the wait status: exit code in bits 8–15, the signal in bits 0–6, 0x80 when a core was dumped
  buf.writeUInt32LE((((r.exitStatus ?? 0) & 0xff) << 8) | ((r.signal ?? 0) & 0x7f) | (r.core ? 0x80 : 0), 4);
  buf.writeUInt32LE(r.uid ?? 0, 8);
  buf.writeUInt32LE(r.pid, 16);
  buf.writeUInt32LE(r.ppid ?? 1, 20);
  buf.writeUInt32LE(r.btime ?? 0, 24);
  buf.writeFloatLE((r.elapsedS ?? 0) * AHZ, 28);
  buf.writeUInt16LE(toCompT(r.utimeTicks ?? 0), 32);
  buf.writeUInt16LE(toCompT(r.stimeTicks ?? 0), 34);
  Buffer.from(r.comm, 'utf8').copy(buf, 48, 0, 15);
  return buf;
}

function toCompT(ticks: number): number {
  let mantissa = ticks;
  let exp = 0;
  while (mantissa > 0x1fff) {
    mantissa = Math.floor(mantissa / 8);
    exp++;
  }
  return (exp << 13) | mantissa;
}
