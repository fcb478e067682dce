import { own } from '../core/own';
import { keyIdOf, macOf, splitSignature } from '../format/sign';
import { lineOf, readLogLines } from './lines';
import { splitSyslogLine } from './syslog-line';

/** Where a line is: file and line number (from 1). */
export interface Place {
  readonly file: string;
  readonly line: number;
}

export interface Finding extends Place {
  readonly host: string;
  /** changed, removed, inserted, reordered, unsigned, unknown-key: an error; restart: where a chain begins, not an error */
  readonly kind: 'changed' | 'removed' | 'inserted' | 'reordered' | 'unsigned' | 'unknown-key' | 'restart';
  readonly detail: string;
}

export interface Verdict {
  readonly lines: number;
  readonly hosts: number;
  readonly findings: Finding[];
}

interface Entry extends Place {
  readonly text: string;
  readonly sig: { readonly keyId: string; readonly seq: number; readonly mac: string } | undefined;
}

/**
 * Checks the signed lines of log files read oldest first (plain or .gz, across rotations), each host's
 * lines on their own. A chain begins at seq 0: the first run, a reboot, a new key (each a `restart`, not
 * an error), or mid-way where older archives were rotated away. Within a chain:
 *   changed     the line's mac does not match its text and the line before it in the chain
 *   removed     seqs missing from the chain (the line after them cannot be checked either)
 *   inserted    a second line with a seq already seen, whose mac does not match
 *   reordered   a line whose seq is below one already seen
 *   unsigned    a flightlog line without a signature (a key was given: every line must be signed)
 */
export async function verifyLogs(
  files: readonly string[],
  keys: readonly Buffer[],
  ident = 'flightlog',
): Promise<Verdict> {
  const byHost = new Map<string, Entry[]>();
  let lines = 0;
  for (const file of files) {
    for await (const batch of readLogLines(file))
      for (let i = 0; i < batch.starts.length; i++) {
        const n = batch.numbers[i] as number;
        const log = splitSyslogLine(lineOf(batch, i), ident);
        if (log === undefined || !log.message.startsWith('xid=')) continue;
        lines++;
        const sig = splitSignature(log.message);
        // strings of their own: a slice would keep the whole chunk of the log it was cut from (lib/core/own.ts)
        const entry: Entry = {
          file,
          line: n,
          text: own(sig?.line ?? log.message),
          sig: sig && { keyId: sig.keyId, seq: sig.seq, mac: own(sig.mac) },
        };
        const list = byHost.get(log.host);
        if (list === undefined) byHost.set(log.host, [entry]);
        else list.push(entry);
      }
  }
  const keyById = new Map(keys.map((k) => [keyIdOf(k), k]));
  const findings: Finding[] = [];
  for (const [host, entries] of byHost) findings.push(...verifyHost(host, entries, keyById));
  // in the order of the files and their lines
  const order = new Map(files.map((f, i) => [f, i]));
  findings.sort((x, y) => (order.get(x.file) as number) - (order.get(y.file) as number) || x.line - y.line);
  return { lines, hosts: byHost.size, findings };
}

function verifyHost(host: string, entries: readonly Entry[], keyById: ReadonlyMap<string, Buffer>): Finding[] {
  const out: Finding[] = [];
  const at = (e: Place, kind: Finding['kind'], detail: string): void =>
    void out.push({ file: e.file, line: e.line, host, kind, detail });
  // verify is given a key: a line without a signature is a failure, also when a host has none at all
  // (its signatures stripped), never "all lines check"
  // chains: a new one at every seq 0
  const chains: Entry[][] = [];
  for (const e of entries) {
    if (e.sig === undefined) {
      at(e, 'unsigned', 'a line without a signature');
      continue;
    }
    if (e.sig.seq === 0 || chains.length === 0) chains.push([]);
    (chains[chains.length - 1] as Entry[]).push(e);
  }
  let previousKey: string | undefined;
  for (const chain of chains) {
    const first = chain[0] as Entry & { sig: NonNullable<Entry['sig']> };
    const why =
      first.sig.seq > 0
        ? `begins at seq ${first.sig.seq}: the lines before are not in these files`
        : previousKey === undefined
          ? 'first line of this host in these files'
          : previousKey !== first.sig.keyId
            ? `a new key (${first.sig.keyId})`
            : / run\.boot=new( |$)/.test(first.text)
              ? 'a new boot'
              : 'the state file was started anew';
    at(first, 'restart', why);
    previousKey = first.sig.keyId;
    const key = keyById.get(first.sig.keyId);
    if (key === undefined) {
      at(
        first,
        'unknown-key',
        `signed with key ${first.sig.keyId}, which none of the keys given is; its ${chain.length} line(s) are not checked`,
      );
      continue;
    }
    out.push(...verifyChain(host, chain, key, first.sig.seq));
  }
  return out;
}

function verifyChain(host: string, chain: readonly Entry[], key: Buffer, start: number): Finding[] {
  const out: Finding[] = [];
  const at = (e: Place, kind: Finding['kind'], detail: string): void =>
    void out.push({ file: e.file, line: e.line, host, kind, detail });
  const seqOf = (e: Entry): number => (e.sig as NonNullable<Entry['sig']>).seq;
  const macOfEntry = (e: Entry): string => (e.sig as NonNullable<Entry['sig']>).mac;
  const matches = (e: Entry, previousMac: string): boolean =>
    macOf(key, previousMac, seqOf(e), e.text) === macOfEntry(e);
  // the genuine line of each seq: the one whose mac matches (the first, when none does)
  const bySeq = new Map<number, Entry[]>();
  for (const e of chain) {
    const list = bySeq.get(seqOf(e));
    if (list === undefined) bySeq.set(seqOf(e), [e]);
    else list.push(e);
  }
  const genuine = new Map<number, Entry>();
  const seqs = [...bySeq.keys()].sort((a, b) => a - b);
  for (const seq of seqs) {
    const candidates = bySeq.get(seq) as Entry[];
    const before = genuine.get(seq - 1);
    const found =
      before === undefined && seq !== 0
        ? undefined
        : candidates.find((e) => matches(e, seq === 0 ? '' : macOfEntry(before as Entry)));
    genuine.set(seq, found ?? (candidates[0] as Entry));
  }
  let highest = -1;
  for (const e of chain) {
    const seq = seqOf(e);
    const original = genuine.get(seq) as Entry;
    if (original !== e) {
      at(
        e,
        'inserted',
        `a second line with seq ${seq}${original.text === e.text ? `, a copy of ${original.file}:${original.line}` : ''}`,
      );
      continue;
    }
    if (seq < highest) at(e, 'reordered', `seq ${seq} comes after seq ${highest}`);
    highest = Math.max(highest, seq);
    if (seq === start) continue; // the first line of a chain that began before these files: nothing to check it against
    const before = seq === 0 ? '' : genuine.get(seq - 1);
    if (before === undefined) continue; // reported with the removal before it
    if (!matches(e, typeof before === 'string' ? before : macOfEntry(before)))
      at(e, 'changed', `seq ${seq} does not match its signature`);
  }
  // removed: gaps in the seqs, located at the line that follows them
  for (let i = 0; i < seqs.length - 1; i++) {
    const [a, b] = [seqs[i] as number, seqs[i + 1] as number];
    if (b > a + 1)
      at(
        genuine.get(b) as Entry,
        'removed',
        `${b - a - 1} line(s) removed before this one (seq ${a + 1}${b - a > 2 ? `–${b - 1}` : ''}); this line cannot be checked`,
      );
  }
  return out;
}
