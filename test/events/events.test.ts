import { appendFileSync, mkdirSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { boot } from '../../lib/modules/boot/collect';
import { collectEvents } from '../../lib/events/collect';
import { coredump } from '../../lib/modules/coredump/collect';
import { updateHealth } from '../../lib/events/health';
import { kmsg } from '../../lib/modules/kmsg/collect';
import { pacct } from '../../lib/modules/pacct/collect';
import { systemd } from '../../lib/modules/systemd/collect';
import type { EventContext, EventModule } from '../../lib/events/types';
import type { CommandRunner } from '../../lib/sources/command';
import { Sources } from '../../lib/sources/read';
import type { State } from '../../lib/state/store';
import { settingsFor, tempDir } from '../helpers';
import type { ModuleSettings } from '../../lib/core/reading';
import { encodeAcct } from './acct-writer';

let cleanup = (): void => {};
afterEach(() => cleanup());

function root(): string {
  const t = tempDir('fle');
  cleanup = t.cleanup;
  return t.dir;
}

function put(dir: string, rel: string, content: string | Buffer): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), content);
}

const BOOT_A = 'aaaaaaaa-0000-0000-0000-000000000001';
const BOOT_B = 'bbbbbbbb-0000-0000-0000-000000000002';
const prevState = (over: Partial<State> = {}): State => ({
  bootId: BOOT_A,
  timeMs: 1_763_880_000_000,
  uptimeS: 5000,
  modules: new Map(),
  runs: { total: 3, missed: 0 },
  ...over,
});
const noCommands: CommandRunner = async () => undefined;

/** An event module's context; its settings as a run gives them to `module` (none for no module). */
function ctx<S extends ModuleSettings>(
  dir: string,
  over: Partial<EventContext<S>> = {},
  module?: string,
): EventContext<S> {
  return {
    src: new Sources(dir),
    settings: module === undefined ? ({} as S) : settingsFor<S>(module),
    cursor: undefined,
    bootId: BOOT_B,
    prev: prevState(),
    sameBoot: false,
    nowMs: 1_763_886_000_000,
    uptimeS: 120,
    run: noCommands,
    statePath: join(dir, 'state.json'),
    ...over,
  };
}

