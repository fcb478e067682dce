import type { Field } from '../../core/sample';
import { SourceMissing } from '../../core/errors';
import { parseCoreName, type CoreFile } from '../../sources/coredump-name';
import type { CommandRunner } from '../../sources/command';
import type { EventModule } from '../../events/types';

const DIR = 'var/lib/systemd/coredump';

/** coredump: see ./entry.ts for its keys, events and sources. */
export const coredump: EventModule = {
  collect: async ({ src, cursor, bootId, run }) => {
    const names = await src.maybeList(DIR);
    if (names === undefined) throw new SourceMissing(`/${DIR}`);
    const cores = names
      .map(parseCoreName)
      .filter((c): c is CoreFile => c !== undefined)
      .sort((a, b) => (a.usec < b.usec ? -1 : 1));
    const newest = cores.length > 0 ? String(cores[cores.length - 1]!.usec) : undefined;
    const since = typeof cursor === 'string' && /^\d+$/.test(cursor) ? BigInt(cursor) : undefined;
    if (cursor === undefined) return { fields: [], events: [], cursor: newest ?? '0' };
    const fresh = cores.filter((c) => since === undefined || c.usec > since);
    const details = fresh.length > 0 && src.root === '/' ? await coredumpctl(run) : new Map<number, CoredumpInfo>();
    const events = fresh.map((c): Field[] => {
      const info = details.get(c.pid);
      return [
        ['event', 'coredump'],
        ['comm', c.comm],
        ['pid', c.pid],
        ['uid', c.uid],
        ...(info?.sig === undefined ? [] : [['signal', info.sig] as Field]),
        ...(info?.exe === undefined ? [] : [['exe', info.exe] as Field]),
        ...(c.bootId === bootId.replace(/-/g, '') ? [] : [['boot_id', c.bootId] as Field]),
      ];
    });
    return {
      fields: [['coredump.crashes_new', fresh.length]],
      events,
      cursor: newest ?? cursor,
      crashes: fresh.map((c) => ({ name: c.comm, pid: c.pid })),
    };
  },
};

interface CoredumpInfo {
  readonly sig?: number;
  readonly exe?: string;
}

async function coredumpctl(run: CommandRunner): Promise<Map<number, CoredumpInfo>> {
  const out = new Map<number, CoredumpInfo>();
  try {
    const result = await run('coredumpctl', ['--json=short', '--no-pager', 'list']);
    if (result === undefined || result.exitCode !== 0) return out;
    for (const e of JSON.parse(result.stdout) as Array<{ pid?: number; sig?: number; exe?: string }>) {
      if (typeof e.pid === 'number')
        out.set(e.pid, {
          ...(typeof e.sig === 'number' ? { sig: e.sig } : {}),
          ...(typeof e.exe === 'string' ? { exe: e.exe } : {}),
        });
    }
  } catch {
    // no journal, no permission, odd output: the file names alone still tell the crash
  }
  return out;
}
