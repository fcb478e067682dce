import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CgroupFs, inGroup, makeRecordGroup, ownMemoryCgroup } from '../../lib/sample/record-group';
import { tempDir } from '../helpers';

let cleanup = (): void => {};
afterEach(() => cleanup());

const HYBRID_MOUNTINFO = [
  '30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
  '31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu',
  '34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
  '39 30 0:36 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
].join('\n');

describe('the memory cgroup flightlog runs in', () => {
  it('on a hybrid machine is the v1 memory hierarchy, whatever v2 holds', () => {
    const cgroup = '9:name=systemd:/\n4:memory:/process_api/dae43\n1:cpu:/\n0::/\n';
    expect(ownMemoryCgroup(cgroup, HYBRID_MOUNTINFO)).toEqual({
      dir: '/sys/fs/cgroup/memory/process_api/dae43',
      version: 1,
    });
  });

  it('in a container whose hierarchy is mounted from a directory of it: the path is taken below that directory', () => {
    const mountinfo = '700 690 0:31 /docker/abc /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory';
    expect(ownMemoryCgroup('4:memory:/docker/abc/job\n', mountinfo)).toEqual({
      dir: '/sys/fs/cgroup/memory/job',
      version: 1,
    });
    expect(ownMemoryCgroup('4:memory:/docker/abc\n', mountinfo)?.dir).toBe('/sys/fs/cgroup/memory');
    // a group outside what is mounted here cannot be reached
    expect(ownMemoryCgroup('4:memory:/docker/abcdef\n', mountinfo)).toBeUndefined();
  });

  it('on a v2-only machine is the v2 group, when it has the memory controller', () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const group = join(tmp.dir, 'user.slice', 'session-4.scope');
    mkdirSync(group, { recursive: true });
    const mountinfo = `35 24 0:30 / ${tmp.dir} rw,nosuid - cgroup2 cgroup2 rw,nsdelegate`;
    writeFileSync(join(group, 'cgroup.controllers'), 'cpuset cpu io memory pids\n');
    expect(ownMemoryCgroup('0::/user.slice/session-4.scope\n', mountinfo)).toEqual({ dir: group, version: 2 });
    writeFileSync(join(group, 'cgroup.controllers'), 'cpu pids\n');
    expect(ownMemoryCgroup('0::/user.slice/session-4.scope\n', mountinfo)).toBeUndefined();
  });

  it('is none where no hierarchy holds memory', () => {
    expect(ownMemoryCgroup('1:cpu:/\n', HYBRID_MOUNTINFO.split('\n').slice(0, 2).join('\n'))).toBeUndefined();
    expect(ownMemoryCgroup('', '')).toBeUndefined();
  });
});

describe("the command's own group", () => {
  it("is never one already there (another record's): that one is left as it was", () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const there = join(tmp.dir, 'flightlog-record-42');
    mkdirSync(there);
    writeFileSync(join(there, 'memory.max_usage_in_bytes'), '328011776\n');
    expect(makeRecordGroup({ dir: tmp.dir, version: 1 }, 42)).toBeUndefined();
    expect(readdirSync(there)).toEqual(['memory.max_usage_in_bytes']);
  });

  it('in a v2 group that does not give its children memory: nothing made, nothing written, nothing left', () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    expect(makeRecordGroup({ dir: tmp.dir, version: 2 }, 42)).toBeUndefined();
    // cgroup.subtree_control is only written where cgroupfs has it: never made
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it('where its directory cannot be made: none', () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const dir = join(tmp.dir, 'nope');
    expect(makeRecordGroup({ dir, version: 1 }, 42)).toBeUndefined();
    expect(existsSync(dir)).toBe(false);
  });
});

describe('the command line that starts the command inside the group', () => {
  const group = {
    procsFile: '/sys/fs/cgroup/memory/g/cgroup.procs',
    peakBytes: () => undefined,
    remove: () => undefined,
  };

  it('is a shell that moves itself in and becomes the command, its words untouched', () => {
    expect(inGroup(group, 'sh', ['-c', 'exit "$0"', '007'])).toEqual([
      '/bin/sh',
      ['-c', 'echo 0 >"$1"; shift; exec "$@"', 'flightlog-record', group.procsFile, 'sh', '-c', 'exit "$0"', '007'],
    ]);
  });

  it('is none for a command the shell would not start as a direct spawn does', () => {
    expect(inGroup(group, 'no-such-command-here', [])).toBeUndefined();
    expect(inGroup(group, '-sh', [], '/bin')).toBeUndefined();
  });
});

/**
 * cgroup v2 as the kernel keeps it (Documentation/admin-guide/cgroup-v2.rst): a group's controllers
 * are those its parent gives in cgroup.subtree_control; only the root group may both hold processes
 * and give controllers ("no internal process"); a group with processes or children cannot be removed;
 * `memory.peak` is there where the memory controller is.
 */
