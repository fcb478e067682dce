/**
 * BSD process accounting records, struct acct_v3 of linux/acct.h (64 bytes, native byte order, little
 * endian on every architecture flightlog runs on):
 *   char ac_flag, ac_version (3); u16 ac_tty; u32 ac_exitcode, ac_uid, ac_gid, ac_pid, ac_ppid, ac_btime;
 *   float ac_etime; comp_t ac_utime, ac_stime, ac_mem, ac_io, ac_rw, ac_minflt, ac_majflt, ac_swaps;
 *   char ac_comm[16]
 * Times are in AHZ (100) ticks; comp_t is a 13-bit mantissa with a 3-bit base-8 exponent. ac_exitcode is
 * the wait status: exit code in bits 8–15, terminating signal in bits 0–6.
 */
export const ACCT_V3_SIZE = 64;
const AHZ = 100;

export interface AcctRecord {
  readonly flag: number;
  readonly exitStatus: number;
  /** the wait status's core bit (0x80): a core was dumped; ac_flag's ACORE says only that one was tried */
  readonly cored: boolean;
  /** 0 when the process exited by itself */
  readonly signal: number;
  readonly uid: number;
  readonly pid: number;
  readonly ppid: number;
  /** start time, epoch seconds */
  readonly btime: number;
  readonly elapsedS: number;
  readonly cpuS: number;
  readonly comm: string;
}

export const compT = (v: number): number => (v & 0x1fff) * 8 ** (v >> 13);

/** The records of a buffer; records of another version (v1, v2) are skipped. */
export function parseAcct(buf: Buffer): AcctRecord[] {
  const out: AcctRecord[] = [];
  for (let off = 0; off + ACCT_V3_SIZE <= buf.length; off += ACCT_V3_SIZE) {
    if (buf.readUInt8(off + 1) !== 3) continue;
    const exitcode = buf.readUInt32LE(off + 4);
    const commBytes = buf.subarray(off + 48, off + 64);
    const nul = commBytes.indexOf(0);
    out.push({
      flag: buf.readUInt8(off),
      exitStatus: (exitcode >> 8) & 0xff,
      cored: (exitcode & 0x80) !== 0,
      signal: exitcode & 0x7f,
      uid: buf.readUInt32LE(off + 8),
      pid: buf.readUInt32LE(off + 16),
      ppid: buf.readUInt32LE(off + 20),
      btime: buf.readUInt32LE(off + 24),
      elapsedS: buf.readFloatLE(off + 28) / AHZ,
      cpuS: (compT(buf.readUInt16LE(off + 32)) + compT(buf.readUInt16LE(off + 34))) / AHZ,
      comm: new TextDecoder('utf-8').decode(nul < 0 ? commBytes : commBytes.subarray(0, nul)),
    });
  }
  return out;
}