describe('boot: the reason the previous boot ended', () => {
  // this boot started at 1763880600: 600 s after the previous boot's last sample (1763880000)
  const stat = 'cpu  1 0 1 1\nbtime 1763880600\n';
  const cases: Array<[string, (dir: string) => Partial<State>, string, Array<{ name: string }>]> = [
    [
      'a clean shutdown',
      () => ({ shutdown: { bootId: BOOT_A, timeMs: 1_763_880_300_000, uptimeS: 5300 } }),
      'reason=shutdown last_uptime_s=5300 downtime_s=300',
      [],
    ],
    ['no mark: a power loss', () => ({}), 'reason=unexpected last_uptime_s=5000 downtime_s=600', []],
    [
      'a mark of an older boot',
      () => ({ shutdown: { bootId: 'old', timeMs: 1, uptimeS: 1 } }),
      'reason=unexpected last_uptime_s=5000 downtime_s=600',
      [],
    ],
    [
      'a panic in pstore, after the last sample',
      (dir) => {
        put(dir, 'sys/fs/pstore/dmesg-ramoops-0', 'Panic#1 Part1\n<0>Kernel panic - not syncing\n');
        utimesSync(join(dir, 'sys/fs/pstore/dmesg-ramoops-0'), 1_763_880_100, 1_763_880_100);
        return {};
      },
      'reason=panic last_uptime_s=5000 downtime_s=600 record=dmesg-ramoops-0',
      [{ name: 'kernel' }],
    ],
    [
      'an oops in pstore beats a shutdown mark',
      (dir) => {
        put(dir, 'sys/fs/pstore/dmesg-efi-1', 'Oops#1 Part1\n');
        utimesSync(join(dir, 'sys/fs/pstore/dmesg-efi-1'), 1_763_880_100, 1_763_880_100);
        return { shutdown: { bootId: BOOT_A, timeMs: 1_763_880_050_000, uptimeS: 5050 } };
      },
      'reason=oops last_uptime_s=5050 downtime_s=550 record=dmesg-efi-1',
      [{ name: 'kernel' }],
    ],
    [
      'a pstore record older than the last sample',
      (dir) => {
        put(dir, 'sys/fs/pstore/dmesg-ramoops-0', 'Panic#1 Part1\n');
        utimesSync(join(dir, 'sys/fs/pstore/dmesg-ramoops-0'), 1_763_000_000, 1_763_000_000);
        return {};
      },
      'reason=unexpected last_uptime_s=5000 downtime_s=600',
      [],
    ],
    [
      'a watchdog reset beats a shutdown mark',
      (dir) => {
        put(dir, 'sys/class/watchdog/watchdog0/bootstatus', '32\n');
        return { shutdown: { bootId: BOOT_A, timeMs: 1_763_880_000_000, uptimeS: 5000 } };
      },
      'reason=watchdog last_uptime_s=5000 downtime_s=600',
      [{ name: 'kernel' }],
    ],
    [
      'a Pi that saw under-voltage in its last sample',
      () => ({ cursors: { pi: { flags: 0x10000, bootId: BOOT_A } } }),
      'reason=under_voltage last_uptime_s=5000 downtime_s=600',
      [],
    ],
    [
      'a Pi whose under-voltage was in an older boot',
      () => ({ cursors: { pi: { flags: 0x50005, bootId: 'old' } } }),
      'reason=unexpected last_uptime_s=5000 downtime_s=600',
      [],
    ],
    [
      'a clean shutdown beats under-voltage',
      () => ({
        cursors: { pi: { flags: 1, bootId: BOOT_A } },
        shutdown: { bootId: BOOT_A, timeMs: 1_763_880_300_000, uptimeS: 5300 },
      }),
      'reason=shutdown last_uptime_s=5300 downtime_s=300',
      [],
    ],
    [
      'a watchdog that did not fire',
      (dir) => {
        put(dir, 'sys/class/watchdog/watchdog0/bootstatus', '0\n');
        return {};
      },
      'reason=unexpected last_uptime_s=5000 downtime_s=600',
      [],
    ],
  ];
  it.each(cases)('%s', async (_case, make, expected, crashes) => {
    const dir = root();
    put(dir, 'proc/stat', stat);
    const extra = make(dir);
    const result = await boot.collect(ctx(dir, { prev: prevState(extra) }));
    expect(result.events.map((e) => e.map(([k, v]) => `${k}=${v}`).join(' '))).toEqual([
      `event=boot ${expected.replace('last_uptime_s', `previous_boot=${BOOT_A} last_uptime_s`)}`,
    ]);
    expect(result.crashes).toEqual(crashes);
  });

  it('says nothing within a boot, or on the very first run', async () => {
    const dir = root();
    put(dir, 'proc/stat', stat);
    expect((await boot.collect(ctx(dir, { sameBoot: true }))).events).toEqual([]);
    expect((await boot.collect(ctx(dir, { prev: undefined }))).events).toEqual([]);
  });
});

describe('coredump: systemd-coredump files since the last run', () => {
  const core = (comm: string, pid: number, usec: string): string =>
    `core.${comm}.1000.0123456789abcdef0123456789abcdef.${pid}.${usec}.zst`;
  it('takes a cursor on its first run, then reports each new core file once, with the escaped comm decoded', async () => {
    const dir = root();
    put(dir, `var/lib/systemd/coredump/${core('old', 10, '1763000000000000')}`, '');
    const first = await coredump.collect(ctx(dir));
    expect(first).toEqual({ fields: [], events: [], cursor: '1763000000000000' });
    put(dir, `var/lib/systemd/coredump/${core('my\\x2eapp', 4242, '1763880100000000')}`, '');
    put(dir, `var/lib/systemd/coredump/${core('sleep', 77, '1763880200000000')}`, '');
    put(dir, 'var/lib/systemd/coredump/not-a-core', '');
    const second = await coredump.collect(ctx(dir, { cursor: first.cursor }));
    expect(second.fields).toEqual([['coredump.crashes_new', 2]]);
    expect(second.events).toEqual([
      [
        ['event', 'coredump'],
        ['comm', 'my.app'],
        ['pid', 4242],
        ['uid', 1000],
        ['boot_id', '0123456789abcdef0123456789abcdef'],
      ],
      [
        ['event', 'coredump'],
        ['comm', 'sleep'],
        ['pid', 77],
        ['uid', 1000],
        ['boot_id', '0123456789abcdef0123456789abcdef'],
      ],
    ]);
    expect(second.crashes).toEqual([
      { name: 'my.app', pid: 4242 },
      { name: 'sleep', pid: 77 },
    ]);
    expect((await coredump.collect(ctx(dir, { cursor: second.cursor }))).fields).toEqual([['coredump.crashes_new', 0]]);
  });
});