class CgroupV2 implements CgroupFs {
  readonly groups = new Map<string, { controllers: Set<string>; give: Set<string>; procs: Set<string> }>();
  constructor(
    readonly root: string,
    procs: Record<string, string[]>,
  ) {
    this.groups.set(root, {
      controllers: new Set(['cpu', 'memory', 'pids']),
      give: new Set(['memory']),
      procs: new Set(),
    });
    // a group with no process of its own gives memory on, as systemd's slices do
    for (const [path, pids] of Object.entries(procs)) {
      this.mkdir(path);
      for (const pid of pids) this.groups.get(path)!.procs.add(pid);
      if (pids.length === 0) this.groups.get(path)!.give.add('memory');
    }
  }
  private group(path: string) {
    const g = this.groups.get(path);
    if (g === undefined) throw Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT' });
    return g;
  }
  mkdir(path: string): void {
    if (this.groups.has(path)) throw new Error(`EEXIST ${path}`);
    this.groups.set(path, { controllers: new Set(this.group(dirname(path)).give), give: new Set(), procs: new Set() });
  }
  rmdir(path: string): void {
    const g = this.group(path);
    if (g.procs.size > 0 || [...this.groups.keys()].some((p) => dirname(p) === path && p !== path))
      throw new Error(`EBUSY ${path}`);
    this.groups.delete(path);
  }
  read(path: string): string | undefined {
    const g = this.groups.get(dirname(path));
    if (g === undefined) return undefined;
    const file = basename(path);
    if (file === 'cgroup.procs') return [...g.procs].map((p) => `${p}\n`).join('');
    if (file === 'cgroup.subtree_control') return [...g.give].join(' ');
    if (file === 'memory.peak') return g.controllers.has('memory') ? '328011776' : undefined;
    return undefined;
  }
  write(path: string, text: string): void {
    const dir = dirname(path);
    const g = this.group(dir);
    const file = basename(path);
    if (file === 'cgroup.procs') {
      if (g.give.size > 0 && dir !== this.root) throw new Error('EBUSY: no internal process');
      for (const other of this.groups.values()) other.procs.delete(text);
      g.procs.add(text);
    } else if (file === 'cgroup.subtree_control') {
      const [sign, name] = [text[0], text.slice(1)];
      if (sign === '+') {
        if (!g.controllers.has(name)) throw new Error(`ENOENT: ${name} not in ${dir}`);
        if (g.procs.size > 0 && dir !== this.root) throw new Error('EBUSY: no internal process');
        g.give.add(name);
      } else {
        g.give.delete(name);
      }
      for (const [p, child] of this.groups) if (dirname(p) === dir && p !== dir) child.controllers = new Set(g.give);
    } else throw new Error(`EINVAL ${path}`);
  }
  /** where each process is, and which groups are there */
  where(pid: string): string | undefined {
    return [...this.groups].find(([, g]) => g.procs.has(pid))?.[0];
  }
}

describe('a group for the command on cgroup v2', () => {
  const SCOPE = '/cg/system.slice/run-r1.scope';

  it("flightlog alone in a delegated scope: it steps into a group of its own beside the command's, and comes back after", () => {
    const cg = new CgroupV2('/cg', { '/cg/system.slice': [], [SCOPE]: ['42'] });
    const group = makeRecordGroup({ dir: SCOPE, version: 2 }, 42, cg);
    expect(group?.procsFile).toBe(`${SCOPE}/flightlog-record-42/cgroup.procs`);
    expect(cg.where('42')).toBe(`${SCOPE}/flightlog-record-42.self`);
    expect(cg.read(`${SCOPE}/cgroup.subtree_control`)).toBe('memory');
    // the command moves itself in (its shell writes 0: here its pid)
    cg.write(group!.procsFile, '43');
    expect(group!.peakBytes()).toBe(328011776);
    cg.groups.get(`${SCOPE}/flightlog-record-42`)!.procs.delete('43');
    expect(group!.remove()).toBeUndefined();
    expect(cg.where('42')).toBe(SCOPE);
    expect(cg.read(`${SCOPE}/cgroup.subtree_control`)).toBe('');
    expect([...cg.groups.keys()].filter((p) => p.startsWith(`${SCOPE}/`))).toEqual([]);
  });

  it('a command that left a process behind: its group stays and is named, flightlog comes back', () => {
    const cg = new CgroupV2('/cg', { '/cg/system.slice': [], [SCOPE]: ['42'] });
    const group = makeRecordGroup({ dir: SCOPE, version: 2 }, 42, cg)!;
    cg.write(group.procsFile, '77');
    expect(group.remove()).toBe(`${SCOPE}/flightlog-record-42 is left: processes the command started still run in it`);
    expect(cg.where('42')).toBe(SCOPE);
    expect(cg.where('77')).toBe(`${SCOPE}/flightlog-record-42`);
  });

  it('a login session shared with a shell: nothing moved, made or given', () => {
    const session = '/cg/user.slice/session-4.scope';
    const cg = new CgroupV2('/cg', { '/cg/user.slice': [], [session]: ['7', '42'] });
    const before = JSON.stringify([...cg.groups]);
    expect(makeRecordGroup({ dir: session, version: 2 }, 42, cg)).toBeUndefined();
    expect(JSON.stringify([...cg.groups])).toBe(before);
  });

  it('a group that does not have the memory controller to give: all as it was', () => {
    const cg = new CgroupV2('/cg', { '/cg/system.slice': [], [SCOPE]: ['42'] });
    cg.write('/cg/system.slice/cgroup.subtree_control', '-memory');
    const before = JSON.stringify([...cg.groups]);
    expect(makeRecordGroup({ dir: SCOPE, version: 2 }, 42, cg)).toBeUndefined();
    expect(JSON.stringify([...cg.groups])).toBe(before);
  });

  it('the root group gives memory while it holds flightlog: nothing moves', () => {
    const cg = new CgroupV2('/cg', {});
    cg.groups.get('/cg')!.procs.add('42');
    const group = makeRecordGroup({ dir: '/cg', version: 2 }, 42, cg);
    expect(group?.procsFile).toBe('/cg/flightlog-record-42/cgroup.procs');
    expect(cg.where('42')).toBe('/cg');
    expect(group!.remove()).toBeUndefined();
    expect([...cg.groups.keys()]).toEqual(['/cg']);
  });
});
