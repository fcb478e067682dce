/** What names a sample: its host, the process that wrote it, and its time. */
export interface SampleId {
  readonly host: string;
  readonly pid: string;
  readonly xid: number;
}

/** One host's things: most in time order in a list, those that came out of order by xid. */
interface HostItems<T> {
  inOrder: T[];
  readonly late: Map<number, T[]>;
}

/**
 * Things kept by the sample they belong to, found by host, xid and pid without a key made for each.
 * A host's samples come in time order, so most are appended to the host's list and found by halving
 * it; one that comes out of order (a spool catching up, a log read twice) is kept by its xid.
 */
export class SampleIndex<T> {
  private readonly byHost = new Map<string, HostItems<T>>();

  constructor(private readonly idOf: (item: T) => SampleId) {}

  get(host: string, pid: string, xid: number): T | undefined {
    const items = this.byHost.get(host);
    if (items === undefined) return undefined;
    const { inOrder } = items;
    const last = inOrder[inOrder.length - 1];
    if (last !== undefined && xid <= this.idOf(last).xid) {
      for (let i = this.firstAt(inOrder, xid); i < inOrder.length; i++) {
        const id = this.idOf(inOrder[i] as T);
        if (id.xid !== xid) break;
        if (id.pid === pid) return inOrder[i];
      }
    }
    return items.late.get(xid)?.find((item) => this.idOf(item).pid === pid);
  }

  /** Adds an item of a sample that holds none yet. */
  add(item: T): void {
    const { host, xid } = this.idOf(item);
    let items = this.byHost.get(host);
    if (items === undefined) {
      items = { inOrder: [], late: new Map() };
      this.byHost.set(host, items);
    }
    const last = items.inOrder[items.inOrder.length - 1];
    if (last === undefined || xid >= this.idOf(last).xid) items.inOrder.push(item);
    else {
      const same = items.late.get(xid);
      if (same === undefined) items.late.set(xid, [item]);
      else same.push(item);
    }
  }

  /** Takes out every item that `done` says is done, and gives them back. */
  takeOut(done: (item: T) => boolean): T[] {
    const out: T[] = [];
    const keep = (item: T): boolean => {
      if (!done(item)) return true;
      out.push(item);
      return false;
    };
    for (const [host, items] of this.byHost) {
      items.inOrder = items.inOrder.filter(keep);
      for (const [xid, same] of items.late) {
        const still = same.filter(keep);
        if (still.length === 0) items.late.delete(xid);
        else items.late.set(xid, still);
      }
      if (items.inOrder.length === 0 && items.late.size === 0) this.byHost.delete(host);
    }
    return out;
  }

  /** The first index of the list whose xid is `xid` or later. */
  private firstAt(list: readonly T[], xid: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.idOf(list[mid] as T).xid < xid) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