describe('pacct: acct_v3 records since the saved offset', () => {
  const rec = encodeAcct;
  it('counts exits, failures, kills and cores, names the top CPU users, and survives a rotation', async () => {
    const dir = root();
    const file = join(dir, 'var/log/account/pacct');
    put(dir, 'var/log/account/pacct', rec({ pid: 1, comm: 'before' }));
    const first = await pacct.collect(ctx(dir, { sameBoot: true }, 'pacct'));
    expect(first.events).toEqual([]);
    appendFileSync(
      file,
      Buffer.concat([
        rec({ pid: 100, comm: 'make', exitStatus: 0, utimeTicks: 250, stimeTicks: 50, elapsedS: 12 }),
        rec({ pid: 101, comm: 'cc1', exitStatus: 3, utimeTicks: 9000, elapsedS: 95 }),
      ]),
    );
    // accton moves the file aside and starts a new one: the rest of the old one is read from pacct.0
    renameSync(file, `${file}.0`);
    appendFileSync(`${file}.0`, rec({ pid: 102, comm: '\ncpu.busy_pct=0', signal: 9, flag: 0x10 }));
    // python3 dumped a core (the wait status's 0x80); abrt's dump was only tried (ACORE, 0x08, under ulimit -c 0)
    put(
      dir,
      'var/log/account/pacct',
      Buffer.concat([
        rec({ pid: 103, comm: 'python3', signal: 11, core: true, flag: 0x10 | 0x08, utimeTicks: 1 }),
        rec({ pid: 105, comm: 'ls' }),
        rec({ pid: 106, comm: 'abrt', signal: 6, flag: 0x10 | 0x08 }),
      ]),
    );
    const second = await pacct.collect(ctx(dir, { sameBoot: true, cursor: first.cursor }, 'pacct'));
    expect(second.fields).toEqual([
      ['pacct.exited_new', 6],
      ['pacct.failed_new', 1],
      ['pacct.killed_new', 3],
      ['pacct.cored_new', 1],
    ]);
    expect(second.crashes).toEqual([{ name: 'python3', pid: 103 }]);
    expect(second.events).toEqual([
      [
        ['event', 'exit_failure'],
        ['comm', 'cc1'],
        ['pid', 101],
        ['uid', 0],
        ['status', 3],
      ],
      [
        ['event', 'killed'],
        ['comm', '\ncpu.busy_pct=0'],
        ['pid', 102],
        ['uid', 0],
        ['signal', 9],
      ],
      [
        ['event', 'killed'],
        ['comm', 'python3'],
        ['pid', 103],
        ['uid', 0],
        ['signal', 11],
        ['core', 1],
      ],
      [
        ['event', 'killed'],
        ['comm', 'abrt'],
        ['pid', 106],
        ['uid', 0],
        ['signal', 6],
      ],
      // 9000 ticks = 90 s; 250 + 50 = 3 s; 1 tick = 0.01 s
      [
        ['event', 'top_cpu'],
        ['comm', 'cc1'],
        ['pid', 101],
        ['cpu_s', 90],
        ['elapsed_s', 95],
      ],
      [
        ['event', 'top_cpu'],
        ['comm', 'make'],
        ['pid', 100],
        ['cpu_s', 3],
        ['elapsed_s', 12],
      ],
      [
        ['event', 'top_cpu'],
        ['comm', 'python3'],
        ['pid', 103],
        ['cpu_s', 0.01],
        ['elapsed_s', 0],
      ],
    ]);
    // a file that shrank (truncated by hand: two records, now one) is read from its start
    writeFileSync(file, rec({ pid: 104, comm: 'true' }));
    const third = await pacct.collect(ctx(dir, { sameBoot: true, cursor: second.cursor }, 'pacct'));
    expect(third.fields[0]).toEqual(['pacct.exited_new', 1]);
  });

  it('is silent without an accounting file', async () => {
    await expect(pacct.collect(ctx(root(), {}, 'pacct'))).rejects.toThrow(/does not exist here/);
  });
});

