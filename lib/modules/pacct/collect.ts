import { dirname, basename } from 'node:path';
import { SourceMissing } from '../../core/errors';
import type { Field } from '../../core/sample';
import { ACCT_V3_SIZE, parseAcct, type AcctRecord } from '../../sources/acct';
import type { Sources } from '../../sources/read';
import type { EventModule } from '../../events/types';
import type { Settings } from './entry';

/** The processes with the most CPU time since the last run that get an event line. */
const TOP_BY_CPU = 5;

interface Cursor {
  readonly ino: number;
  readonly offset: number;
}

/** pacct: see ./entry.ts for its keys, events and sources. */
export const pacct: EventModule<Settings> = {
  collect: async ({ src, settings, cursor }) => {
    const rel = settings.path.replace(/^\/+/, '');
    const id = src.fileId(rel);
    if (id === undefined) throw new SourceMissing(`/${rel}`);
    const prev = isCursor(cursor) ? cursor : undefined;
    const next: Cursor = { ino: id.ino, offset: id.size - (id.size % ACCT_V3_SIZE) };
    if (prev === undefined) return { fields: [], events: [], cursor: next };
    const records: AcctRecord[] = [];
    if (prev.ino === id.ino) {
      records.push(...parseAcct(src.range(rel, prev.offset <= id.size ? prev.offset : 0, next.offset)));
    } else {
      const old = await rotatedFile(src, rel, prev.ino);
      if (old !== undefined)
        records.push(...parseAcct(src.range(old.rel, prev.offset, old.size - (old.size % ACCT_V3_SIZE))));
      records.push(...parseAcct(src.range(rel, 0, next.offset)));
    }
    // the wait status says how a process ended; AXSIG alone is also set on the threads a multi-threaded
    // process's exit() takes down (node, java), which ended nothing by a signal
    const failed = records.filter((r) => r.signal === 0 && r.exitStatus !== 0);
    const killed = records.filter((r) => r.signal !== 0);
    const events: Field[][] = [
      ...records
        .filter((r) => failed.includes(r) || killed.includes(r))
        .map((r): Field[] =>
          killed.includes(r)
            ? [
                ['event', 'killed'],
                ['comm', r.comm],
                ['pid', r.pid],
                ['uid', r.uid],
                ['signal', r.signal],
                ...(r.cored ? [['core', 1] as Field] : []),
              ]
            : [
                ['event', 'exit_failure'],
                ['comm', r.comm],
                ['pid', r.pid],
                ['uid', r.uid],
                ['status', r.exitStatus],
              ],
        ),
      ...[...records]
        .sort((a, b) => b.cpuS - a.cpuS)
        .slice(0, TOP_BY_CPU)
        .filter((r) => r.cpuS > 0)
        .map((r): Field[] => [
          ['event', 'top_cpu'],
          ['comm', r.comm],
          ['pid', r.pid],
          ['cpu_s', r.cpuS],
          ['elapsed_s', r.elapsedS],
        ]),
    ];
    return {
      fields: [
        ['pacct.exited_new', records.length],
        ['pacct.failed_new', failed.length],
        ['pacct.killed_new', killed.length],
        ['pacct.cored_new', records.filter((r) => r.cored).length],
      ],
      events,
      crashes: records.filter((r) => r.cored).map((r) => ({ name: r.comm, pid: r.pid })),
      cursor: next,
    };
  },
};

const isCursor = (c: unknown): c is Cursor =>
  typeof c === 'object' && c !== null && Number.isInteger((c as Cursor).ino) && Number.isInteger((c as Cursor).offset);

/** The file beside `rel` that has inode `ino`: where rotation moved the file we were reading. */
async function rotatedFile(src: Sources, rel: string, ino: number): Promise<{ rel: string; size: number } | undefined> {
  const dir = dirname(rel);
  for (const name of (await src.maybeList(dir)) ?? []) {
    if (!name.startsWith(basename(rel))) continue;
    const id = src.fileId(`${dir}/${name}`);
    if (id?.ino === ino) return { rel: `${dir}/${name}`, size: id.size };
  }
  return undefined;
}
