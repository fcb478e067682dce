/**
 * The samples a reader has counted, by host, pid and time, in 8 bytes a sample: a host's samples come
 * in time order, so their times and pids go into two growing arrays of 32-bit numbers (a time in
 * seconds until 2106, a pid: Linux's are below 2^22), found by halving; one that comes out of order (a
 * spool catching up, a log read twice) or does not fit goes into a set of its own.
 */
export class SeenSamples {
  private readonly hosts = new Map<
    string,
    { xids: Uint32Array; pids: Uint32Array; n: number; readonly late: Set<string> }
  >();
  /** how many samples were added */
  size = 0;

  /** Adds a sample; false when it was there already. */
  add(host: string, pid: string, xid: number): boolean {
    let h = this.hosts.get(host);
    if (h === undefined) {
      h = { xids: new Uint32Array(64), pids: new Uint32Array(64), n: 0, late: new Set() };
      this.hosts.set(host, h);
    }
    const p = Number(pid);
    const last = h.n === 0 ? -Infinity : (h.xids[h.n - 1] as number);
    if (xid >= last && fits(xid) && fits(p)) {
      for (let i = firstAt(h.xids, h.n, xid); i < h.n && h.xids[i] === xid; i++) if (h.pids[i] === p) return false;
      if (h.n === h.xids.length) {
        const xids = new Uint32Array(h.n * 2);
        const pids = new Uint32Array(h.n * 2);
        xids.set(h.xids);
        pids.set(h.pids);
        h.xids = xids;
        h.pids = pids;
      }
      h.xids[h.n] = xid;
      h.pids[h.n] = p;
      h.n++;
      this.size++;
      return true;
    }
    for (let i = firstAt(h.xids, h.n, xid); i < h.n && h.xids[i] === xid; i++) if (h.pids[i] === p) return false;
    const key = `${xid} ${pid}`;
    if (h.late.has(key)) return false;
    h.late.add(key);
    this.size++;
    return true;
  }
}

/** Whether a number is held exactly by a Uint32Array. */
const fits = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 0xffff_ffff;

/** The first position of the first n whose time is `xid` or later. */
function firstAt(xids: Uint32Array, n: number, xid: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xids[mid] as number) < xid) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