describe('kmsg: kernel messages since the saved sequence number', () => {
  const capture = [
    '6,100,1000000,-;eth0: Link is Down',
    ' SUBSYSTEM=net',
    '3,101,2000000,-;Out of memory: Killed process 4242 (java) total-vm:1234kB',
    '3,102,3000000,-;EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm ls: reading directory lblock 0',
    '4,103,4000000,-;hwmon hwmon1: Undervoltage detected!',
    '6,104,5000000,-;usb 1-1: new high-speed USB device',
  ].join('\n');
  it('counts each pattern and writes each match, from the cursor on; a new boot reads from the start', async () => {
    const dir = root();
    put(dir, 'dev/kmsg', capture);
    const within = await kmsg.collect(ctx(dir, { sameBoot: true, cursor: '100' }, 'kmsg'));
    expect(within.fields).toEqual([
      ['kmsg.oom_new', 1],
      ['kmsg.segfault_new', 0],
      ['kmsg.hung_task_new', 0],
      ['kmsg.io_error_new', 0],
      ['kmsg.link_down_new', 0],
      ['kmsg.undervoltage_new', 1],
      ['kmsg.fs_error_new', 1],
      ['kmsg.nfs_new', 0],
    ]);
    expect(within.events.map((e) => e.slice(0, 3))).toEqual([
      [
        ['event', 'kmsg'],
        ['match', 'oom'],
        ['uptime_s', 2],
      ],
      [
        ['event', 'kmsg'],
        ['match', 'fs_error'],
        ['uptime_s', 3],
      ],
      [
        ['event', 'kmsg'],
        ['match', 'undervoltage'],
        ['uptime_s', 4],
      ],
    ]);
    expect(within.cursor).toBe('104');
    const rebooted = await kmsg.collect(ctx(dir, { sameBoot: false, cursor: undefined }, 'kmsg'));
    expect(rebooted.fields.find(([k]) => k === 'kmsg.link_down_new')).toEqual(['kmsg.link_down_new', 1]);
    expect((await kmsg.collect(ctx(dir, { prev: undefined }, 'kmsg'))).events).toEqual([]);
  });

  it('counts one OOM kill once, though the kernel logs it in three lines, and names a segfault as a crash', async () => {
    const dir = root();
    put(
      dir,
      'dev/kmsg',
      [
        '4,200,1000000,-;java invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0',
        '6,201,1000100,-;oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=java,pid=4242,uid=0',
        '3,202,1000200,-;Out of memory: Killed process 4242 (java) total-vm:1234kB, anon-rss:1000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:100kB oom_score_adj:0',
        '6,203,1000300,-;oom_reaper: reaped process 4242 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB',
        '6,204,2000000,-;myapp[777]: segfault at 0 ip 000055d0c0a0b0c0 sp 00007ffd1c2d3e40 error 4 in myapp[55d0c0a00000+1000]',
      ].join('\n'),
    );
    const result = await kmsg.collect(ctx(dir, { sameBoot: true, cursor: '199' }, 'kmsg'));
    expect(result.fields.slice(0, 2)).toEqual([
      ['kmsg.oom_new', 1],
      ['kmsg.segfault_new', 1],
    ]);
    expect(result.events.map((e) => e[1])).toEqual([
      ['match', 'oom'],
      ['match', 'segfault'],
    ]);
    expect(result.crashes).toEqual([{ name: 'myapp', pid: 777 }]);
  });

  it('takes patterns from the config, as the file gives them, and matches them whatever the case of the message', async () => {
    const dir = root();
    put(dir, 'dev/kmsg', capture);
    const file = join(dir, 'flightlog.yaml');
    writeFileSync(file, "modules:\n  kmsg: {patterns: {usb: 'usb device', hub: '^hub [0-9-]+:\\d'}}\n");
    const { loadConfig } = await import('../../lib/config/config');
    const settings = (await loadConfig(file, dir)).modules.kmsg as ModuleSettings;
    const result = await kmsg.collect({ ...ctx(dir, { sameBoot: true, cursor: '99' }, 'kmsg'), settings } as never);
    // "usb 1-1: new high-speed USB device": matched by "usb device" in lower case; "hub" by nothing
    expect(result.fields).toEqual([
      ['kmsg.usb_new', 1],
      ['kmsg.hub_new', 0],
    ]);
  });

  it('refuses an upper-case pattern, which could never match a message in lower case, and says how to write it', async () => {
    const dir = root();
    const file = join(dir, 'flightlog.yaml');
    writeFileSync(file, "modules:\n  kmsg: {patterns: {usb: 'USB device\\S'}}\n");
    const { loadConfig } = await import('../../lib/config/config');
    await expect(loadConfig(file, dir)).rejects.toThrow(
      `${file}: modules.kmsg.patterns.usb: the regular expression "USB device\\\\S" has upper-case letters, and the text it is matched against is made lower case; fix: write it in lower case: "usb device\\\\S"`,
    );
  });
});

describe('systemd: failed units and restarts, from recorded systemctl output', () => {
  const runner =
    (failed: string, show: string): CommandRunner =>
    async (_cmd, args) => ({ stdout: args[0] === 'list-units' ? failed : show, exitCode: 0 });
  it('reports units newly failed and services restarted since the last run', async () => {
    const dir = root();
    mkdirSync(join(dir, 'run/systemd/system'), { recursive: true });
    const first = await systemd.collect(
      ctx(dir, { sameBoot: true, run: runner('', 'Id=ssh.service\nNRestarts=0\n\nId=app.service\nNRestarts=2\n') }),
    );
    expect(first.fields).toEqual([['systemd.failed', 0]]);
    const second = await systemd.collect(
      ctx(dir, {
        sameBoot: true,
        cursor: first.cursor,
        run: runner(
          'app.service loaded failed failed My app\nbackup.timer loaded failed failed Backup\n',
          'Id=ssh.service\nNRestarts=0\n\nId=app.service\nNRestarts=5\n',
        ),
      }),
    );
    expect(second.fields).toEqual([
      ['systemd.failed', 2],
      ['systemd.failed_new', 2],
      ['systemd.restarts_new', 3],
    ]);
    expect(second.events).toEqual([
      [
        ['event', 'unit_failed'],
        ['unit', 'app.service'],
      ],
      [
        ['event', 'unit_failed'],
        ['unit', 'backup.timer'],
      ],
      [
        ['event', 'unit_restarted'],
        ['unit', 'app.service'],
        ['restarts_new', 3],
      ],
    ]);
  });

  it('is silent where systemd does not run', async () => {
    await expect(systemd.collect(ctx(root()))).rejects.toThrow(/run\/systemd\/system does not exist here/);
  });
});

describe('health and the bound on event lines', () => {
  it('adds uptime within a boot and across a clean reboot, and resets the crash-free time at a crash', () => {
    const prev = prevState({ health: { operationalS: 1000, crashfreeS: 400, crashes: 1, perProgram: { app: 1 } } });
    expect(updateHealth(prev, true, 5600, []).health).toEqual({
      operationalS: 1600,
      crashfreeS: 1000,
      crashes: 1,
      perProgram: { app: 1 },
    });
    // rebooted after a clean shutdown at uptime 5300: 300 s of the old boot plus 120 s of the new one
    const marked = { ...prev, shutdown: { bootId: BOOT_A, timeMs: 0, uptimeS: 5300 } };
    expect(updateHealth(marked, false, 120, []).health.operationalS).toBe(1420);
    const crashed = updateHealth(prev, true, 5600, ['app', 'kernel']);
    expect(crashed.health).toEqual({
      operationalS: 1600,
      crashfreeS: 0,
      crashes: 3,
      perProgram: { app: 2, kernel: 1 },
    });
    expect(crashed.fields).toEqual([
      ['health.operational_s', 1600],
      ['health.crashfree_s', 0],
      ['health.crashes', 3],
      ['health.crashes_new', 2],
      ['health.app.crashes', 2],
      ['health.kernel.crashes', 1],
    ]);
  });

  it('writes at most max_per_module event lines per module and counts the rest; a failing module keeps its cursor', async () => {
    const noisy: EventModule = {
      collect: async () => ({
        fields: [],
        events: Array.from({ length: 25 }, (_, i) => [
          ['event', 'x'],
          ['n', i],
        ]),
        cursor: 'new',
      }),
    };
    const broken: EventModule = {
      collect: async () => {
        throw new Error('torn\nline');
      },
    };
    const dir = root();
    const { settings: _s, cursor: _c, ...base } = ctx(dir);
    const out = await collectEvents(
      [
        { name: 'noisy', module: noisy, settings: {} },
        { name: 'broken', module: broken, settings: {} },
      ],
      base,
      { noisy: 'old', broken: 'kept' },
      10,
    );
    expect(out.events).toHaveLength(10);
    expect(out.modules).toEqual([
      { module: 'noisy', fields: [['noisy.events_omitted_new', 15]] },
      { module: 'broken', fields: [['broken.error', 'torn\nline']] },
    ]);
    expect(out.cursors).toEqual({ noisy: 'new', broken: 'kept' });
    expect(out.errors).toBe(1);
  });
});
